// The seam between the bulk writers and whatever decides how many of them may run at once.
import type { ThreadPoolSample } from '../../cluster/types.js';

/** What one finished bulk request tells the controller. */
export interface BulkOutcome {
  latencyMs: number;
  /** items sent in the request */
  items: number;
  /** items answered 429 / es_rejected_execution_exception (inside an HTTP 200) */
  rejectedItems: number;
  /** HTTP status of the whole request (0 for a connection error) */
  status: number;
  bytes: number;
  /**
   * bulk requests in flight (this one included) when it was sent. Optional: when given, the
   * adaptive controller only raises the limit after the writers actually used it all.
   */
  inFlight?: number;
  /**
   * destination shard tasks the request makes at most (bulks built per shard group know it);
   * with the write pool's size it tells whether a limit can fit in the pool at all
   */
  shardTasks?: number;
}

export interface ConcurrencySnapshot {
  writers: number;
  /** why the last change happened, e.g. "increase: no rejections for 5 bulks" */
  reason: string;
  /** rejected items / items over the recent window */
  rejectionRate: number;
  adaptive: boolean;
}

export interface ConcurrencyController {
  /** how many bulk requests may be in flight now */
  current(): number;
  onBulkOutcome(outcome: BulkOutcome): void;
  /** destination write-pool counters, polled periodically by the engine when adaptive */
  onThreadPool?(sample: ThreadPoolSample): void;
  /** called with the new limit whenever it changes */
  subscribe(listener: (writers: number) => void): () => void;
  snapshot(): ConcurrencySnapshot;
  stop(): void;
}
