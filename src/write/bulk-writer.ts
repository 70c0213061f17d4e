// Concurrent bulk writers: batches docs by count and bytes (grouped by destination shard where
// the shard layout is known), runs as many requests at once as the concurrency controller
// allows, retries rejected items and failed requests with backoff, and settles every document
// exactly once (written, skipped or dead-lettered).
//
// Under back-pressure bulks stay full: a partial bulk is sent only when nothing else is on the
// wire (or at the end), and rejected items rejoin the next bulk of their shard group instead of
// travelling alone. A rejection is never a failure: rejected documents are retried until the
// index makes no progress for `stallTimeoutMs`.
import type { Dialect, Transport } from '../cluster/types.js';
import { EsferryError } from '../cluster/errors.js';
import type { BulkOutcome, ConcurrencyController } from './concurrency/types.js';
import type { WriteDoc } from '../pipeline/write-doc.js';
import { docBytes, oneLine, sourceIn, writeDocAt } from './bulk-body.js';
import { BodyPool } from './body-pool.js';
import { classifyItem, scanBulkResponse, type BulkItemResult } from './bulk-response.js';
import { backoffDelay, sleep } from './backoff.js';
import type { DeadLetterFile } from './dead-letter.js';
import type { WriteStats } from './write-stats.js';
import type { ShardGrouping } from './shard-groups.js';

export interface BulkWriterOptions {
  transport: Transport;
  dialect: Dialect;
  controller: ConcurrencyController;
  stats: WriteStats;
  deadLetter: DeadLetterFile;
  bulkDocs: number;
  bulkBytes: number;
  /**
   * consecutive failures of one bulk request that are not rejections (connection lost, timeout,
   * 502/504) before the copy fails; rejections (429, 503, es_rejected_execution_exception) are
   * bounded by `stallTimeoutMs` instead
   */
  retryBudget: number;
  /** fail the index when no document was acknowledged for this long while retries go on */
  stallTimeoutMs: number;
  /** 409 answers are expected (create / external versioning) and count as skipped */
  conflictsAreSkips: boolean;
  /** bulks are built per group of destination shards (undefined: one group) */
  grouping?: ShardGrouping;
  /** true while the reader waits for in-flight room: the writers must not idle on partial bulks then */
  readerWaiting?: () => boolean;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** a whole request failed for good: the copy must stop */
  onFatal: (err: Error) => void;
  log?: (line: string) => void;
}

/**
 * Documents and the body they were serialised into when they were added: the body is the only
 * copy of their bytes the writer keeps (each doc records its span in it), so whatever memory
 * the reader held them in is free at once, and a bulk's memory goes back to the pool as a whole.
 */
interface Bulk {
  docs: WriteDoc[];
  /** pooled memory, filled up to `used` (undefined until the first doc) */
  body: Buffer | undefined;
  used: number;
}

interface Batch extends Bulk {
  /** sends of this request so far that failed as a whole (drives the backoff) */
  requestAttempts: number;
  /** of those, failures that were not rejections (bounded by retryBudget) */
  requestFailures: number;
  /** destination shard tasks this request makes at most, when the shard layout is known */
  shardTasks?: number;
}

const RELEASED = Buffer.alloc(0);
/** first body size; the next ones start at the size of the largest bulk sent so far */
const FIRST_BODY_BYTES = 64 * 1024;

/**
 * shard tasks one packed end-of-input bulk may make: two fit any write pool that can work at all
 * (a thread and a queue slot), more are partly rejected by the tightest ones
 */
const MAX_PACKED_TASKS = 2;

const REJECTED_REQUEST_STATUS = new Set([429, 503]);
const RETRYABLE_REQUEST_STATUS = new Set([429, 502, 503, 504]);
/** answers the transport hands back instead of throwing, so they are retried here */
const OK_STATUSES = [...RETRYABLE_REQUEST_STATUS];

export class BulkWriter {
  /** the bulk being filled, one per shard group */
  private readonly open: Bulk[];
  private readonly queue: Batch[] = [];
  private draining = false;
  private lastProgress = performance.now();
  private running = 0;
  private waitingRetries = 0;
  private idleWaiters: Array<() => void> = [];
  private failure: Error | undefined;
  private readonly unsubscribe: () => void;
  private readonly stopTimers = new AbortController();
  /** cuts the requests on the wire (hard abort) */
  private readonly wire = new AbortController();
  private cancelled = false;
  private readonly bodies: BodyPool;
  private bodyHint = FIRST_BODY_BYTES;

