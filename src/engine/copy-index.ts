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
import { buildQuery, buildSearchBody, type ReadFilter } from '../read/search-body.js';
import { scanSearchResponse } from '../read/hits-scanner.js';
import { InFlightBudget } from '../pipeline/in-flight-budget.js';
import { prepareDocs, resolveTypePlan, type PrepareContext } from '../pipeline/prepare-doc.js';
import { BulkWriter } from '../write/bulk-writer.js';
import type { DeadLetterFile } from '../write/dead-letter.js';
import { newWriteStats } from '../write/write-stats.js';

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
  /** aborts on cancel */
  signal: AbortSignal;
  progress: (p: ProgressEvent) => void;
  checkpoint: (cp: Checkpoint) => void;
  log: (line: string) => void;
}

export interface IndexResult {
  report: IndexReport;
  outcome: 'success' | 'failed' | 'cancelled';
  reason?: string;
  accountingOk: boolean;
}

async function countSource(source: Cluster, index: string, filter: ReadFilter): Promise<number> {
  const res = await source.transport.request<{ count?: number }>(source.dialect.countRequest(index, buildQuery(filter)));
  return typeof res.body.count === 'number' ? res.body.count : 0;
}

/** average bytes of one hit from a small sample, so the first page already fits maxPageBytes */
async function probePageSize(source: Cluster, index: string, filter: ReadFilter, pageSize: number, maxPageBytes: number): Promise<number> {
  const body = buildSearchBody(source.dialect, filter, DEFAULTS.probeSize, ['_doc']);
  const res = await source.transport.requestRaw({ method: 'POST', path: `/${encodeURIComponent(index)}/_search`, body });
  const { hits } = scanSearchResponse(res.body);
  if (hits.length === 0) return pageSize;
  const perHit = hits.reduce((n, h) => n + h.bytes, 0) / hits.length;
  return Math.max(1, Math.min(pageSize, Math.floor((maxPageBytes * 0.9) / perHit)));
}

