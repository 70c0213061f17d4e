// Incremental scanner of a search/scroll response body. It walks the bytes once, chunk by chunk,
// and hands out each hit as soon as its closing brace arrives, with `_source` kept as raw bytes
// (a subarray of the chunk it came in). Only a hit cut by a chunk boundary is buffered, so a
// page of huge documents never sits in memory whole.
//
// Speed: the structure around the hits is walked token by token (it is tiny); each hit is
// decoded by `scanHit` in one tight pass over the chunk, with strings skipped by `indexOf`.
import { scanHit, type RawHit } from './raw-hit.js';
import { decodeString, skipWs, valueEnd } from './span-scan.js';
import { SplitValue } from './split-value.js';

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

// byte constants stay module-local so V8 folds them into the loops
const QUOTE = 0x22;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

type Frame = 'top' | 'hitsObject' | 'hitsArray';
type Expect = 'value' | 'key' | 'colon' | 'commaOrEnd';
/** what a value cut by a chunk boundary is: a member key, a hit, a summary field, or skipped */
type Role = 'key' | 'hit' | 'meta' | 'skip';

export class HitsScanner {
  private readonly frames: Frame[] = [];
  private expect: Expect = 'value';
  private key = '';
  private split: SplitValue | undefined;
  private splitRole: Role = 'skip';
  private started = false;
  /** a comma was just read: the next token must be a key or value, not a closing bracket */
  private afterComma = false;
  private finished = false;
  private readonly summary: PageSummary = { hitCount: 0, bytes: 0 };

  /** Scan one more chunk; returns the hits completed inside it, in order. */
  push(chunk: Uint8Array): RawHit[] {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.summary.bytes += buf.length;
    const out: RawHit[] = [];
    const n = buf.length;
    let i = 0;
    if (this.split) {
      const end = this.split.feed(buf, 0);
      if (end < 0) return out;
      const whole = this.split.value();
      this.split = undefined;
      this.complete(this.splitRole, whole, 0, whole.length, out);
      i = end;
    }
    while (i < n) {
      i = skipWs(buf, i);
      if (i >= n) break;
      const c = buf[i]!;
      if (this.finished) throw new SyntaxError('unexpected bytes after the end of the search response');
      const frame = this.frames[this.frames.length - 1];
      switch (this.expect) {
        case 'key':
          if (c === QUOTE) {
            this.afterComma = false;
            i = this.value(buf, i, 'key', out);
          } else if (c === CLOSE_OBJ && !this.afterComma) {
            this.pop();
            i++;
          } else throw new SyntaxError(`expected a key in the search response, found "${String.fromCharCode(c)}"`);
          continue;
        case 'colon':
          if (c !== COLON) throw new SyntaxError('expected ":" in the search response');
          this.expect = 'value';
          i++;
          continue;
        case 'commaOrEnd':
          if (c === COMMA) {
            this.expect = frame === 'hitsArray' ? 'value' : 'key';
            this.afterComma = true;
            i++;
          } else if (c === (frame === 'hitsArray' ? CLOSE_ARR : CLOSE_OBJ)) {
            this.pop();
            i++;
          } else throw new SyntaxError('expected "," or a closing bracket in the search response');
          continue;
        case 'value':
          if (!this.started) {
            if (c !== OPEN_OBJ) throw new SyntaxError('search response is not a JSON object');
            this.started = true;
            this.frames.push('top');
            this.expect = 'key';
            i++;
            continue;
          }
          if (frame === 'hitsArray') {
            if (c === CLOSE_ARR && !this.afterComma) {
              this.pop();
              i++;
            } else if (c === OPEN_OBJ) {
              this.afterComma = false;
              i = this.hits(buf, i, out);
            } else throw new SyntaxError('search hit is not a JSON object');
            continue;
          }
          // descend into the levels walked structurally; every other value is taken whole
          this.afterComma = false;
          if (frame === 'top' && this.key === 'hits' && c === OPEN_OBJ) {
            this.frames.push('hitsObject');
            this.expect = 'key';
            i++;
          } else if (frame === 'hitsObject' && this.key === 'hits' && c === OPEN_ARR) {
            this.frames.push('hitsArray');
            this.expect = 'value';
            i++;
          } else i = this.value(buf, i, this.isSummaryField(frame) ? 'meta' : 'skip', out);
          continue;
      }
    }
    return out;
  }

  /** what the response said so far (the scroll id arrives before the hits) */
  get partial(): Readonly<PageSummary> {
    return this.summary;
  }

  /** Call after the last chunk; throws when the body ended in the middle of the JSON. */
  end(): PageSummary {
    if (!this.finished) throw new SyntaxError('search response ended early (truncated body)');
    return this.summary;
  }

  /** hits from `buf[i]` (a `{` in the hits array) as long as they are complete in `buf` */
  private hits(buf: Buffer, i: number, out: RawHit[]): number {
    const n = buf.length;
    for (;;) {
      const end = scanHit(buf, i, out);
      if (end < 0) return this.startSplit(buf, i, 'hit');
      this.summary.hitCount++;
      // the common case: the next hit follows right after a comma
      let j = skipWs(buf, end);
      if (j < n && buf[j] === COMMA) {
        j = skipWs(buf, j + 1);
        if (j < n && buf[j] === OPEN_OBJ) {
          i = j;
          continue;
        }
        this.expect = 'value';
        this.afterComma = true;
        return j;
      }
      this.expect = 'commaOrEnd';
      return j;
    }
  }

  /** take the value (or key) at `buf[i]` whole; returns where scanning goes on */
  private value(buf: Buffer, i: number, role: Role, out: RawHit[]): number {
    const end = valueEnd(buf, i);
    if (end < 0) return this.startSplit(buf, i, role);
    this.complete(role, buf, i, end, out);
    return end;
  }

  private startSplit(buf: Buffer, i: number, role: Role): number {
    this.split = new SplitValue(buf, i, role !== 'skip');
    this.splitRole = role;
    return buf.length;
  }

  private complete(role: Role, buf: Buffer, s: number, e: number, out: RawHit[]): void {
    switch (role) {
      case 'key':
        this.key = decodeString(buf, s, e - 1);
        this.expect = 'colon';
        return;
      case 'hit':
        if (scanHit(buf, s, out) !== e) throw new SyntaxError('malformed search hit');
        this.summary.hitCount++;
        break;
      case 'meta':
        this.meta(JSON.parse(buf.toString('utf8', s, e)) as unknown);
        break;
      case 'skip':
        break;
    }
    this.expect = 'commaOrEnd';
  }

  private isSummaryField(frame: Frame | undefined): boolean {
    const k = this.key;
    if (frame === 'top') return k === '_scroll_id' || k === 'pit_id' || k === '_shards' || k === 'timed_out';
    return frame === 'hitsObject' && k === 'total';
  }

  private meta(v: unknown): void {
    const frame = this.frames[this.frames.length - 1];
    switch (frame === 'hitsObject' ? 'hits.total' : this.key) {
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

  private pop(): void {
    this.frames.pop();
    if (this.frames.length === 0) this.finished = true;
    this.expect = 'commaOrEnd';
  }
}

/** Scan a complete response held in memory (the `requestRaw` path). */
export function scanSearchResponse(body: Buffer): { hits: RawHit[]; summary: PageSummary } {
  const s = new HitsScanner();
  const hits = s.push(body);
  return { hits, summary: s.end() };
}
