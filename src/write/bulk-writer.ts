// Concurrent bulk writers: batches docs by count and bytes, runs as many requests at once as the
// concurrency controller allows, retries rejected items and failed requests with backoff, and
// settles every document exactly once (written, skipped or dead-lettered).
import type { Dialect, Transport } from '../cluster/types.js';
import { EsferryError } from '../cluster/errors.js';
import type { BulkOutcome, ConcurrencyController } from './concurrency/types.js';
import type { WriteDoc } from '../pipeline/write-doc.js';
import { buildBulkBody, docBodyBytes } from './bulk-body.js';
import { BodyPool } from './body-pool.js';
import { classifyItem, scanBulkResponse, type BulkItemResult } from './bulk-response.js';
import { backoffDelay, sleep } from './backoff.js';
import type { DeadLetterFile } from './dead-letter.js';
import type { WriteStats } from './write-stats.js';

export interface BulkWriterOptions {
  transport: Transport;
  dialect: Dialect;
  controller: ConcurrencyController;
  stats: WriteStats;
  deadLetter: DeadLetterFile;
  bulkDocs: number;
  bulkBytes: number;
  retryBudget: number;
  /** 409 answers are expected (create / external versioning) and count as skipped */
  conflictsAreSkips: boolean;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** a whole request failed for good: the copy must stop */
  onFatal: (err: Error) => void;
  log?: (line: string) => void;
}

interface Batch {
  docs: WriteDoc[];
  requestAttempts: number;
}

const RETRYABLE_REQUEST_STATUS = new Set([429, 502, 503, 504]);
/** answers the transport hands back instead of throwing, so they are retried here */
const OK_STATUSES = [...RETRYABLE_REQUEST_STATUS];

export class BulkWriter {
  private current: WriteDoc[] = [];
  private currentBytes = 0;
  private readonly queue: Batch[] = [];
  private running = 0;
  private waitingRetries = 0;
  private idleWaiters: Array<() => void> = [];
  private failure: Error | undefined;
  private readonly unsubscribe: () => void;
  private readonly stopTimers = new AbortController();
  /** cuts the requests on the wire (hard abort) */
  private readonly wire = new AbortController();
  private cancelled = false;
  private readonly bodies = new BodyPool();

  constructor(private readonly o: BulkWriterOptions) {
    this.unsubscribe = o.controller.subscribe(() => this.pump());
  }

  add(doc: WriteDoc): void {
    if (this.cancelled) return this.giveBack([doc]);
    const bytes = docBodyBytes(doc);
    if (this.current.length > 0 && this.currentBytes + bytes > this.o.bulkBytes) this.flush();
    this.current.push(doc);
    this.currentBytes += bytes;
    if (this.current.length >= this.o.bulkDocs || this.currentBytes >= this.o.bulkBytes) this.flush();
  }

  /** send the partial batch now (end of input, or the reader waits for in-flight room) */
  flush(): void {
    if (this.current.length === 0) return;
    this.queue.push({ docs: this.current, requestAttempts: 0 });
    this.current = [];
    this.currentBytes = 0;
    this.pump();
  }

  /** resolves when every document handed over was settled; rejects on a fatal request failure */
  async drain(): Promise<void> {
    this.flush();
    while (!this.isIdle()) await new Promise<void>((r) => this.idleWaiters.push(r));
    if (this.failure) throw this.failure;
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
    const unsent = [...this.current, ...this.queue.flatMap((b) => b.docs)];
    this.current = [];
    this.currentBytes = 0;
    this.queue.length = 0;
    this.giveBack(unsent);
    this.notifyIdle();
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
          this.notifyIdle();
        });
    }
  }

  private fail(err: Error): void {
    if (!this.failure) {
      this.failure = err;
      this.o.onFatal(err);
    }
  }

  private async send(batch: Batch): Promise<void> {
    const { body } = buildBulkBody(this.o.dialect, batch.docs, this.bodies);
    // requests in flight with this one: the adaptive controller only raises a limit that was used
    const inFlight = this.running;
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
      // the request is over (response read whole): its body memory serves the next bulk
      this.bodies.give(body);
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
      this.o.controller.onBulkOutcome({ latencyMs, items: batch.docs.length, rejectedItems: 0, status, bytes: body.length, inFlight });
      if (retryableRequest) return this.retryRequest(batch, status, failure);
      const why = failure instanceof Error ? failure.message : `HTTP ${status}`;
      return this.fail(new EsferryError('request', `bulk request refused by the destination: ${why}`, { status, cause: failure }));
    }
    this.o.stats.requests++;
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
      this.o.controller.onBulkOutcome({ latencyMs, items: batch.docs.length, rejectedItems: 0, status, bytes: body.length, inFlight });
      this.o.stats.written += batch.docs.length;
      for (const doc of batch.docs) doc.settle();
      return;
    }
    await this.settleItems(batch, scan.items!, { latencyMs, status, bytes: body.length, inFlight });
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
      } else if (verdict === 'retry' && doc.attempts < this.o.retryBudget) {
        rejected++;
        doc.attempts++;
        retry.push(doc);
      } else {
        if (verdict === 'retry') rejected++;
        this.o.stats.deadLettered++;
        writes.push(this.o.deadLetter.write(doc, item.status, item.error ?? null).then(doc.settle));
      }
    });
    this.o.stats.rejectedItems += rejected;
    this.o.controller.onBulkOutcome({ ...request, items: batch.docs.length, rejectedItems: rejected });
    try {
      await Promise.all(writes);
    } catch (err) {
      return this.fail(new EsferryError('bad_input', `cannot write the dead-letter file ${this.o.deadLetter.path}: ${(err as Error).message}`, { cause: err }));
    }
    if (retry.length > 0 && this.cancelled) this.giveBack(retry);
    else if (retry.length > 0) {
      this.o.stats.retries += retry.length;
      const attempt = Math.max(...retry.map((d) => d.attempts));
      void this.later(attempt, { docs: retry, requestAttempts: 0 });
    }
  }

  private async retryRequest(batch: Batch, status: number, failure: unknown): Promise<void> {
    if (this.cancelled) return this.giveBack(batch.docs);
    if (batch.requestAttempts >= this.o.retryBudget) {
      const why = failure instanceof Error ? failure.message : `HTTP ${status}`;
      return this.fail(
        new EsferryError('connection', `bulk request still failing after ${batch.requestAttempts} retries: ${why}`, { status, cause: failure }),
      );
    }
    batch.requestAttempts++;
    this.o.stats.retries++;
    this.o.log?.(`bulk request failed (${failure instanceof Error ? failure.message : `HTTP ${status}`}); retry ${batch.requestAttempts}`);
    void this.later(batch.requestAttempts, batch);
  }

  /** re-queue after a jittered backoff without holding a writer slot; counted so drain() waits */
  private async later(attempt: number, batch: Batch): Promise<void> {
    this.waitingRetries++;
    try {
      await sleep(backoffDelay(attempt, { baseMs: this.o.backoffBaseMs, capMs: this.o.backoffCapMs }), this.stopTimers.signal);
      if (!this.failure && !this.stopTimers.signal.aborted) {
        // retries go first: they hold the lowest unacknowledged positions
        this.queue.unshift(batch);
      } else if (this.cancelled) this.giveBack(batch.docs);
    } finally {
      this.waitingRetries--;
    }
    this.pump();
    this.notifyIdle();
  }
}
