// Shapes kept in the coordination index: the plan (the work items), one record per item (its lease
// and checkpoint) and one per destination index (its metadata/tuning step, done once).
import type { ReaderPosition } from '../engine/types.js';

/** one unit of work: a whole small index, or one slice of a large one */
export interface WorkItem {
  id: string;
  sourceIndex: string;
  destIndex: string;
  /** slice of the index, for indices split over several items */
  slice?: { id: number; max: number };
  /** how the slice is read: whole shards with search_after / a sliced PIT (resumable), or a sliced scroll (absent: sliced scroll) */
  readMode?: 'sliced-scroll' | 'search-after' | 'pit';
  /** docs counted when the plan was made */
  docs: number;
}

export interface PlanRecord {
  kind: 'plan';
  items: WorkItem[];
  /** lease time every worker of this migration uses */
  leaseMs: number;
  /** source/destination the plan was made for: a worker pointed elsewhere refuses to join */
  source: string;
  dest: string;
  createdBy: string;
  createdAt: string;
}

/** what every leased record carries: who holds it, which claim, how often it was renewed */
export interface LeaseFields {
  owner: string;
  /** random per claim: a holder recognises its own write after an unclear answer */
  claim: string;
  renewals: number;
  /** holder's wall clock, for people reading status only: leases never compare wall clocks */
  updatedAt: string;
}

/** released: handed back by a cancelled worker, claimable at once */
export type ItemStatus = 'running' | 'released' | 'done' | 'failed';

export interface ItemRecord extends LeaseFields {
  kind: 'item';
  item: string;
  status: ItemStatus;
  /** acknowledged read positions of the item (resume point of a take-over) */
  positions: ReaderPosition[];
  acknowledged: number;
  docsPerSecond: number;
  /** claims so far (1 = never taken over) */
  attempts: number;
  error?: string;
  startedAt: string;
  finishedAt?: string;
}

export type IndexStepStatus = 'setup' | 'ready' | 'restored' | 'failed';

export interface IndexRecord extends LeaseFields {
  kind: 'index';
  dest: string;
  status: IndexStepStatus;
  error?: string;
}

export type CoordRecord = PlanRecord | ItemRecord | IndexRecord;