export async function copyIndex(job: IndexJob, ctx: IndexRunContext): Promise<IndexResult> {
  const o = ctx.options;
  const started = performance.now();
  const label = `${job.sourceIndex} → ${job.destIndex}`;
  const filter: ReadFilter = {
    query: o.query,
    timeField: o.timeField,
    since: o.since,
    until: o.until,
    sourceIncludes: o.sourceIncludes,
    sourceExcludes: o.sourceExcludes,
    version: o.keepVersion === true && o.versionField === undefined,
  };
  const resume: ReaderPosition[] = (o.resumeFrom ?? []).filter((p) => p.index === undefined || p.index === job.sourceIndex);
  const mode = resume[0]?.mode ?? chooseReadMode(ctx.source.dialect, o.readMode, job.shards);
  const counts = { read: 0, added: 0, dropped: 0, bytesRead: 0 };
  const ws = newWriteStats();
  const maxPageBytes = o.maxPageBytes ?? DEFAULTS.maxPageBytes;
  const budget = new InFlightBudget({ maxDocs: o.maxInFlightDocs ?? DEFAULTS.maxInFlightDocs, maxBytes: o.maxInFlightBytes ?? DEFAULTS.maxInFlightBytes });
  let total = 0;
  let failure: Error | undefined;
  let readers: HitReader[] = [];
  let closeShared = async () => {};
  let resumed = 0;
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  const fail = (err: Error) => {
    failure ??= err;
    stop.abort();
  };

  const deadLetter = ctx.deadLetter(job.sourceIndex);
  const conflictsAreSkips = o.opType === 'create' || o.versionType !== undefined || o.keepVersion === true || o.versionField !== undefined;
  const writer = new BulkWriter({
    transport: ctx.dest.transport,
    dialect: ctx.dest.dialect,
    controller: ctx.controller,
    stats: ws,
    deadLetter,
    bulkDocs: o.bulkDocs ?? DEFAULTS.bulkDocs,
    // by default leave room for at least four bulks inside the in-flight bound, so big documents
    // still keep several writers busy
    bulkBytes: o.bulkBytes ?? Math.max(64 * 1024, Math.min(DEFAULTS.bulkBytes, Math.floor(budget.limits.maxBytes / 4))),
    retryBudget: o.retryBudget ?? DEFAULTS.retryBudget,
    conflictsAreSkips,
    onFatal: fail,
    log: ctx.log,
  });
  const prep: PrepareContext = {
    sourceIndex: job.sourceIndex,
    destIndex: job.destIndex,
    destTypeModel: ctx.dest.dialect.typeModel,
    typePlan: resolveTypePlan(o.typeHandling, ctx.dest.dialect.typeModel),
    transform: o.transform,
    opType: o.opType ?? 'index',
    keepVersion: o.keepVersion === true,
    versionType: o.versionType,
    versionField: o.versionField,
  };

  // progress and checkpoints on a timer
  const lastCheckpoint = new Map<HitReader, string>();
  const emitCheckpoints = () => {
    for (const r of readers) {
      const position = { ...r.tracker.position(), index: job.sourceIndex };
      const key = `${position.acknowledged}:${position.done}`;
      if (lastCheckpoint.get(r) === key) continue;
      lastCheckpoint.set(r, key);
      const highWater = r.tracker.highWater;
      ctx.checkpoint({ sourceIndex: job.sourceIndex, destIndex: job.destIndex, position, ...(highWater !== undefined ? { highWater } : {}) });
    }
  };
  let lastTick = { at: performance.now(), written: 0, bytes: 0 };
  const progressEvent = (): ProgressEvent => {
    const now = performance.now();
    const dt = Math.max(1, now - lastTick.at) / 1000;
    const done = ws.written + ws.skipped;
    const ev: ProgressEvent = {
      sourceIndex: job.sourceIndex,
      destIndex: job.destIndex,
      total,
      read: counts.read,
      written: ws.written,
      skipped: ws.skipped,
      deadLettered: ws.deadLettered,
      dropped: counts.dropped,
      retries: ws.retries,
      rejectedItems: ws.rejectedItems,
      docsPerSecond: Math.round((done - lastTick.written) / dt),
      bytesPerSecond: Math.round((ws.bytesWritten - lastTick.bytes) / dt),
      inFlightDocs: budget.docs,
      inFlightBytes: budget.bytes,
      writers: ctx.controller.current(),
      elapsedMs: Math.round(now - started),
    };
    lastTick = { at: now, written: done, bytes: ws.bytesWritten };
    return ev;
  };
  const timer = setInterval(() => {
    ctx.progress(progressEvent());
    emitCheckpoints();
  }, o.progressIntervalMs ?? DEFAULTS.progressIntervalMs);
  timer.unref?.();

  const readOne = async (reader: HitReader) => {
    for await (const group of reader.groups(stop.signal)) {
      for (const hit of group) {
        // about to wait: hand the partial bulk to the writers so the wait can end
        if (!budget.fits(hit.bytes)) writer.flush();
        // a doc counts as read once it has room; hits dropped by a cancel here were never read
        await budget.acquire(hit.bytes, stop.signal);
        const seq = reader.tracker.track(hit.sort, o.timeField ? timeOf(hit.source, o.timeField) : undefined);
        counts.read++;
        counts.bytesRead += hit.bytes;
        let prepared = prepareDocs(hit, prep);
        if (prepared instanceof Promise) prepared = await prepared;
        if (prepared.length === 0) {
          counts.dropped++;
          budget.release(hit.bytes);
          reader.tracker.ack(seq);
          continue;
        }
        counts.added += prepared.length - 1;
        let remaining = prepared.length;
        const settle = () => {
          if (--remaining > 0) return;
          budget.release(hit.bytes);
          reader.tracker.ack(seq);
        };
        for (const p of prepared) writer.add({ ...p, attempts: 0, settle });
      }
    }
  };

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
      filter,
      sizing: { size, maxPageBytes },
      keepAlive,
      resume,
      requestedSlices: o.slices,
      log: ctx.log,
    }));
    ctx.log(`${label}: ${total} documents, read mode ${mode}${readers.length > 1 ? ` (${readers.length} slices)` : ''}, page size ${size}`);
    await Promise.all(
      readers.map((r) =>
        readOne(r).catch((err: unknown) => {
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
    clearInterval(timer);
    ctx.signal.removeEventListener('abort', onCancel);
  }
  ctx.progress(progressEvent());
  emitCheckpoints();

  const books = checkAccounting(
    { read: counts.read, added: counts.added, written: ws.written, skipped: ws.skipped, deadLettered: ws.deadLettered, dropped: counts.dropped },
    label,
  );
  const cancelled = ctx.signal.aborted && !failure;
  const totalNote = !cancelled && !failure ? compareWithTotal(counts.read + resumed, total, label) : undefined;
  if (totalNote) ctx.log(totalNote);
  const report: IndexReport = {
    sourceIndex: job.sourceIndex,
    destIndex: job.destIndex,
    total,
    read: counts.read,
    written: ws.written,
    skipped: ws.skipped,
    deadLettered: ws.deadLettered,
    dropped: counts.dropped,
    added: counts.added,
    retries: ws.retries,
    rejectedItems: ws.rejectedItems,
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
    reason = `${label}: cancelled after ${counts.read} of ${total} documents`;
  } else if (!books.ok) {
    outcome = 'failed';
    reason = books.reason;
  } else if (ws.deadLettered > 0 && !o.allowFailures) {
    outcome = 'failed';
    reason = `${label}: ${ws.deadLettered} document(s) refused by the destination, see ${deadLetter.path}`;
  }
  if (reason && outcome === 'failed') report.error = reason;
  // cancel/failure leave docs unsettled only if a request never came back; books then say so
  return { report, outcome, reason: reason ?? (books.ok ? undefined : books.reason), accountingOk: books.ok };
}

/** value of the (dotted) time field in a raw source; parsed only when a time field is configured */
function timeOf(source: Buffer, field: string): string | number | undefined {
  let v: unknown = JSON.parse(source.toString('utf8'));
  if (v && typeof v === 'object' && field in v) v = (v as Record<string, unknown>)[field];
  else for (const part of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

