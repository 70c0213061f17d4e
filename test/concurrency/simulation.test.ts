// The adaptive controller against the model write pool, in virtual time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, type SimulationOptions, type SimulationResult } from '../../src/write/concurrency/simulate.js';
import { createAdaptiveController, type AdaptiveOptions } from '../../src/write/concurrency/adaptive.js';
import { createFixedController } from '../../src/write/concurrency/fixed.js';

const adaptive = (o: AdaptiveOptions = {}): SimulationOptions['controller'] => (now) => createAdaptiveController({ ...o, now });

function between(r: SimulationResult, fromMs: number, toMs: number) {
  const buckets = r.series.filter((b) => b.startMs >= fromMs && b.startMs < toMs);
  const sum = (k: 'docsWritten' | 'itemsSent' | 'rejectedItems' | 'capacityDocsPerSecond') => buckets.reduce((a, b) => a + b[k], 0);
  return {
    writers: buckets.map((b) => b.writers),
    rejectedShare: sum('rejectedItems') / Math.max(1, sum('itemsSent')),
    // buckets are 1 s wide, so capacity per bucket is its docs/s
    throughputShare: sum('docsWritten') / Math.max(1, sum('capacityDocsPerSecond')),
  };
}

test('rises while the destination has headroom', () => {
  // 4 threads and a slow network: one writer leaves the pool mostly idle
  const r = simulate({
    pool: { threads: 4, queueSize: 100, docsPerSecond: 10_000, shards: 1 },
    networkMs: 20,
    durationMs: 20_000,
    controller: adaptive({ initial: 1 }),
  });
  assert.ok(r.finalWriters >= 6, `final writers ${r.finalWriters}`);
  assert.equal(r.rejectedItems, 0);
  const late = between(r, 5_000, 20_000);
  assert.ok(late.throughputShare >= 0.95, `throughput ${late.throughputShare}`);
  assert.match(r.writerChanges[0]!.reason, /^increase: no rejections/);
});

test('falls within a few simulated seconds when the pool starts rejecting', () => {
  const r = simulate({
    pool: { threads: 4, queueSize: 100, docsPerSecond: 10_000, shards: 3 },
    networkMs: 5,
    durationMs: 40_000,
    changes: [{ atMs: 20_000, threads: 1, queueSize: 2 }],
    controller: adaptive({ initial: 8 }),
  });
  const before = between(r, 10_000, 20_000);
  assert.equal(before.rejectedShare, 0);
  const drop = r.writerChanges.find((c) => c.atMs >= 20_000 && /rejected/.test(c.reason));
  assert.ok(drop, 'a decrease on rejections after the capacity drop');
  assert.ok(drop.atMs < 21_000, `first decrease at ${drop.atMs}`);
  const settled = between(r, 23_000, 40_000);
  assert.ok(Math.max(...settled.writers) <= 2, `writers ${settled.writers.join(',')}`);
  assert.ok(settled.rejectedShare < 0.03, `rejected ${settled.rejectedShare}`);
});

test('recovers after capacity comes back mid-run', () => {
  const r = simulate({
    pool: { threads: 1, queueSize: 2, docsPerSecond: 10_000, shards: 3 },
    networkMs: 20,
    durationMs: 60_000,
    changes: [{ atMs: 20_000, threads: 4, queueSize: 100 }],
    controller: adaptive({ initial: 8 }),
  });
  assert.ok(Math.max(...between(r, 5_000, 20_000).writers) <= 2);
  const late = between(r, 40_000, 60_000);
  assert.ok(Math.min(...late.writers) >= 4, `writers ${late.writers.join(',')}`);
  assert.ok(late.throughputShare >= 0.9, `throughput ${late.throughputShare}`);
  assert.equal(late.rejectedShare, 0);
});

test('stays within min and max whatever the pool does', () => {
  const seen: number[] = [];
  for (const [pool, o] of [
    [{ threads: 8, queueSize: 500, docsPerSecond: 10_000, shards: 1 }, { initial: 1, min: 2, max: 5 }],
    [{ threads: 1, queueSize: 1, docsPerSecond: 5_000, shards: 5 }, { initial: 10, min: 3, max: 12 }],
  ] as const) {
    const r = simulate({ pool, networkMs: 10, durationMs: 20_000, controller: adaptive(o) });
    for (const c of r.writerChanges) seen.push(c.writers);
    for (const b of r.series) assert.ok(b.writers >= o.min && b.writers <= o.max, `writers ${b.writers} outside [${o.min}, ${o.max}]`);
  }
  assert.ok(seen.includes(5), 'the ceiling was reached');
  assert.ok(seen.includes(3), 'the floor was reached');
});

test('fixed mode never changes', () => {
  for (const n of [1, 2, 32]) {
    const r = simulate({
      pool: { threads: 1, queueSize: 2, docsPerSecond: 20_000, shards: 3 },
      durationMs: 10_000,
      controller: () => createFixedController(n),
    });
    assert.deepEqual(r.writerChanges, []);
    assert.ok(r.series.every((b) => b.writers === n));
    if (n > 1) assert.ok(r.rejectedItems > 0, 'too many fixed writers do get rejected');
  }
  assert.throws(() => createFixedController(0), RangeError);
  assert.equal(createFixedController(3).snapshot().adaptive, false);
});

test('steady state: bounded oscillation and few rejections', () => {
  const r = simulate({
    pool: { threads: 1, queueSize: 10, docsPerSecond: 20_000, shards: 2 },
    durationMs: 60_000,
    controller: adaptive({ initial: 16 }),
  });
  const steady = between(r, 20_000, 60_000);
  assert.ok(Math.max(...steady.writers) - Math.min(...steady.writers) <= 2, `writers ${steady.writers.join(',')}`);
  const changes = r.writerChanges.filter((c) => c.atMs >= 20_000).length;
  assert.ok(changes <= 20, `${changes} changes in 40 s`);
  assert.ok(steady.rejectedShare < 0.02, `rejected ${steady.rejectedShare}`);
  assert.ok(steady.throughputShare >= 0.9, `throughput ${steady.throughputShare}`);
});

test('a bounded copy ends with every document written, and replays identically', () => {
  const run = () =>
    simulate({
      pool: { threads: 1, queueSize: 2, docsPerSecond: 20_000, shards: 3 },
      totalDocs: 200_000,
      controller: adaptive({ initial: 16 }),
    });
  const a = run();
  assert.equal(a.docsWritten, 200_000);
  assert.equal(a.unwrittenDocs, 0);
  assert.ok(a.rejectedItems > 0, 'the start at 16 writers did meet rejections');
  assert.equal(a.itemsSent, a.docsWritten + a.rejectedItems, 'every rejected item was sent again');
  assert.deepEqual(run(), a);
});
