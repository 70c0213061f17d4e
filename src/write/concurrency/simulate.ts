// Deterministic virtual-time simulation: bulk writers limited by a ConcurrencyController send
// documents to a model write pool (see sim-write-pool.ts). Rejected items are sent again, so a
// run with `totalDocs` ends with every document written. Used by the tests and the bench.
import type { ConcurrencyController, ConcurrencySnapshot } from './types.js';
import { EventQueue } from './event-queue.js';
import { SimWritePool, type PoolSettings } from './sim-write-pool.js';

export interface SimPool extends PoolSettings {
  /** primaries of the destination index: each bulk fans out into this many shard tasks */
  shards: number;
}

export interface CapacityChange extends Partial<PoolSettings> {
  atMs: number;
}

export interface SimulationOptions {
  pool: SimPool;
  /** the controller under test, built on the simulation's virtual clock */
  controller: (now: () => number) => ConcurrencyController;
  changes?: CapacityChange[];
  /** documents per bulk (default 500) */
  bulkDocs?: number;
  /** stop once this many documents are written (default: run until durationMs) */
  totalDocs?: number;
  /** hard stop in virtual ms (default 120000) */
  durationMs?: number;
  /** one-way network delay in ms (default 1) */
  networkMs?: number;
  /** client time to build one bulk before it is sent, ms (default 0.5) */
  clientMsPerBulk?: number;
  /** write-pool sampling interval fed to onThreadPool; 0 = never (default 1000) */
  pollMs?: number;
  /** width of one series bucket, ms (default 1000) */
  bucketMs?: number;
}

export interface SimBucket {
  startMs: number;
  docsWritten: number;
  itemsSent: number;
  rejectedItems: number;
  /** writers limit at the end of the bucket */
  writers: number;
  /** pool capacity (docs/s) at the start of the bucket */
  capacityDocsPerSecond: number;
}

export interface SimulationResult {
  elapsedMs: number;
  docsWritten: number;
  itemsSent: number;
  rejectedItems: number;
  bulks: number;
  /** documents the pool could have indexed over the run (integral of its capacity) */
  capacityDocs: number;
  /** docsWritten / capacityDocs */
  throughputShare: number;
  /** documents not written when the run stopped (0 when totalDocs was reached) */
  unwrittenDocs: number;
  series: SimBucket[];
  writerChanges: { atMs: number; writers: number; reason: string }[];
  finalWriters: number;
  /** the controller's snapshot when the run ended */
  finalSnapshot: ConcurrencySnapshot;
}

type SimEvent =
  | { kind: 'arrive'; bulkId: number }
  | { kind: 'taskDone'; bulkId: number; docs: number }
  | { kind: 'respond'; bulkId: number }
  | { kind: 'poll' }
  | { kind: 'change'; change: CapacityChange };

interface Bulk {
  id: number;
  docs: number;
  sentAt: number;
  inFlightAtSend: number;
  pendingTasks: number;
  rejectedDocs: number;
}

