// Progress events and checkpoints of one index copy, on a timer and once more at the end.
import type { ConcurrencyController } from '../write/concurrency/types.js';
import type { WriteStats } from '../write/write-stats.js';
import type { InFlightBudget } from '../pipeline/in-flight-budget.js';
import type { HitReader } from '../read/reader.js';
import type { Checkpoint, IndexCounts, ProgressEvent } from './types.js';

/** the counts of one index as progress events and the index report both give them */
export function indexCounts(
  x: { sourceIndex: string; destIndex: string; counts: { read: number; dropped: number }; writes: WriteStats },
  total: number,
): IndexCounts {
  const { counts, writes: ws } = x;
  return {
    sourceIndex: x.sourceIndex,
    destIndex: x.destIndex,
    total,
    read: counts.read,
    written: ws.written,
    skipped: ws.skipped,
    deadLettered: ws.deadLettered,
    dropped: counts.dropped,
    notWritten: ws.notWritten,
    overwritten: ws.overwritten,
    retries: ws.retries,
    rejectedItems: ws.rejectedItems,
    bulks: ws.shape.summary(),
  };
}

export interface ObservedIndex {
  sourceIndex: string;
  destIndex: string;
  counts: { read: number; dropped: number };
  writes: WriteStats;
  budget: InFlightBudget;
  controller: ConcurrencyController;
  /** source count, known once counted */
  total: () => number;
  readers: () => HitReader[];
}

export class IndexObserver {
  private readonly started = performance.now();
  private last = { at: this.started, done: 0, bytes: 0 };
  private readonly lastCheckpoint = new Map<HitReader, string>();
  /** readers whose checkpoint is being saved, and whether a newer one waits for that save to end */
  private readonly saving = new Map<HitReader, { again: boolean }>();
  private idle: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly x: ObservedIndex,
    private readonly onProgress: (p: ProgressEvent) => void,
    /** resolves once the checkpoint was saved (or its save ended in a reported failure) */
    private readonly onCheckpoint: (cp: Checkpoint) => void | Promise<void>,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  /** stop the timer and report the final state; resolves once every checkpoint was saved */
  finish(): Promise<void> {
    clearInterval(this.timer);
    this.tick();
    if (this.saving.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private tick(): void {
    this.onProgress(this.progress());
    this.checkpoints();
  }

  /**
   * checkpoint every reader each time `every` more of its docs were acknowledged, not only on the
   * timer: what a crash re-copies is what was acknowledged after the last checkpoint
   */
  followAcknowledgements(readers: HitReader[], every: number): void {
    for (const r of readers) r.tracker.watch(every, () => this.checkpoint(r));
  }

  /** one checkpoint per reader whose acknowledged prefix moved (never ahead of the destination) */
  private checkpoints(): void {
    for (const r of this.x.readers()) this.checkpoint(r);
  }

  /**
   * One save per reader at a time: a checkpoint due while the previous one is being saved waits for
   * it and then carries the newest position. When the save ends the reader learns its saved position
   * (its read-ahead is measured from there).
   */
  private checkpoint(r: HitReader): void {
    const busy = this.saving.get(r);
    if (busy) {
      busy.again = true;
      return;
    }
    const position = { ...r.tracker.position(), index: this.x.sourceIndex };
    const key = `${position.acknowledged}:${position.done}`;
    if (this.lastCheckpoint.get(r) === key) return;
    this.lastCheckpoint.set(r, key);
    const highWater = r.tracker.highWater;
    const save = { again: false };
    this.saving.set(r, save);
    const saved = () => {
      this.saving.delete(r);
      r.tracker.saved(position.acknowledged);
      if (save.again) this.checkpoint(r);
      if (this.saving.size === 0) for (const w of this.idle.splice(0)) w();
    };
    let pending;
    try {
      pending = this.onCheckpoint({ sourceIndex: this.x.sourceIndex, destIndex: this.x.destIndex, position, ...(highWater !== undefined ? { highWater } : {}) });
    } catch {
      // the engine's callback reports failures itself; a failed save must not stop the reader
    }
    if (pending) void pending.then(saved, saved);
    else saved();
  }

  /** rates are over the last interval, so they follow the copy's current pace */
  private progress(): ProgressEvent {
    const { writes: ws, budget } = this.x;
    const now = performance.now();
    const dt = Math.max(1, now - this.last.at) / 1000;
    const done = ws.written + ws.skipped;
    const ev: ProgressEvent = {
      ...indexCounts(this.x, this.x.total()),
      docsPerSecond: Math.round((done - this.last.done) / dt),
      bytesPerSecond: Math.round((ws.bytesWritten - this.last.bytes) / dt),
      inFlightDocs: budget.docs,
      inFlightBytes: budget.bytes,
      writers: this.x.controller.current(),
      elapsedMs: Math.round(now - this.started),
    };
    this.last = { at: now, done, bytes: ws.bytesWritten };
    return ev;
  }
}
