// One search hit with its metadata decoded and its `_source` left as the raw bytes received.
// A hit is decoded in the same single pass that finds its end: member keys are compared as
// bytes, `_source` is only skipped over (a subarray of the response bytes, never a string).
import { decodeString, skipWs, stringEnd, valueEnd } from './span-scan.js';

// byte constants stay module-local so V8 folds them into the loops
const QUOTE = 0x22;
const CLOSE_OBJ = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

export interface RawHit {
  index: string;
  type?: string;
  id: string;
  routing?: string;
  parent?: string;
  /** BigInt beyond 2^53 */
  version?: number | bigint;
  sort?: unknown[];
  /** raw JSON bytes of `_source` exactly as the source cluster sent them */
  source: Buffer;
  /** size of the whole hit on the wire */
  bytes: number;
}

const EMPTY_SOURCE = Buffer.from('{}');

function asString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** a JSON scalar as a string (ids and routings may come as numbers in hand-made responses) */
function scalar(buf: Buffer, s: number, e: number): string | undefined {
  if (buf[s] === QUOTE) return decodeString(buf, s, e - 1);
  // a numeric id or routing keeps its digits (JSON.parse would round beyond 2^53)
  const text = buf.toString('latin1', s, e);
  if (/^-?\d+$/.test(text)) return text;
  const v = JSON.parse(text) as unknown;
  if (typeof v === 'object' && v !== null) throw new SyntaxError('search hit metadata (_id, _index, _routing...) is an object, not a string');
  return asString(v);
}

/** sort values: the usual single integer (`_doc`, `_shard_doc`) without JSON.parse */
function sortValues(buf: Buffer, s: number, e: number): unknown[] {
  if (e - s <= 17 && buf[s] === 0x5b && buf[e - 1] === 0x5d) {
    let k = s + 1;
    while (k < e - 1 && buf[k]! >= 0x30 && buf[k]! <= 0x39) k++;
    if (k === e - 1 && k > s + 1) return [Number(buf.toString('latin1', s + 1, e - 1))];
  }
  return JSON.parse(buf.toString('utf8', s, e)) as unknown[];
}

/**
 * The last value seen of a field that repeats on every hit (`_index`, `_type`): decoded once and
 * recognised by its bytes afterwards, so a page of one index does not decode its name per hit.
 */
class RepeatedString {
  private bytes = Buffer.alloc(0);
  private text = '';

  get(buf: Buffer, s: number, e: number): string | undefined {
    const len = e - s;
    const known = this.bytes;
    if (len === known.length && buf[s] === 0x22) {
      let k = 0;
      while (k < len && buf[s + k] === known[k]) k++;
      if (k === len) return this.text;
    }
    const text = scalar(buf, s, e);
    if (text !== undefined && buf[s] === 0x22) {
      this.bytes = Buffer.from(buf.subarray(s, e)); // a copy: the cache must not pin a network chunk
      this.text = text;
    }
    return text;
  }
}

const indexNames = new RepeatedString();
const typeNames = new RepeatedString();

/** does the key at [s, e) equal the ASCII `name`; the first two bytes were already compared */
function keyRest(buf: Buffer, s: number, name: string): boolean {
  for (let k = 2; k < name.length; k++) if (buf[s + k] !== name.charCodeAt(k)) return false;
  return true;
}

/**
 * Decode the hit object starting at `buf[start]` (its `{`). Pushes the hit to `out` and returns
 * the index just past it, or returns -1 when `buf` ends before the hit does.
 */
