// The value of the configured time field, read straight from a raw `_source` without parsing it:
// the object's members are skipped over as bytes until the field's key shows up, so tracking
// checkpoint high-water marks costs a key scan per document, not a JSON.parse.
import { decodeString, skipWs, stringEnd, valueEnd } from '../read/span-scan.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

export interface TimeFieldReader {
  (source: Buffer): string | number | undefined;
}

/**
 * A reader of `field` (dotted for nested objects). Like a JSON lookup it prefers a top-level key
 * holding the whole dotted name, then walks the parts. Only strings and numbers count.
 */
export function timeFieldReader(field: string): TimeFieldReader {
  const whole = Buffer.from(field);
  const parts = field.includes('.') ? field.split('.').map((p) => Buffer.from(p)) : undefined;
  return (source) => {
    const start = skipWs(source, 0);
    const direct = memberValue(source, start, whole);
    if (direct >= 0 || !parts) return direct >= 0 ? scalarAt(source, direct) : undefined;
    let at = start;
    for (const part of parts) {
      at = memberValue(source, at, part);
      if (at < 0) return undefined;
    }
    return scalarAt(source, at);
  };
}

/** start of the value of member `key` in the object at `i`, or -1 (absent, not an object, malformed) */
function memberValue(buf: Buffer, i: number, key: Buffer): number {
  if (buf[i] !== OPEN_OBJ) return -1;
  const n = buf.length;
  i = skipWs(buf, i + 1);
  if (buf[i] === CLOSE_OBJ) return -1;
  while (i < n) {
    if (buf[i] !== QUOTE) return -1;
    const close = stringEnd(buf, i);
    if (close < 0) return -1;
    const match = keyEquals(buf, i, close, key);
    i = skipWs(buf, close + 1);
    if (buf[i] !== COLON) return -1;
    const vs = skipWs(buf, i + 1);
    if (match) return vs;
    const ve = valueEnd(buf, vs);
    if (ve < 0) return -1;
    i = skipWs(buf, ve);
    if (buf[i] !== COMMA) return -1;
    i = skipWs(buf, i + 1);
  }
  return -1;
}

function keyEquals(buf: Buffer, open: number, close: number, key: Buffer): boolean {
  const len = close - open - 1;
  if (len === key.length) {
    let k = 0;
    while (k < len && buf[open + 1 + k] === key[k]) k++;
    if (k === len) return true;
  }
  // an escaped key can still spell the name
  for (let k = open + 1; k < close; k++) if (buf[k] === BACKSLASH) return decodeString(buf, open, close) === key.toString();
  return false;
}

function scalarAt(buf: Buffer, at: number): string | number | undefined {
  const c = buf[at];
  if (c === QUOTE) {
    const close = stringEnd(buf, at);
    return close < 0 ? undefined : decodeString(buf, at, close);
  }
  if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
    const end = valueEnd(buf, at);
    if (end < 0) return undefined;
    const v = Number(buf.toString('latin1', at, end));
    return Number.isFinite(v) ? v : undefined;
  }
  return undefined;
}
