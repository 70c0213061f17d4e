// The least work the bulk format forces on a copier: find, in the raw bytes of a search
// response, each hit's _id, _routing and the byte span of its _source. One pass, no JSON.parse,
// no string decoding — the spans are slices of the response buffer. Values are skipped with
// esferry's own byte primitives (src/read/span-scan.ts), so both sides scan with the same code.
import { skipWs, stringEnd, valueEnd } from '../../src/read/span-scan.js';

export interface HitSpan {
  /** bytes of the JSON string content of _id (still escaped, ready to be written back) */
  id: Buffer;
  routing?: Buffer;
  source: Buffer;
}

export interface PageSpans {
  scrollId?: string;
  hits: HitSpan[];
}

const QUOTE = 0x22;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

const SCROLL_ID = Buffer.from('"_scroll_id":"');
const HITS_ARRAY = Buffer.from('"hits":[');

export function scanPage(buf: Buffer): PageSpans {
  const out: PageSpans = { hits: [] };
  const s = buf.indexOf(SCROLL_ID);
  if (s >= 0) {
    const from = s + SCROLL_ID.length;
    out.scrollId = buf.toString('latin1', from, buf.indexOf(QUOTE, from));
  }
  const h = buf.indexOf(HITS_ARRAY);
  if (h < 0) return out;
  let i = h + HITS_ARRAY.length;
  for (;;) {
    i = skipWs(buf, i);
    const c = buf[i];
    if (c === COMMA) { i++; continue; }
    if (c !== OPEN_OBJ) break; // ']' or end
    i = scanHit(buf, i, out.hits);
  }
  return out;
}

function scanHit(buf: Buffer, start: number, hits: HitSpan[]): number {
  let i = start + 1;
  let id: Buffer | undefined;
  let routing: Buffer | undefined;
  let source: Buffer | undefined;
  for (;;) {
    i = skipWs(buf, i);
    const c = buf[i];
    if (c === COMMA) { i++; continue; }
    if (c === CLOSE_OBJ) { i++; break; }
    if (c !== QUOTE) throw new Error(`hit scan: unexpected byte ${c} at ${i}`);
    const keyStart = i + 1;
    const keyEnd = stringEnd(buf, i);
    if (keyEnd < 0) throw new Error('hit scan: unterminated string');
    i = skipWs(buf, keyEnd + 1);
    if (buf[i] !== COLON) throw new Error(`hit scan: expected ':' at ${i}`);
    i = skipWs(buf, i + 1);
    const valueStart = i;
    // the whole response is in memory, so a value that does not end in it is a broken body
    i = valueEnd(buf, i);
    if (i < 0) throw new Error('hit scan: truncated value');
    const keyLen = keyEnd - keyStart;
    if (keyLen === 3 && buf[keyStart] === 0x5f && buf[keyStart + 1] === 0x69 && buf[keyStart + 2] === 0x64) {
      id = buf.subarray(valueStart + 1, i - 1);
    } else if (keyLen === 7 && buf.toString('latin1', keyStart, keyEnd) === '_source') {
      source = buf.subarray(valueStart, i);
    } else if (keyLen === 8 && buf.toString('latin1', keyStart, keyEnd) === '_routing') {
      routing = buf.subarray(valueStart + 1, i - 1);
    }
  }
  if (id && source) hits.push(routing ? { id, routing, source } : { id, source });
  return i;
}
