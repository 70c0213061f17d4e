// Reads a _bulk response: item statuses in request order, with a fast path when nothing failed.
import { forEachMember, keyIs, skipValue, skipWhitespace } from '../read/json-bytes.js';

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
  /** only filled when errors is true (every item, in order) */
  items?: BulkItemResult[];
}

/** counts the elements of the JSON array starting at `i` without building them */
function countArray(buf: Buffer, i: number): number {
  i = skipWhitespace(buf, i + 1);
  if (buf[i] === 0x5d) return 0;
  let count = 0;
  for (;;) {
    i = skipValue(buf, skipWhitespace(buf, i));
    count++;
    i = skipWhitespace(buf, i);
    if (buf[i] === 0x2c) i++;
    else if (buf[i] === 0x5d) return count;
    else throw new SyntaxError('malformed items array in bulk response');
  }
}

export function scanBulkResponse(buf: Buffer): BulkResponseScan {
  let errors: boolean | undefined;
  let itemsStart = -1;
  forEachMember(buf, 0, (ks, ke, vs) => {
    if (keyIs(buf, ks, ke, 'errors')) errors = buf[vs] === 0x74; // "t"rue
    else if (keyIs(buf, ks, ke, 'items')) itemsStart = vs;
  });
  if (itemsStart < 0 || errors === undefined) throw new SyntaxError('bulk response without errors/items');
  if (!errors) return { errors: false, itemCount: countArray(buf, itemsStart) };
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
  return { errors: true, itemCount: items.length, items };
}

export type ItemVerdict = 'ok' | 'skip' | 'retry' | 'dead';

export function classifyItem(item: BulkItemResult, conflictsAreSkips: boolean): ItemVerdict {
  if (item.status >= 200 && item.status < 300 && item.error === undefined) return 'ok';
  if (item.status === 409 && conflictsAreSkips) return 'skip';
  if (item.status === 429 || item.errorType === 'es_rejected_execution_exception') return 'retry';
  if (item.status === 503) return 'retry';
  return 'dead';
}
