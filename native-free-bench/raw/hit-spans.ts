// The least work the bulk format forces on a copier: find, in the raw bytes of a search
// response, each hit's _id, _routing and the byte span of its _source. One pass, no JSON.parse,
// no string decoding — the spans are slices of the response buffer.

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
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
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
    i = skipWs(buf, keyEnd + 1);
    if (buf[i] !== COLON) throw new Error(`hit scan: expected ':' at ${i}`);
    i = skipWs(buf, i + 1);
    const valueStart = i;
    i = skipValue(buf, i);
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

function skipWs(buf: Buffer, i: number): number {
  for (;;) {
    const c = buf[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** index of the closing quote of the string whose opening quote is at `open` */
function stringEnd(buf: Buffer, open: number): number {
  let j = open + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, j);
    if (q < 0) throw new Error('hit scan: unterminated string');
    let b = q - 1;
    while (buf[b] === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    j = q + 1;
  }
}

/** index just past the JSON value starting at i */
function skipValue(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return stringEnd(buf, i) + 1;
  if (c === OPEN_OBJ || c === OPEN_ARR) {
    let depth = 0;
    const n = buf.length;
    for (let j = i; j < n; j++) {
      const b = buf[j];
      if (b === QUOTE) j = stringEnd(buf, j);
      else if (b === OPEN_OBJ || b === OPEN_ARR) depth++;
      else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
        if (--depth === 0) return j + 1;
      }
    }
    throw new Error('hit scan: unterminated container');
  }
  // number, true, false, null
  let j = i;
  for (;;) {
    const b = buf[j];
    if (b === COMMA || b === CLOSE_OBJ || b === CLOSE_ARR || b === undefined || b === 0x20 || b === 0x0a) return j;
    j++;
  }
}
