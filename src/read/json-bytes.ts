// Byte-level helpers over a complete JSON value held in memory (one hit, one bulk item):
// find where values end without building objects, so `_source` can stay raw bytes.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipWhitespace(buf: Uint8Array, i: number): number {
  while (i < buf.length && isWhitespace(buf[i]!)) i++;
  return i;
}

/** index just past the closing quote of the string whose opening quote is at `i` */
export function skipString(buf: Uint8Array, i: number): number {
  const start = i + 1;
  let from = start;
  for (;;) {
    const q = buf.indexOf(QUOTE, from);
    if (q < 0) throw new SyntaxError('unterminated JSON string');
    // the quote is escaped when an odd run of backslashes precedes it
    let run = 0;
    for (let k = q - 1; k >= start && buf[k] === BACKSLASH; k--) run++;
    if ((run & 1) === 0) return q + 1;
    from = q + 1;
  }
}

/** index just past the JSON value starting at `i` (which must not be whitespace) */
export function skipValue(buf: Uint8Array, i: number): number {
  const first = buf[i];
  if (first === QUOTE) return skipString(buf, i);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    while (i < buf.length) {
      const c = buf[i]!;
      if (c === QUOTE) {
        i = skipString(buf, i);
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new SyntaxError('unterminated JSON container');
  }
  // number / true / false / null: ends at a delimiter
  while (i < buf.length) {
    const c = buf[i]!;
    if (c === 0x2c || c === 0x7d || c === 0x5d || isWhitespace(c)) return i;
    i++;
  }
  return i;
}

/**
 * Calls `onMember(keyStart, keyEnd, valueStart, valueEnd)` for each member of the object at `i`
 * (key bounds exclude the quotes). Returns the index past the object.
 */
export function forEachMember(
  buf: Uint8Array,
  i: number,
  onMember: (keyStart: number, keyEnd: number, valueStart: number, valueEnd: number) => void,
): number {
  i = skipWhitespace(buf, i);
  if (buf[i] !== 0x7b) throw new SyntaxError('expected a JSON object');
  i = skipWhitespace(buf, i + 1);
  if (buf[i] === 0x7d) return i + 1;
  for (;;) {
    if (buf[i] !== QUOTE) throw new SyntaxError('expected an object key');
    const keyEnd = skipString(buf, i);
    const keyStart = i + 1;
    i = skipWhitespace(buf, keyEnd);
    if (buf[i] !== 0x3a) throw new SyntaxError('expected ":"');
    const valueStart = skipWhitespace(buf, i + 1);
    const valueEnd = skipValue(buf, valueStart);
    onMember(keyStart, keyEnd - 1, valueStart, valueEnd);
    i = skipWhitespace(buf, valueEnd);
    if (buf[i] === 0x2c) {
      i = skipWhitespace(buf, i + 1);
      continue;
    }
    if (buf[i] === 0x7d) return i + 1;
    throw new SyntaxError('expected "," or "}"');
  }
}

/** does the key at [start, end) equal the ASCII `name` (metadata keys never need escapes) */
export function keyIs(buf: Uint8Array, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[start + k] !== name.charCodeAt(k)) return false;
  return true;
}