export function scanHit(buf: Buffer, start: number, out: RawHit[]): number {
  let index: string | undefined;
  let id: string | undefined;
  let type: string | undefined;
  let routing: string | undefined;
  let parent: string | undefined;
  let version: number | bigint | undefined;
  let sort: unknown[] | undefined;
  let source: Buffer | undefined;
  let fields: Record<string, unknown> | undefined;
  const n = buf.length;
  let i = skipWs(buf, start + 1);
  if (i >= n) return -1;
  if (buf[i] !== CLOSE_OBJ) {
    for (;;) {
      if (buf[i] !== QUOTE) throw new SyntaxError('expected a key in a search hit');
      const ks = i + 1;
      const kq = stringEnd(buf, i);
      if (kq < 0) return -1;
      i = skipWs(buf, kq + 1);
      if (i >= n) return -1;
      if (buf[i] !== COLON) throw new SyntaxError('expected ":" in a search hit');
      const vs = skipWs(buf, i + 1);
      if (vs >= n) return -1;
      const ve = valueEnd(buf, vs);
      if (ve < 0) return -1;
      // metadata keys are plain ASCII: compare bytes instead of decoding every key
      const len = kq - ks;
      const c1 = buf[ks + 1];
      if (buf[ks] === 0x5f /* _ */) {
        if (len === 7 && c1 === 0x73 /* s */ && keyRest(buf, ks, '_source')) source = buf.subarray(vs, ve);
        else if (len === 3 && c1 === 0x69 /* i */ && buf[ks + 2] === 0x64) id = scalar(buf, vs, ve);
        else if (len === 6 && c1 === 0x69 && keyRest(buf, ks, '_index')) index = indexNames.get(buf, vs, ve);
        else if (len === 5 && c1 === 0x74 && keyRest(buf, ks, '_type')) type = typeNames.get(buf, vs, ve);
        else if (len === 8 && c1 === 0x72 && keyRest(buf, ks, '_routing')) routing = scalar(buf, vs, ve);
        else if (len === 7 && c1 === 0x70 && keyRest(buf, ks, '_parent')) parent = scalar(buf, vs, ve);
        else if (len === 8 && c1 === 0x76 && keyRest(buf, ks, '_version')) {
          const text = buf.toString('latin1', vs, ve);
          const v = Number(text);
          // an external version beyond 2^53 (nanosecond stamps) stays exact
          if (Number.isFinite(v)) version = Number.isSafeInteger(v) || !/^\d+$/.test(text) ? v : BigInt(text);
        }
      } else if (len === 4 && buf[ks] === 0x73 && c1 === 0x6f && keyRest(buf, ks, 'sort')) {
        sort = sortValues(buf, vs, ve);
      } else if (len === 6 && buf[ks] === 0x66 && c1 === 0x69 && keyRest(buf, ks, 'fields')) {
        fields = JSON.parse(buf.toString('utf8', vs, ve)) as Record<string, unknown>;
      }
      i = skipWs(buf, ve);
      if (i >= n) return -1;
      const c = buf[i];
      if (c === CLOSE_OBJ) break;
      if (c !== COMMA) throw new SyntaxError('expected "," or "}" in a search hit');
      i = skipWs(buf, i + 1);
      if (i >= n) return -1;
    }
  }
  if (fields) {
    // older versions report routing/parent under fields when stored_fields are asked for
    const first = (v: unknown) => asString(Array.isArray(v) ? v[0] : v);
    if (fields._routing !== undefined && routing === undefined) routing = first(fields._routing);
    if (fields._parent !== undefined && parent === undefined) parent = first(fields._parent);
  }
  if (index === undefined || id === undefined) throw new SyntaxError('search hit without _index or _id');
  const hit: RawHit = { index, id, source: source ?? EMPTY_SOURCE, bytes: i + 1 - start };
  if (type !== undefined) hit.type = type;
  if (routing !== undefined) hit.routing = routing;
  if (parent !== undefined) hit.parent = parent;
  if (version !== undefined) hit.version = version;
  if (sort !== undefined) hit.sort = sort;
  out.push(hit);
  return i + 1;
}

/** Decode one complete hit object held in memory. */
export function parseHit(buf: Buffer): RawHit {
  const out: RawHit[] = [];
  const start = skipWs(buf, 0);
  if (buf[start] !== 0x7b) throw new SyntaxError('search hit is not a JSON object');
  if (scanHit(buf, start, out) < 0) throw new SyntaxError('search hit ended early');
  return out[0]!;
}
