// Bulk-load tuning of destination indices: refresh off and no replicas while loading, then the
// original values back. The originals are saved on the index (tuning-marker.ts) before anything
// changes, so a run that dies is repaired by the next one; within a run every change is recorded
// so it can be restored on success, failure, cancellation or a signal, and a restore that fails
// comes with the exact command to fix it.
import { EsferryError } from '../cluster/errors.js';
import type { Transport } from '../cluster/types.js';
import { indexPath } from './admin.js';
import { flatIndexSettings } from './settings.js';
import type { TuningMarkerStore } from './tuning-marker.js';

/** values as GET _settings shows them; null = not set (the default applies) */
export interface TunedValues {
  refresh_interval: string | null;
  number_of_replicas: string | null;
  auto_expand_replicas?: string | null;
}

export interface TuningRecord {
  index: string;
  original: TunedValues;
  applied: TunedValues;
  appliedAt?: string;
  restoredAt?: string;
  restoreError?: string;
  /** curl command that restores the original values (credentials left out) */
  restoreCommand: string;
  /** the originals came from the marker an earlier, interrupted run left on the index */
  recoveredFrom?: string;
}

const LOAD_VALUES: TunedValues = { refresh_interval: '-1', number_of_replicas: '0' };
/** a restore that lost its connection is tried again after these pauses (about 8 s in all: a node restart) */
const RECONNECT_WAITS_MS = [250, 500, 1000, 2000, 4000];

export class DestinationTuner {
  private readonly records = new Map<string, TuningRecord>();
  /** per-request limit for restores (set once a signal asked the process to end soon); default: the transport's */
  restoreTimeoutMs: number | undefined;

  constructor(
    private readonly transport: Transport,
    /** redacted base URL used in printed restore commands */
    private readonly displayUrl: string,
    private readonly authHint: string | undefined,
    /** where the originals are saved before tuning; without it a crash loses them */
    private readonly markers?: TuningMarkerStore,
    /** false where the destination has no refresh or replica settings (serverless): nothing to tune or restore */
    private readonly tunable = true,
  ) {}

  get all(): TuningRecord[] {
    return [...this.records.values()];
  }

  /** Indices whose original values are not back yet. */
  get pending(): TuningRecord[] {
    return this.all.filter((r) => r.appliedAt && !r.restoredAt);
  }

  async tune(index: string): Promise<TuningRecord | undefined> {
    if (!this.tunable) return undefined;
    const existing = this.records.get(index);
    if (existing && !existing.restoredAt) return existing;
    // an earlier run that died left the index tuned: its saved originals are the truth, not the
    // -1 / 0 the index shows now
    const left = await this.markers?.read(index);
    const original = left ? { ...left.original } : await this.currentValues(index);
    const applied: TunedValues = { ...LOAD_VALUES };
    if (original.auto_expand_replicas !== undefined && original.auto_expand_replicas !== null && original.auto_expand_replicas !== 'false') {
      // auto_expand_replicas would add the replicas right back
      applied.auto_expand_replicas = 'false';
    }
    const record: TuningRecord = { index, original, applied, restoreCommand: this.curlFor(index, original), ...(left ? { recoveredFrom: left.since } : {}) };
    this.records.set(index, record);
    if (this.markers && !left) {
      const saved = await this.markers.write(index, { original, applied, since: new Date().toISOString() });
      if (!saved) throw new Error('the index has no mapping type yet to save the original settings in');
    }
    // from here on the index may be tuned: restore() must try even if this PUT fails half-way
    record.appliedAt = new Date().toISOString();
    await this.put(index, applied);
    return record;
  }

  /**
   * An index left tuned by an interrupted run, restored without tuning it again (--no-tune, or an
   * index this run does not load). Returns undefined when nothing was left.
   */
  async restoreLeftover(index: string): Promise<TuningRecord | undefined> {
    if (!this.tunable) return undefined;
    const left = await this.markers?.read(index);
    if (!left) return undefined;
    const record: TuningRecord = {
      index, original: { ...left.original }, applied: { ...left.applied }, restoreCommand: this.curlFor(index, left.original),
      appliedAt: left.since, recoveredFrom: left.since,
    };
    this.records.set(index, record);
    return this.restore(index);
  }

  private async currentValues(index: string): Promise<TunedValues> {
    const res = await this.transport.request<Record<string, { settings?: Record<string, unknown> }>>({ method: 'GET', path: indexPath(index, '/_settings') });
    const flat = flatIndexSettings(res.body?.[index]?.settings ?? Object.values(res.body ?? {})[0]?.settings ?? {});
    const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
    const values: TunedValues = { refresh_interval: str(flat.refresh_interval), number_of_replicas: str(flat.number_of_replicas) };
    const autoExpand = str(flat.auto_expand_replicas);
    if (autoExpand !== null && autoExpand !== 'false') values.auto_expand_replicas = autoExpand;
    return values;
  }

  /** Restores one index; never throws (failures are recorded for the report and the user). */
  async restore(index: string): Promise<TuningRecord | undefined> {
    const r = this.records.get(index);
    if (!r || !r.appliedAt || r.restoredAt) return r;
    // a node that went away (restarting) is waited for a little; after a signal there is no time for that
    const waits = this.restoreTimeoutMs === undefined ? RECONNECT_WAITS_MS : [];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.put(index, r.original, this.restoreTimeoutMs);
        // the saved originals go only once they are back on the index
        await this.markers?.write(index, undefined, this.restoreTimeoutMs);
        r.restoredAt = new Date().toISOString();
        r.restoreError = undefined;
        return r;
      } catch (err) {
        r.restoreError = err instanceof Error ? err.message : String(err);
        if (!(err instanceof EsferryError && err.kind === 'connection') || attempt >= waits.length) return r;
        await new Promise((done) => setTimeout(done, waits[attempt]));
      }
    }
  }

  async restoreAll(): Promise<TuningRecord[]> {
    const out: TuningRecord[] = [];
    for (const r of this.pending) out.push((await this.restore(r.index))!);
    return out;
  }

  private async put(index: string, values: TunedValues, timeoutMs?: number): Promise<void> {
    await this.transport.request({ method: 'PUT', path: indexPath(index, '/_settings'), body: settingsBody(values), ...(timeoutMs ? { timeoutMs } : {}) });
  }

  private curlFor(index: string, values: TunedValues): string {
    const base = this.displayUrl.replace(/\/+$/, '');
    const auth = this.authHint ? ` ${this.authHint}` : '';
    return `curl -X PUT${auth} -H 'Content-Type: application/json' '${base}${indexPath(index, '/_settings')}' -d '${JSON.stringify(settingsBody(values))}'`;
  }
}

function settingsBody(values: TunedValues): { index: Record<string, string | null> } {
  const index: Record<string, string | null> = {
    refresh_interval: values.refresh_interval,
    number_of_replicas: values.number_of_replicas,
  };
  if (values.auto_expand_replicas !== undefined) index.auto_expand_replicas = values.auto_expand_replicas;
  return { index };
}
