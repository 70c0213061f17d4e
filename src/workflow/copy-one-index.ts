// One index of a run: metadata first (create/recreate the destination index), then the load with
// refresh off and no replicas, then the original settings back — whatever happens to the load
// (a serverless destination has neither setting: its load runs untuned, without a final refresh).
import type { EsferryDialect } from '../cluster/types.js';
import { resumableReadMode } from '../read/read-mode.js';
import type { CopyHandle, CopyOptions, CopyReport } from '../engine/types.js';
import { makeSearchable } from '../meta/visible-count.js';
import { createIndex, deleteIndex } from '../meta/create-index.js';
import type { TypeHandling } from '../meta/mappings.js';
import { parentJoinTransform } from '../meta/parent-join.js';
import type { DestinationTuner } from '../meta/tuning.js';
import type { PlanItem } from '../plan/build-plan.js';
import type { ProgressSink } from '../report/progress.js';
import type { IndexRunResult } from '../report/run-report.js';
import { formatNumber } from '../report/table.js';
import type { ConnectedSide } from './sides.js';
import { runWithState } from '../state/run-with-state.js';
import { emptyIndexState } from '../state/index-state.js';
import { lostDocuments, type DestTally } from './lost-documents.js';
import { probeSourceMaxTimes } from '../state/delta.js';
import type { StateStore } from '../state/store.js';

export type CopyFn = (options: CopyOptions) => CopyHandle;

export interface IndexJob {
  item: PlanItem;
  source: ConnectedSide;
  dest: ConnectedSide;
  engineOptions: Omit<CopyOptions, 'source' | 'dest' | 'sourceIndex'>;
  typeHandling: TypeHandling;
  /** restores what an interrupted run left tuned; tunes for the load unless --no-tune */
  tuner: DestinationTuner;
  tune: boolean;
  progress: ProgressSink;
  signal: AbortSignal;
  copy: CopyFn;
  /** live handles, so a signal can cancel them */
  handles: Set<CopyHandle>;
  /** what the destination index received so far in this run (shared by the indices copied into it) */
  tally: DestTally;
  /** where refused documents go when `deadLetterFile` is not set (the CLI's default file; the library has none) */
  deadLetterPath?: (sourceIndex: string) => string;
  /** --state / --state-index: resume from checkpoints, skip indices already done */
  state?: { store: StateStore; since?: string | number | 'last'; restart: boolean };
}

/** a read whose checkpoints resume after the last acknowledged page, each slice (whole shards) on its own */
function resumableRead(dialect: EsferryDialect, slices: CopyOptions['slices']): Pick<CopyOptions, 'readMode' | 'slices'> {
  const readMode = resumableReadMode(dialect);
  return { readMode, slices: slices ?? 'auto' };
}

export function engineTypeHandling(th: TypeHandling, item: PlanItem): CopyOptions['typeHandling'] {
  if (typeof th === 'object') return { mergeIntoField: th.mergeIntoField, type: th.type ?? item.mappings?.destType };
  return th;
}

