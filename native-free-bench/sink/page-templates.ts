// Pre-rendered search pages: every page of a given size is one template copy with the ids (and
// sort values) patched in place, so serving a page costs a memcpy, not JSON rendering.
import { smallLogSource } from '../corpus/small-logs.js';

/** fixed width of the patched numbers: a 10-digit ordinal covers 10 billion documents */
export const ORD_WIDTH = 10;
const POOL = 4096;
const SPACE = 0x20;
const CLOSE_ARR = 0x5d;

export interface HitShape {
  index: string;
  /** mapping type in hits (6.x 'doc', 5.x and older any name), none from 7.x on */
  type?: string;
}

export interface PageTemplate {
  /** the rendered hits, comma-separated */
  bytes: Buffer;
  /** byte offset where hit i ends (before its comma) */
  hitEnds: number[];
  /** byte offsets of each hit's id digits and sort digits */
  idAt: number[];
  sortAt: number[];
}

/** Renders `size` hits of the small-log corpus once, with zeroed ordinals to patch later. */
export function renderTemplate(shape: HitShape, size: number, sources: string[]): PageTemplate {
  const zero = '0'.repeat(ORD_WIDTH);
  const head = `{"_index":${JSON.stringify(shape.index)}${shape.type ? `,"_type":${JSON.stringify(shape.type)}` : ''},"_id":"`;
  const parts: Buffer[] = [];
  const hitEnds: number[] = [];
  const idAt: number[] = [];
  const sortAt: number[] = [];
  let at = 0;
  for (let i = 0; i < size; i++) {
    const pre = Buffer.from((i ? ',' : '') + head);
    const mid = Buffer.from(`${zero}","_score":null,"_source":${sources[i % sources.length]},"sort":[`);
    const tail = Buffer.from(`${zero} }`);
    idAt.push(at + pre.length);
    sortAt.push(at + pre.length + mid.length);
    at += pre.length + mid.length + tail.length;
    hitEnds.push(at);
    parts.push(pre, mid, tail);
  }
  return { bytes: Buffer.concat(parts), hitEnds, idAt, sortAt };
}

export function corpusPool(): string[] {
  const next = smallLogSource('bench-sink-pool');
  return Array.from({ length: POOL }, next);
}

/** writes n as ORD_WIDTH zero-padded ASCII digits at `at` (an id) */
export function patchOrdinal(buf: Buffer, at: number, n: number): void {
  for (let i = ORD_WIDTH - 1; i >= 0; i--) {
    buf[at + i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
}

/** writes `n]` at `at` and blanks the rest of the ORD_WIDTH + 1 bytes: the sort array reads `[n]` like a real one */
export function patchSortValue(buf: Buffer, at: number, n: number): void {
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  for (let i = digits - 1; i >= 0; i--) {
    buf[at + i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  buf[at + digits] = CLOSE_ARR;
  buf.fill(SPACE, at + digits + 1, at + ORD_WIDTH + 1);
}

/** The hits for ordinals [first, first + count) as one buffer: template prefix copy + patches. */
export function renderHits(t: PageTemplate, first: number, count: number): Buffer {
  if (count === 0) return Buffer.alloc(0);
  const len = t.hitEnds[count - 1]!;
  const out = Buffer.allocUnsafe(len);
  t.bytes.copy(out, 0, 0, len);
  // the first hit has no leading comma, the others one: same offsets as the template
  for (let i = 0; i < count; i++) {
    patchOrdinal(out, t.idAt[i]!, first + i);
    patchSortValue(out, t.sortAt[i]!, first + i);
  }
  return out;
}