  constructor(private readonly o: BulkWriterOptions) {
    this.open = Array.from({ length: o.grouping?.groups ?? 1 }, () => ({ docs: [], body: undefined, used: 0 }));
    // a body of a full bulk fits 2 × bulkBytes; only a huge document's own bulk is bigger
    this.bodies = new BodyPool(64, 2 * o.bulkBytes);
    this.unsubscribe = o.controller.subscribe(() => this.pump());
  }

  add(doc: WriteDoc): void {
    if (this.cancelled || this.failure) return this.giveBack([doc]);
    this.place(this.o.grouping ? this.o.grouping.groupOf(doc.meta) : 0, doc);
  }

  /**
   * put a doc into group g's open bulk (serialised from its source, or copied from `from`, the body
   * it was in before); a bulk that is full by docs or bytes goes to the queue
   */
  private place(g: number, doc: WriteDoc, from?: Buffer): void {
    const bulk = this.open[g]!;
    let line = '';
    let src: Buffer = RELEASED;
    let size: number;
    if (from) size = doc.end! - doc.at!;
    else {
      line = this.o.dialect.bulkActionLine(doc.action, doc.meta);
      src = oneLine(doc.source);
      size = docBytes(line, src);
    }
    if (bulk.docs.length > 0 && bulk.used + size > this.o.bulkBytes) this.sendOpen(g);
    this.append(bulk, doc, size, from, line, src);
    if (bulk.docs.length >= this.o.bulkDocs || bulk.used >= this.o.bulkBytes) this.sendOpen(g);
  }

  /** write a doc of `size` bytes at the end of `bulk`'s body */
  private append(bulk: Bulk, doc: WriteDoc, size: number, from: Buffer | undefined, line: string, src: Buffer): void {
    const need = bulk.used + size;
    if (!bulk.body || need > bulk.body.length) {
      const body = this.bodies.take(Math.max(need, this.bodyHint, bulk.body ? 2 * bulk.body.length : 0));
      // a body outgrown while filling is left to the GC (it only happens while bulk sizes are learnt)
      if (bulk.body) bulk.body.copy(body, 0, 0, bulk.used);
      bulk.body = body;
    }
    if (from) {
      from.copy(bulk.body, bulk.used, doc.at!, doc.end!);
      const shift = bulk.used - doc.at!;
      doc.at! += shift;
      doc.srcAt! += shift;
      doc.end! += shift;
    } else {
      writeDocAt(bulk.body, bulk.used, line, src, doc);
      doc.source = RELEASED;
    }
    bulk.used = need;
    bulk.docs.push(doc);
  }

  /** an emptied bulk's memory serves the next one */
  private recycle(bulk: Bulk): void {
    if (bulk.body) this.bodies.give(bulk.body);
    bulk.docs = [];
    bulk.body = undefined;
    bulk.used = 0;
  }

  /**
   * The reader is about to wait for in-flight room: if nothing is on the wire, the documents it
   * waits for sit in partial bulks, so send the fullest one (otherwise full bulks keep coming back).
   */
  readerBlocked(): void {
    this.unstarve();
  }

  /**
   * send every partial bulk now (end of input). A leftover of at least half a bulk goes alone
   * (one shard task); the small ones are packed two shard tasks at a time, so the index ends with
   * few short bulks.
   * Packing every leftover into one mixed bulk would fan out into a task per shard, which a
   * tight write pool rejects in part even with nothing else on the wire.
   */
  flush(): void {
    if (this.open.length === 1) return this.sendOpen(0);
    const small: number[] = [];
    for (let g = 0; g < this.open.length; g++) {
      const b = this.open[g]!;
      if (b.docs.length === 0) continue;
      // a leftover already rejected once (from a packed bulk) goes alone: packing it again
      // would meet the same fan-out rejection
      const large = b.docs.length * 2 >= this.o.bulkDocs || b.used * 2 >= this.o.bulkBytes;
      if (large || b.docs.some((d) => d.attempts > 0)) this.sendOpen(g);
      else small.push(g);
    }
    let pack: Bulk = { docs: [], body: undefined, used: 0 };
    let tasks = 0;
    const sendPack = () => {
      if (pack.docs.length === 0) return;
      this.queue.push({ ...pack, requestAttempts: 0, requestFailures: 0, shardTasks: tasks || undefined });
      pack = { docs: [], body: undefined, used: 0 };
      tasks = 0;
    };
    for (const g of small) {
      const b = this.open[g]!;
      const groupTasks = this.o.grouping?.shardsIn(g) ?? 0;
      if (tasks + groupTasks > MAX_PACKED_TASKS) sendPack();
      tasks += groupTasks;
      for (const d of b.docs) {
        const size = d.end! - d.at!;
        if (pack.docs.length >= this.o.bulkDocs || (pack.docs.length > 0 && pack.used + size > this.o.bulkBytes)) {
          sendPack();
          tasks = groupTasks;
        }
        this.append(pack, d, size, b.body, '', RELEASED);
      }
      this.recycle(b);
    }
    sendPack();
    this.pump();
  }

