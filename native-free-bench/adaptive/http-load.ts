// A small closed-loop bulk writer over real HTTP, limited by a ConcurrencyController: the
// controller decides how many `_bulk` requests are in flight; items answered 429 are sent again,
// so a run ends with every document written (or counted as failed for any other item error).
// Used by the adaptive bench and the test against the test cluster; not the engine's writer.
import { performance } from 'node:perf_hooks';
import type { ConcurrencyController } from '../../src/write/concurrency/types.js';

export interface HttpLoadOptions {
  /** cluster base URL, e.g. http://127.0.0.1:9200 */
  url: string;
  index: string;
  totalDocs: number;
  bulkDocs: number;
  controller: ConcurrencyController;
  /** `_type` for destinations that need one (5.x/6.x); omit for typeless ones */
  type?: string;
  /** JSON source of document `i` (default: a small log line) */
  makeSource?: (i: number) => string;
  /** the order fresh documents are sent in (a permutation of 0..totalDocs-1; default 0, 1, 2…) */
  order?: number[];
  /** series bucket width (default 1000 ms) */
  bucketMs?: number;
  signal?: AbortSignal;
}

export interface LoadBucket {
  startMs: number;
  docsWritten: number;
  itemsSent: number;
  rejectedItems: number;
  writers: number;
}

export interface HttpLoadResult {
  elapsedMs: number;
  written: number;
  itemsSent: number;
  rejectedItems: number;
  /** items that failed for another reason than a rejection (not retried) */
  failed: number;
  bulks: number;
  /** whole requests that failed (HTTP error or connection error); their docs were sent again */
  failedRequests: number;
  series: LoadBucket[];
}

const defaultSource = (i: number) =>
  JSON.stringify({ '@timestamp': new Date(1_700_000_000_000 + i * 1000).toISOString(), level: i % 7 === 0 ? 'warn' : 'info', message: `request ${i} served`, bytes: (i * 7919) % 65536 });

const MAX_FAILED_IN_A_ROW = 50;

interface ItemResult {
  status: number;
  error?: { type?: string };
}

export async function runHttpLoad(opts: HttpLoadOptions): Promise<HttpLoadResult> {
  const bucketMs = opts.bucketMs ?? 1000;
  const makeSource = opts.makeSource ?? defaultSource;
  const { controller } = opts;
  const base = opts.url.replace(/\/+$/, '');
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const series: LoadBucket[] = [];
  const bucket = () => {
    const index = Math.floor(elapsed() / bucketMs);
    while (series.length <= index) series.push({ startMs: series.length * bucketMs, docsWritten: 0, itemsSent: 0, rejectedItems: 0, writers: controller.current() });
    const b = series[index]!;
    b.writers = controller.current();
    return b;
  };

  let nextFresh = 0;
  const retry: number[] = [];
  let inFlight = 0;
  let failedInARow = 0;
  const r = { written: 0, itemsSent: 0, rejectedItems: 0, failed: 0, bulks: 0, failedRequests: 0 };

  const takeDocs = (): number[] => {
    const ids = retry.splice(0, opts.bulkDocs);
    while (ids.length < opts.bulkDocs && nextFresh < opts.totalDocs) {
      const i = nextFresh++;
      ids.push(opts.order ? opts.order[i]! : i);
    }
    return ids;
  };

  const bodyOf = (ids: number[]) => {
    let body = '';
    for (const i of ids) {
      const meta: Record<string, string> = { _index: opts.index, _id: String(i) };
      if (opts.type) meta._type = opts.type;
      body += `${JSON.stringify({ index: meta })}\n${makeSource(i)}\n`;
    }
    return body;
  };

  const sendBulk = async (ids: number[]): Promise<void> => {
    const inFlightAtSend = inFlight;
    const body = bodyOf(ids);
    const t0 = performance.now();
    r.itemsSent += ids.length;
    r.bulks += 1;
    bucket().itemsSent += ids.length;
    let status = 0;
    let items: ItemResult[] | undefined;
    try {
      const res = await fetch(`${base}/_bulk`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' }, signal: opts.signal });
      status = res.status;
      const text = await res.text();
      if (res.ok) items = (JSON.parse(text) as { items: Record<string, ItemResult>[] }).items.map((it) => Object.values(it)[0]!);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
    }
    const latencyMs = performance.now() - t0;
    let rejected = 0;
    let writtenHere = 0;
    if (!items) {
      r.failedRequests += 1;
      // a dead destination must end the run, not spin on it
      if (++failedInARow >= MAX_FAILED_IN_A_ROW) throw new Error(`${failedInARow} bulk requests in a row failed (last status ${status})`);
      retry.push(...ids);
    } else {
      failedInARow = 0;
      // a bulk answer with fewer items than actions would lose documents silently
      if (items.length !== ids.length) throw new Error(`bulk answered ${items.length} items for ${ids.length} actions`);
      items.forEach((item, k) => {
        if (item.status >= 200 && item.status < 300) writtenHere += 1;
        else if (item.status === 429 || item.error?.type === 'es_rejected_execution_exception') {
          rejected += 1;
          retry.push(ids[k]!);
        } else r.failed += 1;
      });
    }
    r.written += writtenHere;
    r.rejectedItems += rejected;
    const b = bucket();
    b.docsWritten += writtenHere;
    b.rejectedItems += rejected;
    controller.onBulkOutcome({ latencyMs, items: ids.length, rejectedItems: rejected, status, bytes: Buffer.byteLength(body), inFlight: inFlightAtSend });
  };

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      if (err) reject(err);
      else resolve();
    };
    const pump = () => {
      if (settled) return;
      if (r.written + r.failed >= opts.totalDocs && inFlight === 0) return finish();
      while (inFlight < controller.current()) {
        const ids = takeDocs();
        if (ids.length === 0) break;
        inFlight += 1;
        sendBulk(ids).then(
          () => {
            inFlight -= 1;
            pump();
          },
          (err) => finish(err),
        );
      }
      // a whole failed request puts its docs back; with nothing in flight someone must resend them
      if (inFlight === 0 && r.written + r.failed < opts.totalDocs && retry.length === 0 && nextFresh >= opts.totalDocs) {
        finish(new Error('documents unaccounted for'));
      }
    };
    const unsubscribe = controller.subscribe(() => pump());
    pump();
  });
  bucket();
  return { elapsedMs: elapsed(), ...r, series };
}
