// Incremental scanner of a search/scroll response body. It walks the bytes once, chunk by chunk,
// and hands out each hit as soon as its closing brace arrives, with `_source` kept as raw bytes.
// Only the hit being scanned is buffered, so a page of huge documents never sits in memory whole.
import { parseHit, type RawHit } from './raw-hit.js';

export interface PageSummary {
  scrollId?: string;
  pitId?: string;
  /** hits.total as a number (both the 6.x number and the 7.x {value} shapes) */
  total?: number;
  hitCount: number;
  timedOut?: boolean;
  shards?: { total?: number; successful?: number; failed?: number; failures?: unknown[] };
  /** bytes of the whole response */
  bytes: number;
}

type Frame = 'top' | 'hitsObject' | 'hitsArray';
type Expect = 'value' | 'key' | 'colon' | 'commaOrEnd';
type Skip = 'none' | 'container' | 'string' | 'scalar';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class HitsScanner {
  private frames: Frame[] = [];
  private expect: Expect = 'value';
  private key = '';
  private keyParts: Buffer[] = [];
  private inKey = false;
  // skipping (and maybe capturing) one value below the interesting levels
  private skip: Skip = 'none';
  private nest = 0;
  private inString = false;
  private escaped = false;
  private capture: 'none' | 'hit' | 'meta' = 'none';
  private captureKey = '';
  private parts: Buffer[] = [];
  // member offsets of the hit being captured, found in the same pass (no second scan of _source)
  private members: number[] = [];
  /** bytes of the current hit that arrived in earlier chunks */
  private hitBase = 0;
  /** index in the current chunk where the capture (re)started */
  private chunkStart = 0;
  /** where the hit's top level stands: 0 key next, 1 in key, 2 colon next, 3 value next, 4 in string value, 5 after value, 6 in container value, 7 in scalar value */
  private l1 = 0;
  private memberStart = 0;
  private started = false;
  private finished = false;
  private readonly summary: PageSummary = { hitCount: 0, bytes: 0 };

  /** Scan one more chunk; returns the hits completed inside it, in order. */
  push(chunk: Uint8Array): RawHit[] {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.summary.bytes += buf.length;
    const out: RawHit[] = [];
    let i = 0;
    const n = buf.length;
    let captureStart = this.capture !== 'none' ? 0 : -1;
    let keyStart = this.inKey ? 0 : -1;
    while (i < n) {
      if (this.skip !== 'none') {
        this.chunkStart = captureStart;
        const end = this.skipInside(buf, i);
        if (end < 0) break; // value continues in the next chunk
        if (this.capture !== 'none') {
          this.parts.push(buf.subarray(captureStart, end));
          this.finishCapture(out);
          captureStart = -1;
        }
        this.skip = 'none';
        this.expect = 'commaOrEnd';
        i = end;
        continue;
      }
      if (this.inKey) {
        // keys at the interesting levels are short; find the closing quote
        let j = i;
        while (j < n) {
          const c = buf[j]!;
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) break;
          j++;
        }
        if (j >= n) {
          this.keyParts.push(buf.subarray(keyStart, n));
          i = n;
          break;
        }
        this.keyParts.push(buf.subarray(keyStart, j));
        this.key = JSON.parse('"' + Buffer.concat(this.keyParts).toString('utf8') + '"') as string;
        this.keyParts = [];
        this.inKey = false;
        keyStart = -1;
        this.expect = 'colon';
        i = j + 1;
        continue;
      }
      const c = buf[i]!;
      if (isWs(c)) {
        i++;
        continue;
      }
      if (this.finished) throw new SyntaxError('unexpected bytes after the end of the search response');
      const frame = this.frames[this.frames.length - 1];
      switch (this.expect) {
        case 'key':
          if (c === QUOTE) {
            this.inKey = true;
            keyStart = i + 1;
            i++;
          } else if (c === 0x7d) {
            this.pop();
            i++;
          } else throw new SyntaxError(`expected a key in the search response, found "${String.fromCharCode(c)}"`);
          continue;
        case 'colon':
          if (c !== 0x3a) throw new SyntaxError('expected ":" in the search response');
          this.expect = 'value';
          i++;
          continue;
        case 'commaOrEnd':
          if (c === 0x2c) {
            this.expect = frame === 'hitsArray' ? 'value' : 'key';
            i++;
          } else if (c === 0x7d || c === 0x5d) {
            this.pop();
            i++;
          } else throw new SyntaxError('expected "," or a closing bracket in the search response');
          continue;
        case 'value': {
          if (!this.started) {
            if (c !== 0x7b) throw new SyntaxError('search response is not a JSON object');
            this.started = true;
            this.frames.push('top');
            this.expect = 'key';
            i++;
            continue;
          }
          if (frame === 'hitsArray' && c === 0x5d) {
            // empty array
            this.pop();
            i++;
            continue;
          }
          // descend into the levels we walk structurally
          if (frame === 'top' && this.key === 'hits' && c === 0x7b) {
            this.frames.push('hitsObject');
            this.expect = 'key';
            i++;
            continue;
          }
          if (frame === 'hitsObject' && this.key === 'hits' && c === 0x5b) {
            this.frames.push('hitsArray');
            this.expect = 'value';
            i++;
            continue;
          }
          // everything else is skipped, some of it captured
          if (frame === 'hitsArray') this.capture = 'hit';
          else if (
            (frame === 'top' && (this.key === '_scroll_id' || this.key === 'pit_id' || this.key === '_shards' || this.key === 'timed_out')) ||
            (frame === 'hitsObject' && this.key === 'total')
          ) {
            this.capture = 'meta';
            this.captureKey = frame === 'hitsObject' ? 'hits.total' : this.key;
          }
          if (this.capture !== 'none') {
            captureStart = i;
            this.parts = [];
            this.hitBase = 0;
            this.members = [];
            this.l1 = 0;
          }
          this.beginSkip(c);
          if ((this.skip as Skip) !== 'scalar') i++;
          continue;
        }
      }
    }
    if (this.capture !== 'none' && captureStart >= 0 && this.skip !== 'none') {
      this.parts.push(buf.subarray(captureStart, n));
      this.hitBase += n - captureStart;
    }
    return out;
  }

  /** what the response said so far (the scroll id arrives before the hits) */
  get partial(): Readonly<PageSummary> {
    return this.summary;
  }

  /** Call after the last chunk; throws when the body ended in the middle of the JSON. */
  end(): PageSummary {
    if (this.skip === 'scalar' && this.capture !== 'none') {
      this.finishCapture([]);
      this.skip = 'none';
    }
    if (!this.finished) throw new SyntaxError('search response ended early (truncated body)');
    return this.summary;
  }

  private pop(): void {
    this.frames.pop();
    if (this.frames.length === 0) this.finished = true;
    this.expect = 'commaOrEnd';
  }

  private beginSkip(c: number): void {
    this.inString = false;
    this.escaped = false;
    if (c === 0x7b || c === 0x5b) {
      this.skip = 'container';
      this.nest = 1;
    } else if (c === QUOTE) {
      this.skip = 'string';
      this.inString = true;
    } else this.skip = 'scalar';
  }

  /**
   * Advance through the skipped value from `i`. Returns the index just past the value, or -1
   * when the chunk ended first. The first byte of a container/string was consumed by beginSkip.
   */
  private skipInside(buf: Buffer, i: number): number {
    const n = buf.length;
    if (this.skip === 'scalar') {
      while (i < n) {
        const c = buf[i]!;
        if (c === 0x2c || c === 0x7d || c === 0x5d || isWs(c)) return i;
        i++;
      }
      return -1;
    }
    const track = this.capture === 'hit';
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        // jump to the next quote; it ends the string unless an odd run of backslashes precedes it
        const q = buf.indexOf(QUOTE, i);
        if (q < 0) {
          let run = 0;
          for (let k = n - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
          this.escaped = (run & 1) === 1;
          return -1;
        }
        let run = 0;
        for (let k = q - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
        if ((run & 1) === 1) {
          i = q + 1;
          continue;
        }
        this.inString = false;
        i = q + 1;
        if (this.skip === 'string') return i;
        if (track && this.nest === 1) {
          if (this.l1 === 1) {
            this.members.push(this.memberStart, this.offset(q));
            this.l1 = 2;
          } else if (this.l1 === 4) {
            this.members.push(this.memberStart, this.offset(i));
            this.l1 = 5;
          }
        }
        continue;
      }
      const c = buf[i]!;
      if (c === QUOTE) {
        this.inString = true;
        if (track && this.nest === 1) {
          if (this.l1 === 0) {
            this.memberStart = this.offset(i + 1);
            this.l1 = 1;
          } else if (this.l1 === 3) {
            this.memberStart = this.offset(i);
            this.l1 = 4;
          }
        }
      } else if (c === 0x7b || c === 0x5b) {
        if (track && this.nest === 1 && this.l1 === 3) {
          this.memberStart = this.offset(i);
          this.l1 = 6;
        }
        this.nest++;
      } else if (c === 0x7d || c === 0x5d) {
        if (--this.nest === 0) {
          if (track && this.l1 === 7) this.members.push(this.memberStart, this.offset(i));
          return i + 1;
        }
        if (track && this.nest === 1 && this.l1 === 6) {
          this.members.push(this.memberStart, this.offset(i + 1));
          this.l1 = 5;
        }
      } else if (track && this.nest === 1) {
        if (c === 0x3a) this.l1 = 3;
        else if (c === 0x2c) {
          if (this.l1 === 7) this.members.push(this.memberStart, this.offset(i));
          this.l1 = 0;
        } else if (this.l1 === 3 && !isWs(c)) {
          this.memberStart = this.offset(i);
          this.l1 = 7;
        }
      }
      i++;
    }
    return -1;
  }

  /** offset inside the hit being captured of index `i` of the current chunk */
  private offset(i: number): number {
    return this.hitBase + (i - this.chunkStart);
  }

  private finishCapture(out: RawHit[]): void {
    // a single part is copied so the hit does not pin the whole network chunk it came in
    const bytes = this.parts.length === 1 ? Buffer.from(this.parts[0]!) : Buffer.concat(this.parts);
    this.parts = [];
    if (this.capture === 'hit') {
      if (this.members.length % 4 !== 0) throw new SyntaxError('malformed search hit');
      out.push(parseHit(bytes, this.members));
      this.summary.hitCount++;
    } else {
      const v = JSON.parse(bytes.toString('utf8')) as unknown;
      switch (this.captureKey) {
        case '_scroll_id':
          this.summary.scrollId = v as string;
          break;
        case 'pit_id':
          this.summary.pitId = v as string;
          break;
        case 'timed_out':
          this.summary.timedOut = v as boolean;
          break;
        case '_shards':
          this.summary.shards = v as PageSummary['shards'];
          break;
        case 'hits.total':
          this.summary.total = typeof v === 'number' ? v : ((v as { value?: number } | null)?.value ?? undefined);
          break;
      }
    }
    this.capture = 'none';
  }
}

/** Scan a complete response held in memory (the `requestRaw` path). */
export function scanSearchResponse(body: Buffer): { hits: RawHit[]; summary: PageSummary } {
  const s = new HitsScanner();
  const hits = s.push(body);
  return { hits, summary: s.end() };
}