  /** resolves when every document handed over was settled; rejects on a fatal request failure */
  async drain(): Promise<void> {
    this.draining = true;
    this.flush();
    while (!this.isIdle()) await new Promise<void>((r) => this.idleWaiters.push(r));
    if (this.failure) throw this.failure;
  }

  /** a document that never reached the destination (its transform failed): dead-lettered with the reason */
  async refuse(doc: WriteDoc, error: unknown): Promise<void> {
    try {
      await this.deadLetter(doc, 0, error);
    } catch (err) {
      throw new EsferryError('bad_input', `cannot write the dead-letter file ${this.o.deadLetter.path}: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * counted as dead-lettered once it is in the file; one the file could not take (disk full) is not
   * written. `body`: the bulk body holding the doc's bytes (a copy goes to the file or the callback,
   * the body's memory is reused)
   */
  private async deadLetter(doc: WriteDoc, status: number, error: unknown, body?: Buffer): Promise<void> {
    if (body) doc.source = Buffer.from(sourceIn(body, doc));
    try {
      await this.o.deadLetter.write(doc, status, error);
    } catch (err) {
      this.o.stats.notWritten++;
      throw err;
    }
    this.o.stats.deadLettered++;
    doc.settle();
  }

  /** stop waiting backoffs early (the copy failed elsewhere) */
  abort(): void {
    this.stopTimers.abort();
  }

  /**
   * Stop sending: documents not on the wire yet (the open batch, queued batches, retries waiting
   * for their backoff, anything added later) are given back unsent and counted as not written —
   * their read positions stay unacknowledged, so a resume reads them again. Requests already on
   * the wire finish and settle their documents as usual.
   */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.stopTimers.abort();
    this.giveBackUnsent();
    this.notifyIdle();
  }

  /** documents in partial bulks and queued requests go back unsent */
  private giveBackUnsent(): void {
    const unsent = [...this.open, ...this.queue];
    this.queue.length = 0;
    for (const b of unsent) {
      this.giveBack(b.docs);
      this.recycle(b);
    }
  }

  private sendOpen(g: number): void {
    const bulk = this.open[g]!;
    if (bulk.docs.length === 0) return;
    // the next bodies start big enough for bulks like this one (a huge document's own bulk aside)
    if (bulk.used <= this.o.bulkBytes) this.bodyHint = Math.max(this.bodyHint, Math.ceil(bulk.used * 1.125));
    this.queue.push({ docs: bulk.docs, body: bulk.body, used: bulk.used, requestAttempts: 0, requestFailures: 0, shardTasks: this.o.grouping?.shardsIn(g) });
    bulk.docs = [];
    bulk.body = undefined;
    bulk.used = 0;
    this.pump();
  }

  /** nothing on the wire and nothing queued: a partial bulk is all that can make progress */
  private unstarve(): void {
    if (this.failure || this.cancelled || this.queue.length > 0 || this.running > 0) return;
    if (this.draining) return this.flush();
    if (!this.o.readerWaiting?.()) return;
    let fullest = -1;
    for (let g = 0; g < this.open.length; g++) {
      if (this.open[g]!.docs.length > 0 && (fullest < 0 || this.open[g]!.docs.length > this.open[fullest]!.docs.length)) fullest = g;
    }
    if (fullest >= 0) this.sendOpen(fullest);
  }

  /**
   * rejected documents rejoin the bulks being filled (first, as they hold the oldest positions);
   * their bytes are copied from `from`, the body of the request that was rejected
   */
  private rejoin(docs: WriteDoc[], from: Buffer): void {
    const byGroup = new Map<number, WriteDoc[]>();
    for (const d of docs) {
      const g = this.o.grouping ? this.o.grouping.groupOf(d.meta) : 0;
      let list = byGroup.get(g);
      if (!list) byGroup.set(g, (list = []));
      list.push(d);
    }
    for (const [g, list] of byGroup) {
      const bulk = this.open[g]!;
      const was: Bulk = { ...bulk };
      bulk.docs = [];
      bulk.body = undefined;
      bulk.used = 0;
      for (const d of list) this.place(g, d, from);
      for (const d of was.docs) this.place(g, d, was.body);
      this.recycle(was);
    }
  }

  /** cancel() and cut the requests on the wire too: their documents count as not written (the destination may or may not have applied them) */
  hardAbort(): void {
    this.cancel();
    this.wire.abort();
  }

  private giveBack(docs: WriteDoc[]): void {
    this.o.stats.notWritten += docs.length;
  }

  close(): void {
    this.unsubscribe();
  }

  get activeRequests(): number {
    return this.running;
  }

  private isIdle(): boolean {
    return (this.failure !== undefined || this.cancelled || this.queue.length === 0) && this.running === 0 && this.waitingRetries === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    while (!this.failure && !this.cancelled && this.queue.length > 0 && this.running < Math.max(1, this.o.controller.current())) {
      const batch = this.queue.shift()!;
      this.running++;
      this.o.stats.inFlightRequests = this.running;
      void this.send(batch)
        .catch((err: unknown) => this.fail(err instanceof Error ? err : new Error(String(err))))
        .finally(() => {
          this.running--;
          this.o.stats.inFlightRequests = this.running;
          this.pump();
          this.unstarve();
          this.notifyIdle();
        });
    }
  }

  private fail(err: Error): void {
    if (!this.failure) {
      this.failure = err;
      // what never reached the wire is not written: its positions stay unacknowledged for a resume
      this.giveBackUnsent();
      this.o.onFatal(err);
    }
  }

  private progressed(): void {
    this.lastProgress = performance.now();
  }

  private async send(batch: Batch): Promise<void> {
    const body = batch.body!.subarray(0, batch.used);
    // requests in flight with this one: the adaptive controller only raises a limit that was used
    const inFlight = this.running;
    const shardTasks = batch.shardTasks;
    const started = performance.now();
    let status = 0;
    let raw: Buffer | undefined;
    let failure: unknown;
    try {
      const res = await this.o.transport.requestRaw({
        method: 'POST',
        path: '/_bulk',
        body,
        contentType: 'application/x-ndjson',
        okStatuses: OK_STATUSES,
        signal: this.wire.signal,
      });
      status = res.status;
      raw = res.body;
    } catch (err) {
      failure = err;
      status = err instanceof EsferryError ? (err.status ?? 0) : 0;
    }
    const latencyMs = performance.now() - started;
    // cut by a hard abort: whether the destination applied it is unknown, a resume writes it again
    if (failure !== undefined && this.wire.signal.aborted) return this.giveBack(batch.docs);
    const retryableRequest =
      RETRYABLE_REQUEST_STATUS.has(status) ||
      (failure instanceof EsferryError && (failure.kind === 'connection' || failure.kind === 'timeout') && status === 0) ||
      (failure !== undefined && !(failure instanceof EsferryError));
    if (failure !== undefined || status >= 300 || raw === undefined) {
      this.o.controller.onBulkOutcome({ latencyMs, items: batch.docs.length, rejectedItems: 0, status, bytes: body.length, inFlight, shardTasks });
      if (retryableRequest) return this.retryRequest(batch, status, failure);
      const why = failure instanceof Error ? failure.message : `HTTP ${status}`;
      return this.fail(new EsferryError('request', `bulk request refused by the destination: ${why}`, { status, cause: failure }));
    }
    this.o.stats.requests++;
    this.o.stats.shape.record(batch.docs.length, body.length);
    let scan;
    try {
      scan = scanBulkResponse(raw);
    } catch (err) {
      return this.fail(new EsferryError('server', `unreadable bulk response: ${(err as Error).message}`, { cause: err }));
    }
    if (scan.itemCount !== batch.docs.length) {
      return this.fail(
        new EsferryError(
          'server',
          `bulk response lists ${scan.itemCount} items for ${batch.docs.length} actions sent: the destination dropped documents silently`,
        ),
      );
    }
    this.o.stats.bytesWritten += body.length;
    // a resent request may find its own first attempt applied; only first sends tell of a replaced document
    if (batch.requestAttempts === 0) this.o.stats.overwritten += scan.updated;
    if (!scan.errors) {
      this.o.controller.onBulkOutcome({ latencyMs, items: batch.docs.length, rejectedItems: 0, status, bytes: body.length, inFlight, shardTasks });
      this.o.stats.written += batch.docs.length;
      this.progressed();
      for (const doc of batch.docs) doc.settle();
      // the request is over (response read whole): its body memory serves the next bulk
      return this.recycle(batch);
    }
    await this.settleItems(batch, scan.items!, { latencyMs, status, bytes: body.length, inFlight, shardTasks });
  }

  private async settleItems(batch: Batch, items: BulkItemResult[], request: Omit<BulkOutcome, 'items' | 'rejectedItems'>): Promise<void> {
    const retry: WriteDoc[] = [];
    let rejected = 0;
    const writes: Promise<void>[] = [];
    items.forEach((item, i) => {
      const doc = batch.docs[i]!;
      const verdict = classifyItem(item, this.o.conflictsAreSkips);
      if (verdict === 'ok') {
        this.o.stats.written++;
        doc.settle();
      } else if (verdict === 'skip') {
        this.o.stats.skipped++;
        doc.settle();
      } else if (verdict === 'retry') {
        // a rejection says "later", not "never": retried until the index stalls
        rejected++;
        doc.attempts++;
        retry.push(doc);
      } else writes.push(this.deadLetter(doc, item.status, item.error ?? null, batch.body));
    });
    this.o.stats.rejectedItems += rejected;
    if (rejected < items.length) this.progressed();
    this.o.controller.onBulkOutcome({ ...request, items: batch.docs.length, rejectedItems: rejected });
    // every write settles before the failure is reported, so the counts are final
    const failed = (await Promise.allSettled(writes)).find((w) => w.status === 'rejected');
    if (failed) {
      const err = failed.reason as Error;
      return this.fail(new EsferryError('bad_input', `cannot write the dead-letter file ${this.o.deadLetter.path}: ${err.message}`, { cause: err }));
    }
    if (retry.length > 0 && this.cancelled) this.giveBack(retry);
    else if (retry.length > 0) {
      this.o.stats.retries += retry.length;
      let attempt = 0;
      for (const d of retry) if (d.attempts > attempt) attempt = d.attempts;
      // the rejected docs' bytes stay in this body until they rejoin the bulks being filled
      return void this.later(attempt, { docs: retry, body: batch.body, used: batch.used, requestAttempts: 0, requestFailures: 0 }, true);
    }
    this.recycle(batch);
  }

  private async retryRequest(batch: Batch, status: number, failure: unknown): Promise<void> {
    if (this.cancelled) return this.giveBack(batch.docs);
    const rejection = REJECTED_REQUEST_STATUS.has(status);
    if (!rejection && batch.requestFailures >= this.o.retryBudget) {
      const why = failure instanceof Error ? failure.message : `HTTP ${status}`;
      this.giveBack(batch.docs);
      return this.fail(
        new EsferryError('connection', `bulk request still failing after ${batch.requestFailures} retries: ${why}`, { status, cause: failure }),
      );
    }
    batch.requestAttempts++;
    if (!rejection) batch.requestFailures++;
    this.o.stats.retries++;
    this.o.log?.(`bulk request failed (${failure instanceof Error ? failure.message : `HTTP ${status}`}); retry ${batch.requestAttempts}`);
    void this.later(batch.requestAttempts, batch);
  }

  /**
   * re-queue after a jittered backoff without holding a writer slot; counted so drain() waits.
   * Rejected items (`rejoin`) join the bulks being filled; a whole failed request goes again as is.
   */
  private async later(attempt: number, batch: Batch, rejoin = false): Promise<void> {
    this.waitingRetries++;
    try {
      await sleep(backoffDelay(attempt, { baseMs: this.o.backoffBaseMs, capMs: this.o.backoffCapMs }), this.stopTimers.signal);
      if (this.failure || this.stopTimers.signal.aborted) {
        this.giveBack(batch.docs);
      } else if (performance.now() - this.lastProgress > this.o.stallTimeoutMs) {
        this.giveBack(batch.docs);
        this.fail(
          new EsferryError(
            'rejected',
            `stalled: the destination acknowledged no document for ${Math.round(this.o.stallTimeoutMs / 1000)} s while it kept rejecting or failing bulks (nothing was dead-lettered; --resume continues from the last checkpoint, --stall-timeout sets the limit)`,
          ),
        );
      } else if (rejoin) {
        this.rejoin(batch.docs, batch.body!);
        this.recycle(batch);
      } else {
        // retries go first: they hold the lowest unacknowledged positions
        this.queue.unshift(batch);
      }
    } finally {
      this.waitingRetries--;
    }
    this.pump();
    this.unstarve();
    this.notifyIdle();
  }
}
