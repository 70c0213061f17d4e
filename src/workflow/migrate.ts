// The migration of a planned list of indices, shared by `esferry run`/`copy` and the library's
// copy(): templates first, then per index (several at once) create/recreate from the converted
// source metadata, tune, copy, restore; aliases after the data; tuning restored whatever happens;
// verification last. The callers only differ in how they show progress and end.
import type { CopyHandle } from '../engine/types.js';
import { copyAliases, type AliasResult } from '../meta/aliases.js';
import type { TypeHandling } from '../meta/mappings.js';
import { copyTemplates, type TemplateResult } from '../meta/templates.js';
import { DestinationTuner } from '../meta/tuning.js';
import { TuningMarkerStore } from '../meta/tuning-marker.js';
import type { Plan } from '../plan/build-plan.js';
import type { RenameRule } from '../plan/rename.js';
import type { ProgressSink } from '../report/progress.js';
import type { IndexRunResult, RunReport } from '../report/run-report.js';
import { verifyIndices, type CopyChanges, type VerifyResult } from '../report/verify.js';
import { copyOneIndex, type CopyFn, type IndexJob } from './copy-one-index.js';
import type { DestTally } from './lost-documents.js';
import type { ConnectedSide } from './sides.js';

/** bulks still on the wire this long after a cancel are cut (a container allows ~10 s in all) */
export const CANCEL_GRACE_MS = 3000;
/** after a cancel each settings restore waits at most this long (a hung destination keeps the saved originals for the next run) */
export const RESTORE_TIMEOUT_AFTER_CANCEL_MS = 3000;

export interface MigrationSettings {
  engineOptions: IndexJob['engineOptions'];
  rename: RenameRule[];
  typeHandling: TypeHandling;
  /** destination indices worked on at the same time */
  parallelIndices: number;
  copyTemplates: boolean;
  copyAliases: boolean;
  /** refresh off and no replicas during the load (restored after) */
  tune: boolean;
  /** where refused documents go when `deadLetterFile` is not set (the CLI's default file; the library has none) */
  deadLetterPath?: (sourceIndex: string) => string;
}

export interface Migration {
  plan: Plan;
  source: ConnectedSide;
  dest: ConnectedSide;
  settings: MigrationSettings;
  tuner: DestinationTuner;
  progress: ProgressSink;
  signal: AbortSignal;
  copy: CopyFn;
  /** live engine handles, so a cancel reaches them */
  handles: Set<CopyHandle>;
  state?: IndexJob['state'];
  /** an index ended (copied, skipped, failed, cancelled) */
  onIndex?: (result: IndexRunResult) => void;
}

export interface MigrationResult {
  results: IndexRunResult[];
  templates: TemplateResult[];
  aliases: AliasResult[];
  /** an error that stopped the migration itself (not one index) */
  fatal?: string;
}

/** The tuner every migration has: even without tuning it restores what an interrupted run left tuned. */
export function destinationTuner(dest: ConnectedSide, curlAuthHint?: string): DestinationTuner {
  return new DestinationTuner(dest.transport, dest.label.split(',')[0]!, curlAuthHint, new TuningMarkerStore(dest.transport, dest.cluster.dialect.typeModel), dest.cluster.dialect.features.tuning);
}

/**
 * The fast cancel (SIGINT/SIGTERM in the CLI, an aborted signal in the library): reading stops at
 * once, bulks already sent get CANCEL_GRACE_MS to finish, restores wait at most 3 s each.
 */
export function fastCancel(handles: Set<CopyHandle>, tuner: DestinationTuner, cause: string): void {
  tuner.restoreTimeoutMs = RESTORE_TIMEOUT_AFTER_CANCEL_MS;
  for (const h of handles) h.cancel(`cancelled by ${cause}`);
  const grace = setTimeout(() => {
    for (const h of handles) h.abort(`still waiting ${CANCEL_GRACE_MS / 1000} s after ${cause}`);
  }, CANCEL_GRACE_MS);
  grace.unref();
}

