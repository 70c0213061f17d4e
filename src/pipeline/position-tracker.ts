// Per-reader record of which documents the destination acknowledged. A position is only ever
// the end of the contiguous acknowledged prefix, so resuming from it can never skip a document
// still in flight. It also knows how much of that prefix was saved (the last checkpoint the state
// holds): what a crash makes the next run copy again is what was read past the saved position.
import type { ReaderPosition } from '../engine/types.js';

export class PositionTracker {
  private nextSeq = 0;
  private low = 0;
  /**
   * What is known of each doc between `low` and `nextSeq`, in rings indexed by `seq & mask`: sized
   * to the docs in flight once, then nothing is allocated per document (hash tables of in-flight
   * sequence numbers grew and shrank with every burst of acknowledgements, and their big tables
   * were old-space garbage). `acked`: acknowledged before a doc read earlier was.
   */
  private acked = new Uint8Array(1024);
  private mask = 1023;
  /** sort values of in-flight docs (search_after modes) */
  private sorts: Array<unknown[] | undefined> | undefined;
  /** time-field values of in-flight docs, when a time field is configured */
  private times: Array<string | number | undefined> | undefined;
  private high: { value: string | number; key: number } | undefined;
  private lastSort: unknown[] | undefined;
  private acknowledged: number;
  /** acknowledged count when this run started (resumed runs start past zero) */
  private readonly base: number;
  /** sequence number up to which (exclusive) the acknowledged prefix was saved */
  private savedLow = 0;
  private readerDone = false;
  /** acknowledged count at which `onAdvance` fires next */
  private notifyAt = Infinity;
  private notifyEvery = 0;
  private onAdvance: (() => void) | undefined;
  /** a reader waiting until fewer than `limit` of its docs are unacknowledged */
  private roomWaiter: { limit: number; resolve: () => void } | undefined;

  constructor(
    readonly mode: ReaderPosition['mode'],
    readonly slice: ReaderPosition['slice'] | undefined,
    readonly sort: unknown[] | undefined,
    resume?: ReaderPosition,
  ) {
    this.acknowledged = resume?.acknowledged ?? 0;
    this.base = this.acknowledged;
    this.lastSort = resume?.searchAfter;
  }

  /** register the next doc in read order; returns its sequence number */
  track(sortValues: unknown[] | undefined, time?: string | number): number {
    if (this.nextSeq - this.low > this.mask) this.grow();
    const seq = this.nextSeq++;
    const at = seq & this.mask;
    if (this.sort) (this.sorts ??= new Array(this.mask + 1))[at] = sortValues;
    if (time !== undefined) (this.times ??= new Array(this.mask + 1))[at] = time;
    return seq;
  }

  /** twice the room: the in-flight docs move to their places in the bigger rings */
  private grow(): void {
    const size = 2 * (this.mask + 1);
    const mask = size - 1;
    const acked = new Uint8Array(size);
    const sorts = this.sorts && new Array<unknown[] | undefined>(size);
    const times = this.times && new Array<string | number | undefined>(size);
    for (let seq = this.low; seq < this.nextSeq; seq++) {
      const from = seq & this.mask;
      acked[seq & mask] = this.acked[from]!;
      if (sorts) sorts[seq & mask] = this.sorts![from];
      if (times) times[seq & mask] = this.times![from];
    }
    this.acked = acked;
    this.mask = mask;
    this.sorts = sorts;
    this.times = times;
  }

  /** highest time-field value over the acknowledged prefix */
  get highWater(): string | number | undefined {
    return this.high?.value;
  }

  /** call `fn` each time the acknowledged prefix grew by `every` docs, so checkpoints follow acknowledgements */
  watch(every: number, fn: () => void): void {
    this.notifyEvery = Math.max(1, Math.floor(every));
    this.notifyAt = this.acknowledged + this.notifyEvery;
    this.onAdvance = fn;
  }

  ack(seq: number): void {
    if (seq !== this.low) {
      this.acked[seq & this.mask] = 1;
      return;
    }
    this.advance(seq);
    while (this.low < this.nextSeq && this.acked[this.low & this.mask] === 1) this.advance(this.low);
    if (this.acknowledged >= this.notifyAt) {
      this.notifyAt = this.acknowledged + this.notifyEvery;
      this.onAdvance!();
    }
  }

  /** a checkpoint of `acknowledged` docs reached the state: a crash from now on re-reads from there at worst */
  saved(acknowledged: number): void {
    const low = Math.min(this.low, acknowledged - this.base);
    if (low <= this.savedLow) return;
    this.savedLow = low;
    const w = this.roomWaiter;
    if (w && this.unsaved < w.limit) {
      this.roomWaiter = undefined;
      w.resolve();
    }
  }

  /** docs read past the saved position: at most what a crash makes the next run read and write again */
  get unsaved(): number {
    return this.nextSeq - this.savedLow;
  }

  /** the reader is waiting for its position to be acknowledged and saved (see roomFor) */
  get waiting(): boolean {
    return this.roomWaiter !== undefined;
  }

  /**
   * resolves once fewer than `limit` docs read are past the saved position: a reader that keeps its
   * lead over its last saved checkpoint small bounds what a crash makes the next run read (and write)
   * again, whatever the destination applied without answering yet and however slow the state writes are
   */
  roomFor(limit: number, signal: AbortSignal): Promise<void> {
    if (this.unsaved < limit) return Promise.resolve();
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.roomWaiter = undefined;
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.roomWaiter = {
        limit,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
    });
  }

  /** the reader will produce nothing more */
  finishReading(): void {
    this.readerDone = true;
  }

  get pending(): number {
    return this.nextSeq - this.low;
  }

  get done(): boolean {
    return this.readerDone && this.pending === 0;
  }

  position(): ReaderPosition {
    const p: ReaderPosition = { mode: this.mode, acknowledged: this.acknowledged, done: this.done };
    if (this.slice) p.slice = { ...this.slice };
    if (this.sort) p.sort = this.sort;
    if (this.lastSort) p.searchAfter = this.lastSort;
    return p;
  }

  private advance(seq: number): void {
    const at = seq & this.mask;
    this.acked[at] = 0;
    if (this.sorts) {
      const s = this.sorts[at];
      this.sorts[at] = undefined;
      if (s) this.lastSort = s;
    }
    const t = this.times?.[at];
    if (t !== undefined) {
      this.times![at] = undefined;
      const key = typeof t === 'number' ? t : Date.parse(t);
      if (Number.isFinite(key) && (!this.high || key > this.high.key)) this.high = { value: t, key };
    }
    this.acknowledged++;
    this.low = seq + 1;
  }
}