export async function copyOneIndex(job: IndexJob): Promise<IndexRunResult> {
  const { item } = job;
  const result: IndexRunResult = { sourceIndex: item.source, destIndex: item.dest, destination: item.action, status: 'not started' };
  if (job.signal.aborted) return { ...result, status: 'cancelled' };
  try {
    if (item.action === 'recreate') await deleteIndex(job.dest.transport, item.dest);
    if (item.action !== 'existing' && item.createBody) await createIndex(job.dest.transport, item.dest, item.createBody);
  } catch (err) {
    return { ...result, status: 'failed', error: `creating ${item.dest}: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const t = job.tune ? await job.tuner.tune(item.dest) : await job.tuner.restoreLeftover(item.dest);
    if (t?.recoveredFrom) job.progress.log(`${item.dest}: settings left tuned by an interrupted run (since ${t.recoveredFrom}) are restored ${job.tune ? 'after this load' : 'now'}: ${JSON.stringify(t.original)}`);
  } catch (err) {
    // a cluster that refuses the settings change still takes the documents, only slower
    await job.tuner.restore(item.dest);
    job.progress.warn(`WARNING ${item.dest}: load tuning not applied (${err instanceof Error ? err.message : String(err)}); copying without it`);
  }
  let report: CopyReport | undefined;
  try {
    job.progress.start(item.source, item.docs);
    const joinField = item.mappings?.joinField;
    const options: CopyOptions = {
      ...job.engineOptions,
      // with saved progress, read in a mode whose checkpoints resume after the last acknowledged page
      ...(job.state && job.engineOptions.readMode === undefined ? resumableRead(job.source.cluster.dialect, job.engineOptions.slices) : {}),
      ...(joinField ? { transform: parentJoinTransform(joinField, job.engineOptions.transform) } : {}),
      source: job.source.options,
      dest: job.dest.options,
      sourceIndex: item.source,
      destIndex: item.dest,
      // the CLI keeps refused documents in a file by default (the library does not)
      ...(job.engineOptions.deadLetterFile === undefined && job.deadLetterPath ? { deadLetterFile: job.deadLetterPath(item.source) } : {}),
      typeHandling: engineTypeHandling(job.typeHandling, item),
      signal: job.signal,
    };
    const watch = (handle: CopyHandle) => {
      job.handles.add(handle);
      handle.on('progress', (p) => job.progress.update(p));
      // engine lines already name the index
      handle.on('log', (line) => job.progress.log(line));
      void handle.done.finally(() => job.handles.delete(handle)).catch(() => undefined);
    };
    if (job.state) {
      // nightly deltas: an index whose newest document is not newer than its last run is skipped unread
      const timeField = job.engineOptions.timeField;
      const sourceMaxTime = job.state.since === 'last' && timeField ? await probeSourceMaxTimes(job.source.transport, [item.source], timeField, job.signal) : undefined;
      const run = await runWithState({
        ...(sourceMaxTime ? { sourceMaxTime } : {}),
        copy: job.copy,
        store: job.state.store,
        options,
        indices: [{ sourceIndex: item.source, destIndex: item.dest }],
        // the workflow holds the store's lock for the whole run
        lock: false,
        // a destination this run creates holds nothing: progress saved for it (done, checkpoints) is void
        restart: job.state.restart || job.tally.fresh,
        ...(job.state.since !== undefined ? { since: job.state.since } : {}),
        onPlan: (plan) => {
          if (plan.action === 'skip') job.progress.log(`${item.source}: already copied by a previous run (state) — skipped`);
          if (plan.action === 'resume') {
            job.tally.resumed = true;
            job.progress.log(`${item.source}: resuming from the saved checkpoints`);
          }
        },
        onHandle: (handle) => watch(handle),
      });
      report = run.reports[0];
      if (!report) {
        result.status = 'skipped';
        result.accountingOk = true;
      }
    } else {
      const handle = job.copy(options);
      watch(handle);
      report = await handle.done;
    }
  } catch (err) {
    result.status = job.signal.aborted ? 'cancelled' : 'failed';
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    const r = await job.tuner.restore(item.dest);
    if (r?.restoreError) job.progress.warn(`WARNING ${item.dest}: restoring settings failed: ${r.restoreError}`);
    // refresh interval back, then one refresh: the copied documents are searchable when the run ends
    // (after a signal the restored interval does it: the process has to end now)
    if (!job.signal.aborted) await makeSearchable(job.dest.transport, job.dest.cluster.dialect.features, item.dest).catch((err: unknown) =>
      job.progress.warn(`WARNING ${item.dest}: final refresh failed (${err instanceof Error ? err.message : String(err)}); documents become visible at the next refresh`),
    );
  }
  if (report) {
    const idx = report.indices.find((i) => i.sourceIndex === item.source) ?? report.indices[0];
    result.report = idx ? { ...idx } : { ...report.totals, sourceIndex: item.source, destIndex: item.dest, readMode: 'scroll' };
    result.docsPerSecond = Math.round(report.docsPerSecond);
    result.writers = report.writers;
    result.bytesWritten = report.bytesWritten;
    result.accountingOk = report.accountingOk;
    if (report.deadLetterFile) result.deadLetterFile = report.deadLetterFile;
    result.status = report.outcome === 'success' ? 'copied' : report.outcome === 'cancelled' ? 'cancelled' : 'failed';
    if (report.reason && report.outcome !== 'success') result.error = report.reason;
    job.tally.sources.push(item.source);
    job.tally.written += idx?.written ?? 0;
    job.tally.overwritten += idx?.overwritten ?? 0;
    // after a signal there was no final refresh: a count would not see every document
    if (result.status === 'copied' && !job.signal.aborted) {
      const lost = await lostDocuments(job.dest.transport, item.dest, job.tally, job.engineOptions.transform !== undefined, job.dest.cluster.dialect.features).catch(
        (err: unknown) => `could not count ${item.dest} to check that no document was lost: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (lost) {
        result.status = 'failed';
        result.error = lost;
        // the state recorded these copies as done: they are not (any index into this destination may have
        // lost documents to another), and their finished positions must not be resumed
        for (const source of job.tally.sources) {
          await job.state?.store.saveIndex({ ...emptyIndexState(source, item.dest), status: 'failed', error: lost }).catch(() => undefined);
        }
      }
    }
  }
  const r = result.report;
  if (result.status === 'skipped') {
    job.progress.finish(item.source, `skipped ${item.source}: done in a previous run`);
    return result;
  }
  job.progress.finish(
    item.source,
    r
      ? `${result.status === 'copied' ? 'done' : result.status} ${item.source} → ${item.dest}: ${formatNumber(r.written)} written, ${formatNumber(r.skipped)} skipped, ${formatNumber(r.deadLettered)} dead-lettered${r.notWritten ? `, ${formatNumber(r.notWritten)} read but not written` : ''}${result.error ? ` (${result.error})` : ''}`
      : `${result.status} ${item.source}: ${result.error ?? ''}`,
  );
  return result;
}