export async function migrateIndices(m: Migration): Promise<MigrationResult> {
  const { plan, source, dest, settings } = m;
  const out: MigrationResult = { results: [], templates: [], aliases: [] };
  try {
    if (settings.copyTemplates) {
      out.templates = await copyTemplates(source, dest, { rename: settings.rename, typeHandling: settings.typeHandling });
      for (const t of out.templates) if (!t.ok) m.progress.warn(`template ${t.name} (${t.kind}) not copied: ${t.skipped ?? t.error}`);
    }
    // indices that land in the same destination index run one after the other (the first creates it)
    const groups = new Map<string, typeof plan.items>();
    for (const item of plan.items) groups.set(item.dest, [...(groups.get(item.dest) ?? []), item]);
    const queue = [...groups.values()];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        const tally: DestTally = { fresh: group[0]!.action !== 'existing', resumed: false, sources: [], written: 0, overwritten: 0 };
        for (const item of group) {
          const result = await copyOneIndex({
            tally, item, source, dest, engineOptions: settings.engineOptions, typeHandling: settings.typeHandling,
            tuner: m.tuner, tune: settings.tune, progress: m.progress, signal: m.signal, copy: m.copy, handles: m.handles,
            ...(m.state ? { state: m.state } : {}),
          });
          out.results.push(result);
          m.onIndex?.(result);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(settings.parallelIndices, queue.length)) }, worker));
    if (settings.copyAliases && !m.signal.aborted) {
      const copied = out.results.filter((r) => r.status === 'copied' || r.status === 'skipped');
      out.aliases = await copyAliases(source.transport, dest.transport, copied.map((r) => ({ source: r.sourceIndex, dest: r.destIndex })));
      for (const a of out.aliases) if (!a.ok) m.progress.warn(`alias ${a.alias} → ${a.destIndex} not added: ${a.error}`);
    }
  } catch (err) {
    out.fatal = err instanceof Error ? err.message : String(err);
  } finally {
    await m.tuner.restoreAll();
  }
  return out;
}

/** success, failed or cancelled, and why: a failed index, a failed restore, a fatal error. */
export function migrationOutcome(r: MigrationResult, cancelled: boolean, cancelReason: string, failedRestores: number): { outcome: RunReport['outcome']; reason?: string } {
  if (cancelled) return { outcome: 'cancelled', reason: cancelReason };
  if (r.fatal) return { outcome: 'failed', reason: r.fatal };
  const failed = r.results.filter((x) => x.status === 'failed' || x.accountingOk === false);
  if (failed.length > 0) return { outcome: 'failed', reason: `${failed.length} index(es) failed` };
  if (failed.length === 0 && failedRestores > 0) return { outcome: 'failed', reason: `${failedRestores} destination setting restore(s) failed` };
  return { outcome: 'success' };
}

/** Counts (and `sample` documents) of every index this migration touched, in plan order. */
export async function verifyMigration(
  m: Pick<Migration, 'plan' | 'source' | 'dest'>,
  results: IndexRunResult[],
  opts: { sample: number; query?: Record<string, unknown>; changes?: CopyChanges },
): Promise<VerifyResult> {
  const inPlanOrder = m.plan.items.filter((i) => results.some((r) => r.sourceIndex === i.source));
  // --parent-join filled the join field: the sampled documents are expected to carry it
  const pairs = inPlanOrder.map((i) => ({ source: i.source, dest: i.dest, ...(i.mappings?.joinField ? { changes: { joinField: i.mappings.joinField } } : {}) }));
  return verifyIndices(m.source.transport, m.dest.transport, pairs, {
    sample: opts.sample,
    destFeatures: m.dest.cluster.dialect.features,
    ...(opts.query ? { query: opts.query } : {}),
    ...(opts.changes ? { changes: opts.changes } : {}),
  });
}
