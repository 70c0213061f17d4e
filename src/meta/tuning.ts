// Bulk-load tuning of destination indices: refresh off and no replicas while loading, then the
// original values back. Every change is recorded so it can be restored on success, failure,
// cancellation or a signal, and a restore that fails comes with the exact command to fix it.
import type { Transport } from '../cluster/types.js';
import { indexPath } from './admin.js';
import { flatIndexSettings } from './settings.js';

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
}

const LOAD_VALUES: TunedValues = { refresh_interval: '-1', number_of_replicas: '0' };

export class DestinationTuner {
  private readonly records = new Map<string, TuningRecord>();

  constructor(
    private readonly transport: Transport,
    /** redacted base URL used in printed restore commands */
    private readonly displayUrl: string,
    private readonly authHint: string | undefined,
  ) {}

  get all(): TuningRecord[] {
    return [...this.records.values()];
  }

  /** Indices whose original values are not back yet. */
  get pending(): TuningRecord[] {
    return this.all.filter((r) => r.appliedAt && !r.restoredAt);
  }

  async tune(index: string): Promise<TuningRecord> {
    const existing = this.records.get(index);
    if (existing && !existing.restoredAt) return existing;
    const res = await this.transport.request<Record<string, { settings?: Record<string, unknown> }>>({ method: 'GET', path: indexPath(index, '/_settings') });
    const flat = flatIndexSettings(res.body?.[index]?.settings ?? Object.values(res.body ?? {})[0]?.settings ?? {});
    const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
    const original: TunedValues = { refresh_interval: str(flat.refresh_interval), number_of_replicas: str(flat.number_of_replicas) };
    const applied: TunedValues = { ...LOAD_VALUES };
    const autoExpand = str(flat.auto_expand_replicas);
    if (autoExpand !== null && autoExpand !== 'false') {
      // auto_expand_replicas would add the replicas right back
      original.auto_expand_replicas = autoExpand;
      applied.auto_expand_replicas = 'false';
    }
    const record: TuningRecord = { index, original, applied, restoreCommand: this.curlFor(index, original) };
    this.records.set(index, record);
    await this.put(index, applied);
    record.appliedAt = new Date().toISOString();
    return record;
  }

  /** Restores one index; never throws (failures are recorded for the report and the user). */
  async restore(index: string): Promise<TuningRecord | undefined> {
    const r = this.records.get(index);
    if (!r || !r.appliedAt || r.restoredAt) return r;
    try {
      await this.put(index, r.original);
      r.restoredAt = new Date().toISOString();
      r.restoreError = undefined;
    } catch (err) {
      r.restoreError = err instanceof Error ? err.message : String(err);
    }
    return r;
  }

  async restoreAll(): Promise<TuningRecord[]> {
    const out: TuningRecord[] = [];
    for (const r of this.pending) out.push((await this.restore(r.index))!);
    return out;
  }

  private async put(index: string, values: TunedValues): Promise<void> {
    await this.transport.request({ method: 'PUT', path: indexPath(index, '/_settings'), body: settingsBody(values) });
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
