// The contract every state backend implements (a local file, or documents in an index on the destination).
import { failRun, finishRun } from './index-state.js';
import type { IndexState, RunState } from './types.js';

export interface RunResult {
  /** overrides the acknowledged count kept from checkpoints (e.g. the engine report's `written + skipped`) */
  acknowledged?: number;
  highWater?: string | number;
}

/** Held while a run uses a store, so two runs never interleave their writes to the same state. */
export interface StateLock {
  readonly owner: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** take the lock over even when another run holds it (that run is known to be gone) */
  force?: boolean;
}

export interface StateStore {
  /** "state file /x/y.json" or "state index esferry-state on http://…", for messages */
  readonly location: string;
  /** the whole state; an empty state when nothing was saved yet; a corrupt state throws, never resets */
  load(): Promise<RunState>;
  /** persist one index record; concurrent calls are serialised, the last call wins */
  saveIndex(state: IndexState): Promise<void>;
  /** index finished successfully: status done, its high-water becomes the base of the next delta run */
  markDone(sourceIndex: string, result?: RunResult): Promise<IndexState>;
  /** index failed or was cancelled: positions are kept so the next run resumes */
  markFailed(sourceIndex: string, reason: string): Promise<IndexState>;
  /** exclusive use of the state by one run; throws naming the holder when another run holds it */
  lock?(owner?: string, opts?: LockOptions): Promise<StateLock>;
  close?(): Promise<void>;
}

export function defaultOwner(): string {
  return `${process.env.HOSTNAME ?? 'host'}:${process.pid}`;
}

/** markDone/markFailed once for every backend: each store supplies only how it reads and writes one record */
export abstract class StateStoreBase implements StateStore {
  abstract readonly location: string;
  abstract load(): Promise<RunState>;
  abstract saveIndex(state: IndexState): Promise<void>;
  /** a private copy of the stored record of one index (an empty record when none was saved) */
  protected abstract current(sourceIndex: string): Promise<IndexState>;

  async markDone(sourceIndex: string, result?: RunResult): Promise<IndexState> {
    const next = finishRun(await this.current(sourceIndex), result);
    await this.saveIndex(next);
    return next;
  }

  async markFailed(sourceIndex: string, reason: string): Promise<IndexState> {
    const next = failRun(await this.current(sourceIndex), reason);
    await this.saveIndex(next);
    return next;
  }
}
