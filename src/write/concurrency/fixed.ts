// A controller that never changes its limit: `--writers N` turns adaptation off.
import type { BulkOutcome, ConcurrencyController, ConcurrencySnapshot } from './types.js';
import { createRecentOutcomes } from './recent-outcomes.js';

export function createFixedController(writers: number): ConcurrencyController {
  if (!Number.isInteger(writers) || writers < 1) {
    throw new RangeError(`fixed writer count must be a positive integer, got ${writers}`);
  }
  // still tracks the rejection rate so progress and reports can show it
  const recent = createRecentOutcomes(8);
  return {
    current: () => writers,
    onBulkOutcome(outcome: BulkOutcome) {
      recent.push(outcome);
    },
    subscribe() {
      // the limit never changes, so there is nothing to tell
      return () => {};
    },
    snapshot(): ConcurrencySnapshot {
      return { writers, reason: `fixed: ${writers} writers`, rejectionRate: recent.rejectionRate(), adaptive: false };
    },
    stop() {},
  };
}
