// NDJSON bulk bodies: one action line from the destination dialect, the raw source bytes, "\n".
// The body always ends with "\n": 2.x/5.x silently drop the last action otherwise.
import type { Dialect } from '../cluster/types.js';
import type { WriteDoc } from '../pipeline/write-doc.js';
import type { BodyPool } from './body-pool.js';

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

export interface BulkBody {
  body: Buffer;
  docs: WriteDoc[];
}

/** `pool` supplies the body's memory (give it back once the request is done) */
export function buildBulkBody(dialect: Dialect, docs: WriteDoc[], pool?: BodyPool): BulkBody {
  // one allocation for the whole body: action lines are written straight into it
  const lines = new Array<string>(docs.length);
  const sources = new Array<Buffer>(docs.length);
  let total = 0;
  for (let k = 0; k < docs.length; k++) {
    const doc = docs[k]!;
    const line = dialect.bulkActionLine(doc.action, doc.meta);
    const src = oneLine(doc.source);
    lines[k] = line;
    sources[k] = src;
    total += Buffer.byteLength(line) + src.length + 2;
  }
  const body = pool ? pool.take(total) : Buffer.allocUnsafe(total);
  let at = 0;
  for (let k = 0; k < docs.length; k++) {
    at += body.write(lines[k]!, at, 'utf8');
    body[at++] = NEWLINE;
    at += sources[k]!.copy(body, at);
    body[at++] = NEWLINE;
  }
  return { body, docs };
}

/** bytes a doc adds to a bulk body (estimate used for batching; action lines are small) */
export function docBodyBytes(doc: WriteDoc): number {
  return doc.source.length + 2 + 64 + doc.meta.id.length + doc.meta.index.length;
}
