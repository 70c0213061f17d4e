// One search hit with its metadata decoded and its `_source` left as the raw bytes received.
import { forEachMember } from './json-bytes.js';

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

const decoder = new TextDecoder();
const text = (buf: Buffer, s: number, e: number) => decoder.decode(buf.subarray(s, e));
const parse = (buf: Buffer, s: number, e: number): unknown => JSON.parse(text(buf, s, e));
const EMPTY_SOURCE = Buffer.from('{}');

function asString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Decode the metadata of one complete hit object; `_source` is sliced, never parsed. */
export function parseHit(buf: Buffer): RawHit {
  let index: string | undefined;
  let id: string | undefined;
  const hit: Partial<RawHit> = {};
  let source: Buffer | undefined;
  forEachMember(buf, 0, (ks, ke, vs, ve) => {
    const key = text(buf, ks, ke);
    switch (key) {
      case '_source':
        source = buf.subarray(vs, ve);
        break;
      case '_index':
        index = parse(buf, vs, ve) as string;
        break;
      case '_id':
        id = asString(parse(buf, vs, ve));
        break;
      case '_type':
        hit.type = asString(parse(buf, vs, ve));
        break;
      case '_routing':
        hit.routing = asString(parse(buf, vs, ve));
        break;
      case '_parent':
        hit.parent = asString(parse(buf, vs, ve));
        break;
      case '_version': {
        const v = parse(buf, vs, ve);
        if (typeof v === 'number') hit.version = v;
        break;
      }
      case 'sort':
        hit.sort = parse(buf, vs, ve) as unknown[];
        break;
      case 'fields': {
        // older versions report routing/parent under fields when stored_fields are asked for
        const f = parse(buf, vs, ve) as Record<string, unknown>;
        const first = (v: unknown) => asString(Array.isArray(v) ? v[0] : v);
        if (f._routing !== undefined && hit.routing === undefined) hit.routing = first(f._routing);
        if (f._parent !== undefined && hit.parent === undefined) hit.parent = first(f._parent);
        break;
      }
      default:
        break;
    }
  });
  if (index === undefined || id === undefined) throw new SyntaxError('search hit without _index or _id');
  return { ...hit, index, id, source: source ?? EMPTY_SOURCE, bytes: buf.length };
}