export function simulate(opts: SimulationOptions): SimulationResult {
  const bulkDocs = opts.bulkDocs ?? 500;
  const durationMs = opts.durationMs ?? 120_000;
  const networkMs = opts.networkMs ?? 1;
  const clientMs = opts.clientMsPerBulk ?? 0.5;
  const pollMs = opts.pollMs ?? 1000;
  const bucketMs = opts.bucketMs ?? 1000;
  const shards = Math.max(1, opts.pool.shards);

  let t = 0;
  const now = () => t;
  const events = new EventQueue<SimEvent>();
  const pool = new SimWritePool(opts.pool);
  const controller = opts.controller(now);
  const bulks = new Map<number, Bulk>();
  let nextBulkId = 0;
  let shardCursor = 0;
  let freshDocs = opts.totalDocs ?? Infinity;
  let retryDocs = 0;
  let inFlight = 0;
  const totals = { docsWritten: 0, itemsSent: 0, rejectedItems: 0, bulks: 0 };
  const series: SimBucket[] = [];
  const writerChanges: SimulationResult['writerChanges'] = [];
  const capacitySteps: { atMs: number; docsPerSecond: number }[] = [{ atMs: 0, docsPerSecond: pool.capacityDocsPerSecond }];

  const bucketAt = (ms: number): SimBucket => {
    const index = Math.floor(ms / bucketMs);
    while (series.length <= index) {
      const startMs = series.length * bucketMs;
      series.push({ startMs, docsWritten: 0, itemsSent: 0, rejectedItems: 0, writers: controller.current(), capacityDocsPerSecond: pool.capacityDocsPerSecond });
    }
    return series[index]!;
  };

  const startTask = (bulkId: number, docs: number) => {
    events.push(t + pool.serviceMs(docs), { kind: 'taskDone', bulkId, docs });
  };

  const dispatch = () => {
    while (inFlight < controller.current() && retryDocs + freshDocs > 0) {
      const fromRetry = Math.min(retryDocs, bulkDocs);
      const fromFresh = Math.min(freshDocs, bulkDocs - fromRetry);
      retryDocs -= fromRetry;
      freshDocs -= fromFresh;
      const docs = fromRetry + fromFresh;
      inFlight += 1;
      const bulk: Bulk = { id: nextBulkId++, docs, sentAt: t, inFlightAtSend: inFlight, pendingTasks: 0, rejectedDocs: 0 };
      bulks.set(bulk.id, bulk);
      totals.itemsSent += docs;
      totals.bulks += 1;
      bucketAt(t).itemsSent += docs;
      events.push(t + clientMs + networkMs, { kind: 'arrive', bulkId: bulk.id });
    }
  };

  const unsubscribe = controller.subscribe((writers) => {
    writerChanges.push({ atMs: t, writers, reason: controller.snapshot().reason });
    dispatch();
  });

  const arrive = (bulk: Bulk) => {
    // spread the documents over the shards like hash routing does on average; which shard
    // gets the remainder rotates so no shard is favoured
    const base = Math.floor(bulk.docs / shards);
    let extra = bulk.docs % shards;
    for (let i = 0; i < shards; i++) {
      const docs = base + (extra > 0 ? 1 : 0);
      if (extra > 0) extra -= 1;
      if (docs === 0) continue;
      const verdict = pool.submit({ bulkId: bulk.id, docs });
      if (verdict === 'rejected') bulk.rejectedDocs += docs;
      else {
        bulk.pendingTasks += 1;
        if (verdict === 'run') startTask(bulk.id, docs);
      }
    }
    shardCursor = (shardCursor + 1) % shards;
    if (bulk.pendingTasks === 0) events.push(t + networkMs, { kind: 'respond', bulkId: bulk.id });
  };

  const respond = (bulk: Bulk) => {
    bulks.delete(bulk.id);
    inFlight -= 1;
    totals.rejectedItems += bulk.rejectedDocs;
    bucketAt(t).rejectedItems += bulk.rejectedDocs;
    retryDocs += bulk.rejectedDocs;
    controller.onBulkOutcome({
      latencyMs: t - bulk.sentAt,
      items: bulk.docs,
      rejectedItems: bulk.rejectedDocs,
      status: 200,
      bytes: bulk.docs * 300,
      inFlight: bulk.inFlightAtSend,
    });
    dispatch();
  };

  for (const change of opts.changes ?? []) events.push(change.atMs, { kind: 'change', change });
  if (pollMs > 0) events.push(pollMs, { kind: 'poll' });
  dispatch();

  const target = opts.totalDocs ?? Infinity;
  for (;;) {
    const next = events.pop();
    if (!next || next.at > durationMs) {
      t = Math.min(durationMs, next?.at ?? t);
      break;
    }
    t = next.at;
    const e = next.event;
    if (e.kind === 'arrive') arrive(bulks.get(e.bulkId)!);
    else if (e.kind === 'taskDone') {
      const bulk = bulks.get(e.bulkId)!;
      totals.docsWritten += e.docs;
      bucketAt(t).docsWritten += e.docs;
      const queued = pool.finish();
      if (queued) startTask(queued.bulkId, queued.docs);
      bulk.pendingTasks -= 1;
      if (bulk.pendingTasks === 0) events.push(t + networkMs, { kind: 'respond', bulkId: bulk.id });
    } else if (e.kind === 'respond') {
      respond(bulks.get(e.bulkId)!);
      if (totals.docsWritten >= target && inFlight === 0) break;
    } else if (e.kind === 'poll') {
      const c = pool.counters();
      controller.onThreadPool?.({ pool: 'write', rejected: c.rejected, queue: c.queue, active: c.active, threads: c.threads, queueSize: c.queueSize });
      events.push(t + pollMs, { kind: 'poll' });
    } else {
      const { atMs: _at, ...settings } = e.change;
      pool.change(settings);
      for (const task of pool.startWaiting()) startTask(task.bulkId, task.docs);
      capacitySteps.push({ atMs: t, docsPerSecond: pool.capacityDocsPerSecond });
    }
    bucketAt(t).writers = controller.current();
  }
  unsubscribe();
  const finalSnapshot = controller.snapshot();
  controller.stop();

  const elapsedMs = t;
  let capacityDocs = 0;
  for (let i = 0; i < capacitySteps.length; i++) {
    const from = capacitySteps[i]!.atMs;
    const to = Math.min(elapsedMs, capacitySteps[i + 1]?.atMs ?? elapsedMs);
    if (to > from) capacityDocs += (capacitySteps[i]!.docsPerSecond * (to - from)) / 1000;
  }
  // the last bucket is usually partial: keep it, the writers value is still meaningful
  return {
    elapsedMs,
    ...totals,
    capacityDocs,
    throughputShare: capacityDocs > 0 ? totals.docsWritten / capacityDocs : 0,
    unwrittenDocs: Number.isFinite(target) ? target - totals.docsWritten : 0,
    series,
    writerChanges,
    finalWriters: controller.current(),
    finalSnapshot,
  };
}
