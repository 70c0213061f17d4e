// The writer-count strategies the adaptive bench compares.
import { createAdaptiveController } from '../../src/write/concurrency/adaptive.js';
import { createFixedController } from '../../src/write/concurrency/fixed.js';
import type { ConcurrencyController } from '../../src/write/concurrency/types.js';

export interface Contender {
  name: string;
  adaptive: boolean;
  make(now?: () => number): ConcurrencyController;
}

const adaptive: Contender = { name: 'adaptive (start 4)', adaptive: true, make: (now) => createAdaptiveController({ initial: 4, min: 1, max: 64, now }) };
const fixed = (n: number): Contender => ({ name: `fixed ${n}`, adaptive: false, make: () => createFixedController(n) });

export function contenders(smoke: boolean): Contender[] {
  return smoke ? [adaptive, fixed(1), fixed(32)] : [adaptive, fixed(1), fixed(2), fixed(16), fixed(32)];
}
