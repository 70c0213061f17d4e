// Reads a _bulk response: item statuses in request order, with a fast path when nothing failed.
import { keyIs, skipWs, stringEnd, valueEnd } from '../read/span-scan.js';

export interface BulkItemResult {
  status: number;
  /** error type, e.g. es_rejected_execution_exception */
  errorType?: string;
  /** the whole error object, for the dead-letter file */
  error?: unknown;
}

export interface BulkResponseScan {
  errors: boolean;
  itemCount: number;
  /**
   * items answered 200 instead of 201: an `index` that replaced a document already there (the
   * destination holds one document for two writes). Every version 2.x–8.x answers 201 to a create.
   */
  updated: number;
  /** only filled when errors is true (every item, in order) */
  items?: BulkItemResult[];
}

/** index just past the complete value at `i`; a bulk response is whole, so running out is malformed */
function end(buf: Buffer, i: number): number {
  const e = valueEnd(buf, i);
  if (e < 0) throw new SyntaxError('bulk response ended early');
  return e;
}

/** counts the items of the JSON array starting at `i` without building them; returns the count and where the array ends */
function countItems(buf: Buffer, i: number): { count: number; end: number } {
  if (buf[i] !== 0x5b) throw new SyntaxError('bulk response items is not an array');
  i = skipWs(buf, i + 1);
  if (buf[i] === 0x5d) return { count: 0, end: i + 1 };
  let count = 0;
  for (;;) {
    i = skipWs(buf, i);
    if (buf[i] !== 0x7b) throw new SyntaxError(i >= buf.length ? 'bulk response ended early' : 'bulk response item is not an object');
    i = skipWs(buf, end(buf, i));
    count++;
    if (buf[i] === 0x2c) i++;
    else if (buf[i] === 0x5d) return { count, end: i + 1 };
    else throw new SyntaxError(i >= buf.length ? 'bulk response ended early' : 'malformed items array in bulk response');
  }
}

const UPDATED = Buffer.from('"status":200');

/** successful items that replaced a document: responses are compact JSON, and a quote inside a string value is escaped */
function countUpdated(buf: Buffer, from: number): number {
  let n = 0;
  for (let i = buf.indexOf(UPDATED, from); i >= 0; i = buf.indexOf(UPDATED, i + UPDATED.length)) n++;
  return n;
}

/** one pass over the top level: `errors`, and the items (only counted when nothing failed) */
export function scanBulkResponse(buf: Buffer): BulkResponseScan {
  let errors: boolean | undefined;
  let itemsStart = -1;
  let itemCount = -1;
  let i = skipWs(buf, 0);
  if (buf[i] !== 0x7b) throw new SyntaxError('bulk response is not a JSON object');
  i = skipWs(buf, i + 1);
  while (buf[i] !== 0x7d) {
    if (i >= buf.length) throw new SyntaxError('bulk response ended early');
    if (buf[i] !== 0x22) throw new SyntaxError('expected a key in the bulk response');
    const close = stringEnd(buf, i);
    if (close < 0) throw new SyntaxError('bulk response ended early');
    const colon = skipWs(buf, close + 1);
    if (buf[colon] !== 0x3a) throw new SyntaxError(colon >= buf.length ? 'bulk response ended early' : 'expected ":" in the bulk response');
    const vs = skipWs(buf, colon + 1);
    let ve: number;
    if (keyIs(buf, i + 1, close, 'items')) {
      itemsStart = vs;
      // errors comes first in every version; without failures the count is all we need
      if (errors === false) ({ count: itemCount, end: ve } = countItems(buf, vs));
      else ve = end(buf, vs);
    } else {
      ve = end(buf, vs);
      if (keyIs(buf, i + 1, close, 'errors')) errors = buf[vs] === 0x74; // "t"rue
    }
    i = skipWs(buf, ve);
    if (buf[i] === 0x2c) {
      i = skipWs(buf, i + 1);
      if (buf[i] === 0x7d) throw new SyntaxError('expected a key in the bulk response');
    } else if (buf[i] !== 0x7d) throw new SyntaxError(i >= buf.length ? 'bulk response ended early' : 'expected "," or "}" in the bulk response');
  }
  if (skipWs(buf, i + 1) < buf.length) throw new SyntaxError('unexpected bytes after the end of the bulk response');
  if (itemsStart < 0 || errors === undefined) throw new SyntaxError('bulk response without errors/items');
  if (!errors) return { errors: false, itemCount: itemCount >= 0 ? itemCount : countItems(buf, itemsStart).count, updated: countUpdated(buf, itemsStart) };
  // something failed: the response is small next to the request, parse it fully
  const parsed = JSON.parse(buf.toString('utf8')) as { items: unknown };
  if (!Array.isArray(parsed.items)) throw new SyntaxError('bulk response items is not an array');
  const items = parsed.items.map((wrapper: unknown): BulkItemResult => {
    const item = (wrapper !== null && typeof wrapper === 'object' ? Object.values(wrapper)[0] : undefined) as Record<string, unknown> | undefined;
    if (item === null || typeof item !== 'object') throw new SyntaxError('bulk response item is not an {"action": {...}} object');
    const status = typeof item.status === 'number' ? item.status : 0;
    const error = item.error;
    const errorType =
      error && typeof error === 'object' ? String((error as { type?: unknown }).type ?? '') : error !== undefined ? String(error) : undefined;
    return { status, ...(error !== undefined ? { error, errorType } : {}) };
  });
  return { errors: true, itemCount: items.length, items, updated: items.filter((i) => i.status === 200 && i.error === undefined).length };
}

export type ItemVerdict = 'ok' | 'skip' | 'retry' | 'dead';

export function classifyItem(item: BulkItemResult, conflictsAreSkips: boolean): ItemVerdict {
  if (item.status >= 200 && item.status < 300 && item.error === undefined) return 'ok';
  if (item.status === 409 && conflictsAreSkips) return 'skip';
  if (item.status === 429 || item.errorType === 'es_rejected_execution_exception') return 'retry';
  // OpenSearch Serverless at its OCU ceiling: HTTP 402 items, transient while the collection scales
  // (Sage-Bionetworks/Synapse-Repository-Services#5689, "maximum OCU capacity reached")
  if (item.errorType === 'service_quota_exceeded_exception') return 'retry';
  if (item.status === 503) return 'retry';
  return 'dead';
}
