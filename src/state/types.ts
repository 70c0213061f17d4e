// Shapes of persisted run state: what a later run (on any host) needs to skip, resume or delta-copy an index.
import type { ReaderPosition } from '../engine/types.js';

export type IndexStatus = 'pending' | 'running' | 'done' | 'failed';

/** The last run of one index that finished successfully; the base of `since: 'last'` delta copies. */
export interface SuccessfulRun {
  /** highest time-field value acknowledged by that run (absent when no time field was configured) */
  highWater?: string | number;
  acknowledged: number;
  finishedAt: string;
}

/** Everything known about one source index. One record (file entry / state document) per source index. */
export interface IndexState {
  sourceIndex: string;
  destIndex: string;
  status: IndexStatus;
  /** latest acknowledged position of every reader (one per slice; a single entry when unsliced) */
  positions: ReaderPosition[];
  /** docs acknowledged by the destination in the current run (sum over readers) */
  acknowledged: number;
  /** highest time-field value acknowledged in the current run */
  highWater?: string | number;
  /** lower bound (`since`) the current run reads from; kept so a resumed delta run reads the same range */
  since?: string | number;
  timeField?: string;
  lastSuccess?: SuccessfulRun;
  /** why the last run failed or was cancelled */
  error?: string;
  /** who wrote this record last ("host:pid"), for messages about concurrent runs */
  owner?: string;
  startedAt?: string;
  updatedAt: string;
  finishedAt?: string;
}

export interface RunState {
  /** keyed by source index name */
  indices: Record<string, IndexState>;
}

/** Current version of the persisted format; readers refuse other versions instead of guessing. */
export const STATE_FORMAT_VERSION = 1;
export const STATE_FORMAT_NAME = 'esferry-state';
