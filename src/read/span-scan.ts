// Where JSON values end, in a buffer that may stop in the middle of one (a network chunk).
// Every function returns -1 for "the bytes ran out first" and throws only on malformed JSON,
// so the streaming scanner can tell a hit split across chunks from a broken response.
// Tight loops over bytes with no per-byte calls: this is the read path's hot spot.

// Byte constants are plain module-local consts (exported ones are live bindings V8 does not
// fold into the loops, which measurably slows them).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;

/** index of the first non-whitespace byte at or after `i` (buf.length when none) */
export function skipWs(buf: Uint8Array, i: number): number {
  const n = buf.length;
  while (i < n) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
  return n;
}

/** index of the closing quote of the string opened at `open`, or -1 when it is not in `buf` */
export function stringEnd(buf: Buffer, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, from);
    if (q < 0) return -1;
    // escaped when an odd run of backslashes precedes it
    if (buf[q - 1] !== BACKSLASH) return q;
    let b = q - 2;
    while (b > open && buf[b] === BACKSLASH) b--;
    if (((q - 1 - b) & 1) === 0) return q;
    from = q + 1;
  }
}

/** index just past the JSON value starting at `i` (not whitespace), or -1 when it is not complete in `buf` */
export function valueEnd(buf: Buffer, i: number): number {
  const first = buf[i];
  if (first === QUOTE) {
    const q = stringEnd(buf, i);
    return q < 0 ? -1 : q + 1;
  }
  if (first === OPEN_OBJ || first === OPEN_ARR) return containerEnd(buf, i);
  if (first === undefined) return -1;
  const n = buf.length;
  // number / true / false / null: ends at a delimiter, which must follow inside an object or array
  for (let j = i; j < n; j++) {
    const c = buf[j]!;
    if (c === COMMA || c === CLOSE_OBJ || c === CLOSE_ARR || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return j;
  }
  return -1;
}

/** index just past the object or array opened at `i`, or -1 when it is not complete in `buf` */
function containerEnd(buf: Buffer, i: number): number {
  const n = buf.length;
  let depth = 0;
  for (let j = i; j < n; j++) {
    const c = buf[j]!;
    if (c === QUOTE) {
      j = stringEnd(buf, j);
      if (j < 0) return -1;
    } else if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
    else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}

/** the string whose quotes are at `open` and `close`: sliced when it has no escapes, parsed otherwise */
export function decodeString(buf: Buffer, open: number, close: number): string {
  for (let k = open + 1; k < close; k++) {
    if (buf[k] === BACKSLASH) return JSON.parse(buf.toString('utf8', open, close + 1)) as string;
  }
  return buf.toString('utf8', open + 1, close);
}

/** does the key at [start, end) (quotes excluded) equal the ASCII `name`; metadata keys never need escapes */
export function keyIs(buf: Uint8Array, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[start + k] !== name.charCodeAt(k)) return false;
  return true;
}
