// Copies one source index: readers → in-flight bound → transform → bulk writers, with
// checkpoints, progress and the accounting check.
import type { Cluster } from '../cluster/types.js';
import type { ConcurrencyController } from '../write/concurrency/types.js';
import type { Checkpoint, CopyOptions, IndexReport, ProgressEvent, ReaderPosition } from './types.js';
import { DEFAULTS } from './defaults.js';
import { checkAccounting, compareWithTotal } from './accounting.js';
import { createReaders } from './index-readers.js';
import { chooseReadMode, defaultSlices } from '../read/read-mode.js';
import type { HitReader } from '../read/reader.js';
import type { ReadFilter } from '../read/search-body.js';
import { InFlightBudget } from '../pipeline/in-flight-budget.js';
import { resolveTypePlan, type PrepareContext } from '../pipeline/prepare-doc.js';
import { compileIdTemplate } from '../pipeline/id-template.js';
import { feedReader, type FeedCounts } from '../pipeline/feed-reader.js';
import { BulkWriter } from '../write/bulk-writer.js';
import type { DeadLetterFile } from '../write/dead-letter.js';
import { newWriteStats } from '../write/write-stats.js';
import { destinationShards, shardGrouping, type ShardGrouping } from '../write/shard-groups.js';
import { IndexObserver, indexCounts } from './index-observer.js';
import { countSource, probePageSize } from './source-probe.js';

export interface IndexJob {
  sourceIndex: string;
  destIndex: string;
  shards: number;
}

export interface IndexRunContext {
  source: Cluster;
  dest: Cluster;
  options: CopyOptions;
  controller: ConcurrencyController;
  deadLetter: (index: string) => DeadLetterFile;
  /** aborts on cancel: reading stops, unsent documents are given back */
  signal: AbortSignal;
  /** aborts on a hard abort: bulks on the wire are cut too */
  hardSignal: AbortSignal;
  progress: (p: ProgressEvent) => void;
  /** resolves once the checkpoint was saved (undefined: saved at once) */
  checkpoint: (cp: Checkpoint) => Promise<void> | undefined;
  log: (line: string) => void;
}

export interface IndexResult {
  report: IndexReport;
  outcome: 'success' | 'failed' | 'cancelled';
  reason?: string;
  accountingOk: boolean;
}

/**
 * Bulks grouped by destination shard, as many groups as the in-flight bound holds full bulks
 * for (two bulks each: one filling, one on the wire); undefined when the layout is unknown.
 */
async function groupingFor(
  dest: Cluster,
  index: string,
  mode: 'auto' | 'shard' | 'none',
  limits: { maxDocs: number; bulkDocs: number },
  log: (line: string) => void,
): Promise<ShardGrouping | undefined> {
  if (mode === 'none') return undefined;
  const layout = await destinationShards(dest, index);
  if (!layout) {
    if (mode === 'shard') log(`${index}: shard layout of the destination unknown; bulks are not grouped by shard`);
    return undefined;
  }
  return shardGrouping(index, layout.shards, layout.routingShards, { maxGroups: limits.maxDocs / (2 * limits.bulkDocs) });
}

/**
 * docs a checkpointed reader may read past its last saved checkpoint: a page and a half (a page's
 * bulk on the wire and its checkpoint being saved while the next half page is read), or more where
 * bulks are built per destination shard group and need a bulk's worth per group to fill (split
 * over the readers); an explicit `maxReadAhead` wins
 */
function readAheadLimit(explicit: number | undefined, pageSize: number, bulkDocs: number, groups: number, readers: number): number {
  // an explicit maxReadAhead was checked (a whole number >= 1) with the other options
  if (explicit !== undefined) return explicit;
  return Math.max(Math.ceil(1.5 * pageSize), Math.ceil((groups * bulkDocs) / Math.max(1, readers)));
}

