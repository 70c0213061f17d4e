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

/** counts the elements of the JSON array starting at `i` without building them */
function countArray(buf: Buffer, i: number): number {
  i = skipWs(buf, i + 1);
  if (buf[i] === 0x5d) return 0;
  let count = 0;
  for (;;) {
    i = skipWs(buf, end(buf, skipWs(buf, i)));
    count++;
    if (buf[i] === 0x2c) i++;
    else if (buf[i] === 0x5d) return count;
    else throw new SyntaxError('malformed items array in bulk response');
  }
}

const UPDATED = Buffer.from('"status":200');

/** successful items that replaced a document: responses are compact JSON, and a quote inside a string value is escaped */
function countUpdated(buf: Buffer, from: number): number {
  let n = 0;
  for (let i = buf.indexOf(UPDATED, from); i >= 0; i = buf.indexOf(UPDATED, i + UPDATED.length)) n++;
  return n;
}

/** one pass over the top level: `errors`, and where `items` starts (its value is skipped once) */
export function scanBulkResponse(buf: Buffer): BulkResponseScan {
  let errors: boolean | undefined;
  let itemsStart = -1;
  let i = skipWs(buf, 0);
  if (buf[i] !== 0x7b) throw new SyntaxError('bulk response is not a JSON object');
  i = skipWs(buf, i + 1);
  while (buf[i] !== 0x7d) {
    if (buf[i] !== 0x22) throw new SyntaxError('expected a key in the bulk response');
    const close = stringEnd(buf, i);
    if (close < 0) throw new SyntaxError('bulk response ended early');
    const vs = skipWs(buf, skipWs(buf, close + 1) + 1);
    let ve: number;
    if (keyIs(buf, i + 1, close, 'items')) {
      itemsStart = vs;
      // errors comes first in every version; without failures the count is all we need
      ve = errors === false ? -1 : end(buf, vs);
      if (ve < 0) return { errors: false, itemCount: countArray(buf, vs), updated: countUpdated(buf, vs) };
    } else {
      ve = end(buf, vs);
      if (keyIs(buf, i + 1, close, 'errors')) errors = buf[vs] === 0x74; // "t"rue
    }
    i = skipWs(buf, ve);
    if (buf[i] === 0x2c) i = skipWs(buf, i + 1);
    else if (buf[i] !== 0x7d) throw new SyntaxError('expected "," or "}" in the bulk response');
  }
  if (itemsStart < 0 || errors === undefined) throw new SyntaxError('bulk response without errors/items');
  if (!errors) return { errors: false, itemCount: countArray(buf, itemsStart), updated: countUpdated(buf, itemsStart) };
  // something failed: the response is small next to the request, parse it fully
  const parsed = JSON.parse(buf.toString('utf8')) as { items: Array<Record<string, Record<string, unknown>>> };
  const items = parsed.items.map((wrapper): BulkItemResult => {
    const item = Object.values(wrapper)[0] ?? {};
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
  if (item.status === 503) return 'retry';
  return 'dead';
}
