// The engine's `checkpoint` callback, persisting positions to a StateStore without slowing the copy:
// checkpoints are folded in memory at once and written at most every `intervalMs` and one write at a
// time (the latest always wins), and `flush()` writes whatever is pending (call it when an index
// completes, fails or is cancelled). What a crash re-copies is what was acknowledged after the last
// write, so by default a write follows the previous one at once: the engine checkpoints every half page.
import type { Checkpoint } from '../engine/types.js';
import { applyCheckpoint, emptyIndexState } from './index-state.js';
import type { StateStore } from './store.js';
import type { IndexState } from './types.js';

export interface CheckpointerOptions {
  /** minimum time between the starts of two writes of the state (default 0: as soon as the previous write ended) */
  intervalMs?: number;
  /** a background write failed; the error is also thrown by the next flush() */
  onError?: (err: unknown) => void;
}

export interface Checkpointer {
  /**
   * pass as `CopyOptions.checkpoint`; resolves once a state write carrying the checkpoint ended (a
   * failed write is reported to `onError` and by the next flush, and retried with the next write)
   */
  readonly checkpoint: (cp: Checkpoint) => Promise<void>;
  /** the record the checkpointer starts from for an index (from beginRun); later checkpoints fold into it */
  track(state: IndexState): void;
  /** current in-memory record of an index, including not yet written checkpoints */
  get(sourceIndex: string): IndexState | undefined;
  /** write every pending record now; rejects with the first write error since the last flush */
  flush(): Promise<void>;
  /** flush and stop the timer */
  close(): Promise<void>;
  /** number of store writes issued (observability and tests) */
  readonly writes: number;
}

export function createCheckpointer(store: StateStore, opts: CheckpointerOptions = {}): Checkpointer {
  const intervalMs = opts.intervalMs ?? 0;
  const records = new Map<string, IndexState>();
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let lastWriteAt = -Infinity;
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;
  let writes = 0;
  let closed = false;
  /** background writes under way: the next one waits for them, folding what came meanwhile */
  let inFlight = 0;
  /** callers whose checkpoints the next write carries */
  let waiting: Array<() => void> = [];

  const writeDirty = (): Promise<void> => {
    timer = undefined;
    lastWriteAt = Date.now();
    const batch = [...dirty].map((k) => records.get(k)!);
    dirty.clear();
    const carried = waiting;
    waiting = [];
    // chained so two writes of the same record can never land out of order
    inFlight++;
    writing = writing.then(async () => {
      for (const rec of batch) {
        writes++;
        try {
          await store.saveIndex(rec);
        } catch (e) {
          failure ??= e;
          dirty.add(rec.sourceIndex); // retried by the next write or flush
          opts.onError?.(e);
        }
      }
      for (const w of carried) w();
    });
    const mine = writing;
    void mine.then(() => {
      inFlight--;
      if (dirty.size > 0 && failure === undefined) schedule();
    });
    return mine;
  };

  const schedule = () => {
    if (timer || closed || inFlight > 0) return;
    const wait = lastWriteAt + intervalMs - Date.now();
    if (wait <= 0) {
      void writeDirty();
      return;
    }
    timer = setTimeout(() => void writeDirty(), wait);
    timer.unref?.();
  };

  const checkpoint = (cp: Checkpoint): Promise<void> => {
    const prev = records.get(cp.sourceIndex) ?? { ...emptyIndexState(cp.sourceIndex, cp.destIndex), status: 'running' as const };
    records.set(cp.sourceIndex, applyCheckpoint(prev, cp));
    dirty.add(cp.sourceIndex);
    // after close nothing writes any more: nobody waits for it
    if (closed) return Promise.resolve();
    const written = new Promise<void>((resolve) => waiting.push(resolve));
    schedule();
    return written;
  };

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (dirty.size > 0) await writeDirty();
    else await writing;
    if (failure !== undefined) {
      const e = failure;
      failure = undefined;
      throw e;
    }
  };

  return {
    checkpoint,
    track(state) {
      records.set(state.sourceIndex, structuredClone(state));
    },
    get(sourceIndex) {
      const r = records.get(sourceIndex);
      return r ? structuredClone(r) : undefined;
    },
    flush,
    async close() {
      await flush();
      closed = true;
    },
    get writes() {
      return writes;
    },
  };
}