export async function copyIndex(job: IndexJob, ctx: IndexRunContext): Promise<IndexResult> {
  const o = ctx.options;
  const started = performance.now();
  const label = `${job.sourceIndex} → ${job.destIndex}`;
  // versionType alone versions every doc with its source _version (versionField names another source)
  const keepVersion = o.keepVersion === true || (o.versionType !== undefined && o.versionField === undefined);
  const filter: ReadFilter = {
    query: o.query,
    timeField: o.timeField,
    since: o.since,
    until: o.until,
    sourceIncludes: o.sourceIncludes,
    sourceExcludes: o.sourceExcludes,
    version: keepVersion && o.versionField === undefined,
  };
  const resume: ReaderPosition[] = (o.resumeFrom ?? []).filter((p) => p.index === undefined || p.index === job.sourceIndex);
  const mode = resume[0]?.mode ?? chooseReadMode(ctx.source.dialect, o.readMode, job.shards);
  const counts: FeedCounts = { read: 0, added: 0, dropped: 0, bytesRead: 0 };
  const ws = newWriteStats();
  const maxPageBytes = o.maxPageBytes ?? DEFAULTS.maxPageBytes;
  const maxDocs = o.maxInFlightDocs ?? DEFAULTS.maxInFlightDocs;
  const maxBytes = o.maxInFlightBytes ?? DEFAULTS.maxInFlightBytes;
  const bulkDocs = o.bulkDocs ?? DEFAULTS.bulkDocs;
  // by default leave room for at least four bulks inside the in-flight bound, so big documents
  // still keep several writers busy
  const bulkBytes = o.bulkBytes ?? Math.max(64 * 1024, Math.min(DEFAULTS.bulkBytes, Math.floor(maxBytes / 4)));
  // a waiting reader resumes once a whole bulk fits again, so it refills bulks, not single slots
  const budget = new InFlightBudget({ maxDocs, maxBytes, resumeDocs: Math.max(0, maxDocs - bulkDocs), resumeBytes: Math.max(0, maxBytes - bulkBytes) });
  let total = 0;
  let failure: Error | undefined;
  let readers: HitReader[] = [];
  let closeShared = async () => {};
  let resumed = 0;
  const stop = new AbortController();
  // the writer is made below; cancel before that leaves nothing to give back
  let writerRef: BulkWriter | undefined;
  const onCancel = () => {
    stop.abort();
    writerRef?.cancel();
  };
  const onHardAbort = () => writerRef?.hardAbort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  ctx.hardSignal.addEventListener('abort', onHardAbort, { once: true });
  const fail = (err: Error) => {
    failure ??= err;
    stop.abort();
  };

  const deadLetter = ctx.deadLetter(job.sourceIndex);
  const conflictsAreSkips = o.opType === 'create' || o.versionType !== undefined || o.keepVersion === true || o.versionField !== undefined;
  const grouping = await groupingFor(ctx.dest, job.destIndex, o.bulkGrouping ?? 'auto', { maxDocs, bulkDocs }, ctx.log);
  const writer = new BulkWriter({
    transport: ctx.dest.transport,
    dialect: ctx.dest.dialect,
    controller: ctx.controller,
    stats: ws,
    deadLetter,
    bulkDocs,
    bulkBytes,
    retryBudget: o.retryBudget ?? DEFAULTS.retryBudget,
    stallTimeoutMs: o.stallTimeoutMs ?? DEFAULTS.stallTimeoutMs,
    grouping,
    readerWaiting: () => budget.waiting || readers.some((r) => r.tracker.waiting),
    conflictsAreSkips,
    onFatal: fail,
    log: ctx.log,
  });
  writerRef = writer;
  if (ctx.signal.aborted) writer.cancel();
  if (ctx.hardSignal.aborted) writer.hardAbort();
  // a fence that fires means another process owns this work now: not one more bulk from here
  const onFence = () => {
    const why = o.fence?.reason;
    fail(why instanceof Error ? why : new Error(String(why ?? 'writes fenced off')));
    writer.cancel();
  };
  if (o.fence?.aborted) onFence();
  else o.fence?.addEventListener('abort', onFence, { once: true });
  const prep: PrepareContext = {
    sourceIndex: job.sourceIndex,
    destIndex: job.destIndex,
    destTypeModel: ctx.dest.dialect.typeModel,
    typePlan: resolveTypePlan(o.typeHandling, ctx.dest.dialect.typeModel),
    transform: o.transform,
    opType: o.opType ?? 'index',
    keepVersion,
    versionType: o.versionType,
    versionField: o.versionField,
    ...(o.idTemplate ? { destId: compileIdTemplate(o.idTemplate) } : {}),
  };

  const observer = new IndexObserver(
    { sourceIndex: job.sourceIndex, destIndex: job.destIndex, counts, writes: ws, budget, controller: ctx.controller, total: () => total, readers: () => readers },
    ctx.progress,
    ctx.checkpoint,
  );
  observer.start(o.progressIntervalMs ?? DEFAULTS.progressIntervalMs);

  try {
    const keepAlive = o.scrollKeepAlive ?? DEFAULTS.scrollKeepAlive;
    total = await countSource(ctx.source, job.sourceIndex, filter);
    let size = o.pageSize ?? DEFAULTS.pageSize;
    if (total > 0) size = await probePageSize(ctx.source, job.sourceIndex, filter, size, maxPageBytes);
    ({ readers, closeShared, resumed } = createReaders({
      source: ctx.source,
      index: job.sourceIndex,
      mode,
      slices: defaultSlices(job.shards, o.slices),
      shards: job.shards,
      filter,
      sizing: { size, maxPageBytes },
      keepAlive,
      resume,
      requestedSlices: o.slices,
      ...(o.slice ? { only: o.slice } : {}),
      log: ctx.log,
    }));
    // a scroll restarts from scratch anyway: only resumable positions are worth a checkpoint per page,
    // and a reader kept near its last saved position bounds what a crash re-copies
    let maxAhead: number | undefined;
    if ((mode === 'pit' || mode === 'search-after') && o.checkpoint) {
      observer.followAcknowledgements(readers, Math.max(1, Math.floor(size / 2)));
      maxAhead = readAheadLimit(o.maxReadAhead, size, bulkDocs, grouping?.groups ?? 1, readers.length);
    }
    // one slice of the index: its own share is what the books are checked against
    if (o.slice) total = Math.ceil(total / o.slice.max);
    ctx.log(`${label}: ${total} documents, read mode ${mode}${readers.length > 1 ? ` (${readers.length} slices)` : ''}, page size ${size}`);
    await Promise.all(
      readers.map((r) =>
        feedReader(r, { budget, writer, prep, counts, timeField: o.timeField, ...(maxAhead ? { maxAhead } : {}), signal: stop.signal }).catch((err: unknown) => {
          // an abort caused by cancel or by another failure is not a failure of its own
          if (stop.signal.aborted && (ctx.signal.aborted || failure)) return;
          fail(err instanceof Error ? err : new Error(String(err)));
        }),
      ),
    );
  } catch (err) {
    fail(err instanceof Error ? err : new Error(String(err)));
  } finally {
    // free source contexts as soon as reading ends, before waiting for the writers
    await Promise.all(readers.map((r) => r.close()));
    await closeShared();
  }
  try {
    if (failure) writer.abort();
    await writer.drain();
  } catch (err) {
    fail(err instanceof Error ? err : new Error(String(err)));
  } finally {
    writer.close();
    ctx.signal.removeEventListener('abort', onCancel);
    ctx.hardSignal.removeEventListener('abort', onHardAbort);
    o.fence?.removeEventListener('abort', onFence);
  }
  await observer.finish();

  const books = checkAccounting(
    { read: counts.read, added: counts.added, written: ws.written, skipped: ws.skipped, deadLettered: ws.deadLettered, dropped: counts.dropped, notWritten: ws.notWritten },
    label,
  );
  const cancelled = ctx.signal.aborted && !failure;
  if (o.slice) total = readers.reduce((n, r) => n + (r.total ?? 0), 0);
  const totalNote = !cancelled && !failure && !o.slice ? compareWithTotal(counts.read + resumed, total, label) : undefined;
  if (totalNote) ctx.log(totalNote);
  const report: IndexReport = {
    ...indexCounts({ sourceIndex: job.sourceIndex, destIndex: job.destIndex, counts, writes: ws }, total),
    added: counts.added,
    durationMs: Math.round(performance.now() - started),
    readMode: mode,
    maxInFlightDocsSeen: budget.maxDocsSeen,
    maxInFlightBytesSeen: budget.maxBytesSeen,
    bytesRead: counts.bytesRead,
    bytesWritten: ws.bytesWritten,
    ...(totalNote ? { totalNote } : {}),
  };
  let outcome: IndexResult['outcome'] = 'success';
  let reason: string | undefined;
  if (failure) {
    outcome = 'failed';
    reason = `${label}: ${failure.message}`;
  } else if (cancelled) {
    outcome = 'cancelled';
    reason = `${label}: cancelled after ${counts.read} of ${total} documents${ws.notWritten ? ` (${ws.notWritten} read but not written; a resume copies them)` : ''}`;
  } else if (!books.ok) {
    outcome = 'failed';
    reason = books.reason;
  } else if (counts.read > 0 && counts.dropped === counts.read && !o.allowDropAll) {
    // a transform that drops everything is far more often a bug than a wish
    outcome = 'failed';
    reason = `${label}: the transform dropped all ${counts.read} documents (--allow-drop-all if that is intended)`;
  } else if (ws.deadLettered > 0 && !o.allowFailures) {
    outcome = 'failed';
    reason = `${label}: ${ws.deadLettered} document(s) refused by the destination, see ${deadLetter.path ?? "the 'deadLetter' events (no deadLetterFile given)"}`;
  }
  if (reason && outcome === 'failed') report.error = reason;
  // cancel/failure leave docs unsettled only if a request never came back; books then say so
  return { report, outcome, reason: reason ?? (books.ok ? undefined : books.reason), accountingOk: books.ok };
}
