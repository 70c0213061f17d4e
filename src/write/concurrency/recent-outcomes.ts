// The last few bulk outcomes, for the rejection rate a snapshot reports.
import type { BulkOutcome } from './types.js';
import { rejectedItemsOf } from './outcome-signals.js';

export interface RecentOutcomes {
  push(outcome: BulkOutcome): void;
  /** rejected items / items over the kept outcomes (0 when empty) */
  rejectionRate(): number;
  size(): number;
}

export function createRecentOutcomes(capacity: number): RecentOutcomes {
  const ring: { items: number; rejected: number }[] = [];
  let next = 0;
  return {
    push(outcome) {
      const entry = { items: Math.max(outcome.items, 0), rejected: rejectedItemsOf(outcome) };
      if (ring.length < capacity) ring.push(entry);
      else ring[next] = entry;
      next = (next + 1) % capacity;
    },
    rejectionRate() {
      let items = 0;
      let rejected = 0;
      for (const e of ring) {
        items += e.items;
        rejected += e.rejected;
      }
      return items > 0 ? rejected / items : 0;
    },
    size: () => ring.length,
  };
}
