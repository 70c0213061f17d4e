// A JSON value that did not end in the chunk it started in. Its end is looked for chunk by chunk
// with the scan state carried over (depth, inside a string, pending backslash), so a value of any
// size costs one pass however it is cut; its bytes are kept only when the caller needs them.

// byte constants stay module-local so V8 folds them into the loops
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const EMPTY = Buffer.alloc(0);

export class SplitValue {
  private readonly parts: Buffer[] = [];
  private size = 0;
  private readonly kind: 'string' | 'container' | 'scalar';
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** starts at `buf[start]`, the first byte of the value, and consumes the rest of `buf` */
  constructor(buf: Buffer, start: number, private readonly keep: boolean) {
    const first = buf[start]!;
    if (first === QUOTE) {
      this.kind = 'string';
      this.inString = true;
      this.take(buf, start, start + 1);
      this.feed(buf, start + 1);
    } else if (first === OPEN_OBJ || first === OPEN_ARR) {
      this.kind = 'container';
      this.feed(buf, start);
    } else {
      this.kind = 'scalar';
      this.feed(buf, start);
    }
  }

  /** bytes of the value seen so far */
  get bytes(): number {
    return this.size;
  }

  /**
   * Scan `buf` from `from` for the end of the value. Returns the index just past it (the value
   * is complete), or -1 when `buf` ended first (its bytes were consumed).
   */
  feed(buf: Buffer, from: number): number {
    const end = this.kind === 'scalar' ? scalarEnd(buf, from) : this.scanEnd(buf, from);
    this.take(buf, from, end < 0 ? buf.length : end);
    return end;
  }

  /** the whole value, once `feed` returned its end */
  value(): Buffer {
    if (!this.keep) return EMPTY;
    return this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
  }

  private take(buf: Buffer, from: number, to: number): void {
    this.size += to - from;
    // a copy: the transport may reuse a chunk's memory once the next chunk is asked for
    if (this.keep && to > from) this.parts.push(Buffer.from(buf.subarray(from, to)));
  }

  private scanEnd(buf: Buffer, i: number): number {
    const n = buf.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let end = -1;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        const q = buf.indexOf(QUOTE, i);
        if (q < 0) {
          // an odd run of backslashes at the very end escapes the first byte of the next chunk
          let b = n - 1;
          while (b >= i && buf[b] === BACKSLASH) b--;
          escaped = ((n - 1 - b) & 1) === 1;
          i = n;
          break;
        }
        let b = q - 1;
        while (b >= i && buf[b] === BACKSLASH) b--;
        i = q + 1;
        if (((q - 1 - b) & 1) === 1) continue; // escaped quote
        inString = false;
        if (this.kind === 'string') {
          end = i;
          break;
        }
        continue;
      }
      const c = buf[i]!;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
      else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        if (--depth === 0) {
          end = i + 1;
          break;
        }
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return end;
  }
}

function scalarEnd(buf: Buffer, i: number): number {
  const n = buf.length;
  for (; i < n; i++) {
    const c = buf[i]!;
    if (c === COMMA || c === CLOSE_OBJ || c === CLOSE_ARR || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return i;
  }
  return -1;
}
