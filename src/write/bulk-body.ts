// NDJSON bulk bodies: one action line from the destination dialect, the raw source bytes, "\n".
// The body always ends with "\n": 2.x/5.x silently drop the last action otherwise.
import type { WriteDoc } from '../pipeline/write-doc.js';

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * A stored `_source` may have been indexed pretty-printed. Raw newlines in JSON can only be
 * whitespace (inside strings they are escaped), so turning them into spaces keeps the document
 * identical while keeping NDJSON one line per document.
 */
export function oneLine(source: Buffer): Buffer {
  if (source.indexOf(NEWLINE) < 0 && source.indexOf(CR) < 0) return source;
  const copy = Buffer.from(source);
  for (let i = 0; i < copy.length; i++) if (copy[i] === NEWLINE || copy[i] === CR) copy[i] = 0x20;
  return copy;
}

/** bytes a document with action line `line` and one-line source `src` takes in a body */
export function docBytes(line: string, src: Buffer): number {
  return Buffer.byteLength(line) + src.length + 2;
}

/**
 * Writes action line, "\n", source, "\n" at `at` of `body` (which has room for `docBytes`) and
 * records the document's span on it (for retries and dead letters); returns where it ends.
 */
export function writeDocAt(body: Buffer, at: number, line: string, src: Buffer, doc: WriteDoc): number {
  doc.at = at;
  let i = at + body.write(line, at, 'utf8');
  body[i++] = NEWLINE;
  doc.srcAt = i;
  i += src.copy(body, i);
  body[i++] = NEWLINE;
  doc.end = i;
  return i;
}

/** the source bytes of a document written by `writeDocAt` into `body` */
export function sourceIn(body: Buffer, doc: WriteDoc): Buffer {
  return body.subarray(doc.srcAt!, doc.end! - 1);
}
