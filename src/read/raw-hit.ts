// One search hit with its metadata decoded and its `_source` left as the raw bytes received.
import { skipString, skipValue, skipWhitespace } from './json-bytes.js';

export interface RawHit {
  index: string;
  type?: string;
  id: string;
  routing?: string;
  parent?: string;
  version?: number;
  sort?: unknown[];
  /** raw JSON bytes of `_source` exactly as the source cluster sent them */
  source: Buffer;
  /** size of the whole hit on the wire */
  bytes: number;
}

const EMPTY_SOURCE = Buffer.from('{}');
const BACKSLASH = 0x5c;

function asString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** a JSON scalar as a string: strings without escapes are sliced directly, the rest parsed */
function scalar(buf: Buffer, s: number, e: number): string | undefined {
  if (buf[s] === 0x22) {
    const inner = buf.subarray(s + 1, e - 1);
    return inner.indexOf(BACKSLASH) < 0 ? inner.toString('utf8') : (JSON.parse(buf.toString('utf8', s, e)) as string);
  }
  return asString(JSON.parse(buf.toString('latin1', s, e)));
}

function keyEquals(buf: Buffer, s: number, e: number, name: string): boolean {
  if (e - s !== name.length) return false;
  for (let k = 1; k < name.length; k++) if (buf[s + k] !== name.charCodeAt(k)) return false;
  return buf[s] === name.charCodeAt(0);
}

/**
 * Offsets of each member of a hit object, as flat quadruples
 * [keyStart, keyEnd, valueStart, valueEnd] (key bounds without the quotes).
 */
export type MemberOffsets = number[];

/** member offsets of a complete hit held in memory */
export function hitMembers(buf: Buffer): MemberOffsets {
  const out: MemberOffsets = [];
  let i = skipWhitespace(buf, 0);
  if (buf[i] !== 0x7b) throw new SyntaxError('search hit is not a JSON object');
  i = skipWhitespace(buf, i + 1);
  while (buf[i] !== 0x7d) {
    if (buf[i] !== 0x22) throw new SyntaxError('expected a key in a search hit');
    const keyEnd = skipString(buf, i);
    const ks = i + 1;
    i = skipWhitespace(buf, keyEnd);
    if (buf[i] !== 0x3a) throw new SyntaxError('expected ":" in a search hit');
    const vs = skipWhitespace(buf, i + 1);
    const ve = skipValue(buf, vs);
    out.push(ks, keyEnd - 1, vs, ve);
    i = skipWhitespace(buf, ve);
    if (buf[i] === 0x2c) i = skipWhitespace(buf, i + 1);
    else if (buf[i] !== 0x7d) throw new SyntaxError('expected "," or "}" in a search hit');
  }
  return out;
}

/** Decode the metadata of one complete hit object; `_source` is sliced, never parsed. */
export function parseHit(buf: Buffer, members: MemberOffsets = hitMembers(buf)): RawHit {
  let index: string | undefined;
  let id: string | undefined;
  let source: Buffer | undefined;
  const hit: Partial<RawHit> = {};
  for (let m = 0; m < members.length; m += 4) {
    const ks = members[m]!;
    const ke = members[m + 1]!;
    const vs = members[m + 2]!;
    const ve = members[m + 3]!;
    // metadata keys are plain ASCII: compare bytes instead of decoding every key
    const len = ke - ks;
    const c0 = buf[ks];
    const c1 = buf[ks + 1];
    if (c0 === 0x5f /* _ */) {
      if (len === 7 && c1 === 0x73 && keyEquals(buf, ks, ke, '_source')) source = buf.subarray(vs, ve);
      else if (len === 3 && c1 === 0x69) id = scalar(buf, vs, ve);
      else if (len === 6 && keyEquals(buf, ks, ke, '_index')) index = scalar(buf, vs, ve);
      else if (len === 5 && keyEquals(buf, ks, ke, '_type')) hit.type = scalar(buf, vs, ve);
      else if (len === 8 && keyEquals(buf, ks, ke, '_routing')) hit.routing = scalar(buf, vs, ve);
      else if (len === 7 && keyEquals(buf, ks, ke, '_parent')) hit.parent = scalar(buf, vs, ve);
      else if (len === 8 && keyEquals(buf, ks, ke, '_version')) {
        const v = Number(buf.toString('latin1', vs, ve));
        if (Number.isFinite(v)) hit.version = v;
      }
    } else if (len === 4 && keyEquals(buf, ks, ke, 'sort')) {
      hit.sort = JSON.parse(buf.toString('utf8', vs, ve)) as unknown[];
    } else if (len === 6 && keyEquals(buf, ks, ke, 'fields')) {
      // older versions report routing/parent under fields when stored_fields are asked for
      const f = JSON.parse(buf.toString('utf8', vs, ve)) as Record<string, unknown>;
      const first = (v: unknown) => asString(Array.isArray(v) ? v[0] : v);
      if (f._routing !== undefined && hit.routing === undefined) hit.routing = first(f._routing);
      if (f._parent !== undefined && hit.parent === undefined) hit.parent = first(f._parent);
    }
  }
  if (index === undefined || id === undefined) throw new SyntaxError('search hit without _index or _id');
  return { ...hit, index, id, source: source ?? EMPTY_SOURCE, bytes: buf.length };
}
