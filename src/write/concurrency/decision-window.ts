// What the controller saw since its last decision: bulk outcomes plus write-pool counters.
import type { BulkOutcome } from './types.js';
import { isConnectionError, isRequestRejected, rejectedItemsOf } from './outcome-signals.js';

export interface WindowSummary {
  responses: number;
  items: number;
  rejectedItems: number;
  /** bulks with at least one rejected item (or rejected whole) */
  rejectedBulks: number;
  requestRejections: number;
  connectionErrors: number;
  /** mean latency per accepted item, ms (undefined when no bulk was accepted) */
  msPerItem?: number;
  /** at least one bulk was sent while the writers used the whole limit */
  limitReached: boolean;
  /** shard tasks the destination write pool rejected during the window */
  poolRejected: number;
  /** highest queue / queueSize the write pool showed during the window (0..1) */
  maxQueueFill?: number;
  startedAt: number;
}

export interface DecisionWindow {
  addOutcome(outcome: BulkOutcome, limit: number): void;
  addPool(rejectedDelta: number, queueFill: number | undefined): void;
  summary(): WindowSummary;
  startedAt(): number;
}

export function createDecisionWindow(startedAt: number): DecisionWindow {
  const s: WindowSummary = {
    responses: 0,
    items: 0,
    rejectedItems: 0,
    rejectedBulks: 0,
    requestRejections: 0,
    connectionErrors: 0,
    limitReached: false,
    poolRejected: 0,
    startedAt,
  };
  let latencySum = 0;
  let acceptedItems = 0;
  return {
    addOutcome(outcome, limit) {
      s.responses += 1;
      s.items += Math.max(outcome.items, 0);
      const rejected = rejectedItemsOf(outcome);
      s.rejectedItems += rejected;
      if (rejected > 0) s.rejectedBulks += 1;
      if (isRequestRejected(outcome)) s.requestRejections += 1;
      if (isConnectionError(outcome)) s.connectionErrors += 1;
      const accepted = Math.max(outcome.items, 0) - rejected;
      if (outcome.status >= 200 && outcome.status < 300 && accepted > 0) {
        latencySum += Math.max(outcome.latencyMs, 0);
        acceptedItems += accepted;
      }
      // without the in-flight count we cannot tell, so assume the limit was used
      if (outcome.inFlight === undefined || outcome.inFlight >= limit) s.limitReached = true;
    },
    addPool(rejectedDelta, queueFill) {
      s.poolRejected += Math.max(rejectedDelta, 0);
      if (queueFill !== undefined) s.maxQueueFill = Math.max(s.maxQueueFill ?? 0, queueFill);
    },
    summary() {
      return { ...s, msPerItem: acceptedItems > 0 ? latencySum / acceptedItems : undefined };
    },
    startedAt: () => s.startedAt,
  };
}
