// A copy that remembers: plans every index against the saved state (skip / resume / fresh / delta), runs the
// engine's `copy` for each with a checkpointer wired in, and records done/failed. The CLI's `esferry run
// --state …` is this loop; library users can call it directly.
import { connect } from '../cluster/connect.js';
import type { Cluster } from '../cluster/types.js';
import type { CopyHandle, CopyOptions, CopyReport } from '../engine/types.js';
import { createCheckpointer } from './checkpointer.js';
import { destinationName, resolveIndices } from '../engine/resolve-indices.js';
import { probeMaxTime } from './delta.js';
import { compareHighWater } from './high-water.js';
import { beginRun } from './index-state.js';
import { planResume, type IndexPlan, type IndexTarget } from './resume.js';
import { defaultOwner, type StateStore } from './store.js';

export interface RunWithStateOptions {
  /** the engine's copy function (src/engine/copy.ts) */
  copy: (options: CopyOptions) => CopyHandle;
  store: StateStore;
  /** options for every index; `sourceIndex`/`destIndex`/`resumeFrom`/`checkpoint` are set per index */
  options: CopyOptions;
  /**
   * source indices (names get their destination from options.destIndex, as the engine names them);
   * default: resolve options.sourceIndex on the source like the engine does
   */
  indices?: IndexTarget[];
  /** overrides options.since; 'last' = delta from each index's previous successful run */
  since?: string | number | 'last';
  restart?: boolean;
  /** see planResume / probeSourceMaxTimes */
  sourceMaxTime?: Record<string, string | number | null | undefined>;
  checkpointIntervalMs?: number;
  /** take the store's lock for the whole run (default true when the store has one) */
  lock?: boolean;
  /** take the lock over from a run that is known to be gone (e.g. a crashed host) */
  forceLock?: boolean;
  owner?: string;
  onPlan?: (plan: IndexPlan) => void;
  /**
   * newest time-field value of a source index, taken just before it is copied; recorded as the index's
   * high-water when the checkpoints carry none. Default with a time field: probeMaxTime on options.source.
   */
  probeHighWater?: (sourceIndex: string) => Promise<string | number | null | undefined>;
  /** each index's handle, e.g. to forward progress events */
  onHandle?: (handle: CopyHandle, plan: IndexPlan) => void;
}

export interface RunWithStateResult {
  outcome: CopyReport['outcome'];
  plans: IndexPlan[];
  reports: CopyReport[];
  reason?: string;
}

export async function runWithState(o: RunWithStateOptions): Promise<RunWithStateResult> {
  const owner = o.owner ?? defaultOwner();
  const lock = o.lock !== false && o.store.lock ? await o.store.lock(owner, { force: o.forceLock === true }) : undefined;
  const checkpointer = createCheckpointer(o.store, { ...(o.checkpointIntervalMs !== undefined ? { intervalMs: o.checkpointIntervalMs } : {}) });
  const reports: CopyReport[] = [];
  let probeCluster: Cluster | undefined;
  const sourceCluster = async () => (probeCluster ??= await connect(o.options.source));
  const timeField = o.options.timeField;
  const probe =
    o.probeHighWater ??
    (timeField
      ? async (index: string) => {
          return probeMaxTime((await sourceCluster()).transport, index, timeField, o.options.signal);
        }
      : undefined);
  let outcome: CopyReport['outcome'] = 'success';
  let reason: string | undefined;
  try {
    const state = await o.store.load();
    const since = o.since ?? o.options.since;
    const targets: Array<{ sourceIndex: string; destIndex: string }> = o.indices
      ? o.indices.map((t) =>
          typeof t === 'string' ? { sourceIndex: t, destIndex: destinationName(t, o.options.sourceIndex, o.options.destIndex) } : t,
        )
      : (await resolveIndices(await sourceCluster(), o.options)).map((j) => ({ sourceIndex: j.sourceIndex, destIndex: j.destIndex }));
    // a delta run looks at the newest source document of every index it finished before, so an index that
    // got nothing newer (yesterday's daily index) is skipped without being read
    let sourceMaxTime = o.sourceMaxTime;
    if (!sourceMaxTime && since === 'last' && probe && !o.restart) {
      sourceMaxTime = {};
      for (const t of targets) {
        const prev = state.indices[t.sourceIndex];
        if (prev?.status === 'done' && prev.lastSuccess?.highWater !== undefined) sourceMaxTime[t.sourceIndex] = await probe(t.sourceIndex);
      }
    }
    const plans = planResume(state, targets, {
      ...(since !== undefined ? { since } : {}),
      ...(o.options.timeField ? { timeField: o.options.timeField } : {}),
      ...(o.restart ? { restart: true } : {}),
      ...(sourceMaxTime ? { sourceMaxTime } : {}),
    });
    for (const plan of plans) {
      o.onPlan?.(plan);
      if (plan.action === 'skip') continue;
      if (o.options.signal?.aborted) {
        outcome = 'cancelled';
        reason = 'cancelled before all indices were copied';
        break;
      }
      const record = beginRun(plan.previous, {
        sourceIndex: plan.sourceIndex,
        destIndex: plan.destIndex,
        resume: plan.action === 'resume',
        owner,
        ...(plan.since !== undefined ? { since: plan.since } : {}),
        ...(o.options.timeField ? { timeField: o.options.timeField } : {}),
      });
      await o.store.saveIndex(record);
      checkpointer.track(record);

      const opts: CopyOptions = { ...o.options, sourceIndex: plan.sourceIndex, destIndex: plan.destIndex, checkpoint: checkpointer.checkpoint };
      delete opts.since;
      delete opts.resumeFrom;
      if (plan.since !== undefined) opts.since = plan.since;
      if (plan.resumeFrom) opts.resumeFrom = plan.resumeFrom;
      // every doc at or before this value that exists now is read by this run (snapshot reads), so it is a safe
      // base for the next delta even when the engine reports no high-water of its own
      const highWaterBefore = capAtUntil(probe ? await probe(plan.sourceIndex) : undefined, o.options.until);
      let report: CopyReport;
      try {
        const handle = o.copy(opts);
        o.onHandle?.(handle, plan);
        report = await handle.done;
      } catch (e) {
        await checkpointer.flush().catch(() => undefined);
        await o.store.markFailed(plan.sourceIndex, (e as Error).message);
        throw e;
      }
      reports.push(report);
      await checkpointer.flush();
      if (report.outcome === 'success') {
        await o.store.markDone(plan.sourceIndex, highWaterBefore !== undefined ? { highWater: highWaterBefore } : {});
      } else {
        await o.store.markFailed(plan.sourceIndex, report.reason ?? report.outcome);
        outcome = report.outcome;
        reason = `${plan.sourceIndex}: ${report.reason ?? report.outcome}`;
        if (report.outcome === 'cancelled') break;
      }
    }
    return { outcome, plans, reports, ...(reason !== undefined ? { reason } : {}) };
  } finally {
    await checkpointer.close().catch(() => undefined);
    await probeCluster?.close().catch(() => undefined);
    await lock?.release();
  }
}

/** a run bounded by `until` has read nothing at or after it: never let the next delta start past it */
function capAtUntil(v: string | number | null | undefined, until: string | number | undefined): string | number | undefined {
  if (v === null || v === undefined) return undefined;
  if (until !== undefined && compareHighWater(v, until) > 0) return until;
  return v;
}
