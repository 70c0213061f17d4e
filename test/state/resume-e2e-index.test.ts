// kill -9 mid-copy, then resume on another host from a state index on the destination, with a sliced scroll:
// a scroll cannot be resumed, so the finished slice is skipped and the unfinished one starts over.
import { test } from 'node:test';
import { runCrashScenario } from './support/crash-scenario.js';
import { COPY_TUNING } from './support/tuning.js';

test('kill -9 mid-copy, resume from a state index on another host (sliced scroll, 6.2 → OpenSearch 2)', { timeout: 60_000 }, (t) =>
  runCrashScenario(t, {
    source: '6.2',
    dest: 'opensearch-2.11',
    state: 'index',
    // 5 shards split 3/2 between the slices: one slice finishes well before the other
    tuning: { ...COPY_TUNING, readMode: 'sliced-scroll', slices: 2 },
    readers: 2,
    killWhen: (b) => b.positions.length === 2 && b.positions.some((p) => p.done) && b.positions.some((p) => !p.done),
  }));
