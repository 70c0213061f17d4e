// How one bulk outcome reads as back-pressure. A whole-request 429/503 rejects every item of it;
// status 0 is a connection error (no answer at all).
import type { BulkOutcome } from './types.js';

export function isRequestRejected(outcome: BulkOutcome): boolean {
  return outcome.status === 429 || outcome.status === 503;
}

export function isConnectionError(outcome: BulkOutcome): boolean {
  return outcome.status === 0;
}

/** items the destination turned away because it was overloaded */
export function rejectedItemsOf(outcome: BulkOutcome): number {
  const items = Math.max(outcome.items, 0);
  if (isRequestRejected(outcome) || isConnectionError(outcome)) return items;
  return Math.min(Math.max(outcome.rejectedItems, 0), items);
}
