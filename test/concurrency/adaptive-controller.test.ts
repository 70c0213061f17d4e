// Unit behaviour of the adaptive controller, driven by hand on a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdaptiveController } from '../../src/write/concurrency/adaptive.js';
import type { BulkOutcome } from '../../src/write/concurrency/types.js';

function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const ok = (over: Partial<BulkOutcome> = {}): BulkOutcome => ({ latencyMs: 50, items: 100, rejectedItems: 0, status: 200, bytes: 1000, ...over });

/** sends `n` bulks one after the other, so each was sent after any previous change */
function feed(c: ReturnType<typeof createAdaptiveController>, clk: ReturnType<typeof clock>, n: number, over: Partial<BulkOutcome> = {}) {
  for (let i = 0; i < n; i++) {
    const outcome = ok(over);
    clk.advance(outcome.latencyMs + 10);
    c.onBulkOutcome(outcome);
  }
}

test('starts at the initial value and adds one writer after a clean window', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 3, now: clk.now });
  assert.equal(c.current(), 3);
  feed(c, clk, 3);
  assert.equal(c.current(), 3, 'no decision before the window is full');
  feed(c, clk, 1);
  assert.equal(c.current(), 4);
  assert.match(c.snapshot().reason, /^increase: no rejections in last 4 bulks$/);
  assert.equal(c.snapshot().adaptive, true);
});

test('cuts by the rejected share and explains why', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 20, now: clk.now });
  // 37 of 100 items rejected per bulk: below the "severe" mark, so a full window is collected
  feed(c, clk, 4, { rejectedItems: 37 });
  assert.equal(c.current(), 12); // floor(20 * 0.63)
  assert.equal(c.snapshot().reason, 'decrease: 37% items rejected in last 4 bulks');
  assert.ok(Math.abs(c.snapshot().rejectionRate - 0.37) < 1e-9);
});

test('a mostly rejected bulk acts at once and halves at most', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 32, now: clk.now });
  feed(c, clk, 1, { rejectedItems: 100 });
  assert.equal(c.current(), 16);
  assert.match(c.snapshot().reason, /100% items rejected in last bulk/);
});

test('a whole-request 429 or 503 counts every item as rejected', () => {
  for (const status of [429, 503]) {
    const clk = clock();
    const c = createAdaptiveController({ initial: 8, now: clk.now });
    feed(c, clk, 1, { status });
    assert.equal(c.current(), 4, `status ${status}`);
    assert.match(c.snapshot().reason, /answered 429\/503/);
  }
});

test('connection errors halve the limit', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 10, now: clk.now });
  feed(c, clk, 1, { status: 0, items: 0 });
  assert.equal(c.current(), 10, 'one error alone waits for the window');
  feed(c, clk, 3);
  assert.equal(c.current(), 5);
  assert.match(c.snapshot().reason, /1 connection error in last 4 bulks/);
});

test('bulks sent before the last change do not count against the new limit', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 32, now: clk.now });
  feed(c, clk, 1, { rejectedItems: 100 });
  assert.equal(c.current(), 16);
  // stragglers sent at the old limit come back rejected: already accounted for
  for (let i = 0; i < 10; i++) {
    clk.advance(1);
    c.onBulkOutcome(ok({ rejectedItems: 100, latencyMs: 500 }));
  }
  assert.equal(c.current(), 16);
  // but a bulk sent after the change counts
  clk.advance(100);
  c.onBulkOutcome(ok({ rejectedItems: 100, latencyMs: 50 }));
  assert.equal(c.current(), 8);
});

test('never leaves [min, max]', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 100, min: 2, max: 6, now: clk.now });
  assert.equal(c.current(), 6, 'initial is clamped');
  for (let i = 0; i < 50; i++) feed(c, clk, 4);
  assert.equal(c.current(), 6);
  for (let i = 0; i < 50; i++) feed(c, clk, 1, { rejectedItems: 100 });
  assert.equal(c.current(), 2);
  const seen = new Set<number>();
  c.subscribe((w) => seen.add(w));
  for (let i = 0; i < 200; i++) feed(c, clk, 1, { rejectedItems: i % 3 === 0 ? 100 : 0 });
  for (const w of seen) assert.ok(w >= 2 && w <= 6, `writers ${w}`);
});

test('does not raise the limit when the writers never used it', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 8, now: clk.now });
  feed(c, clk, 40, { inFlight: 3 });
  assert.equal(c.current(), 8);
  feed(c, clk, 4, { inFlight: 8 });
  assert.equal(c.current(), 9);
});

test('rising latency without rejections stops the climb, strong queueing steps down', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 4, now: clk.now });
  feed(c, clk, 4, { latencyMs: 50 });
  assert.equal(c.current(), 5);
  feed(c, clk, 4, { latencyMs: 90 }); // 1.8x baseline: hold
  assert.equal(c.current(), 5);
  feed(c, clk, 4, { latencyMs: 200 }); // 4x baseline: one down
  assert.equal(c.current(), 4);
  assert.match(c.snapshot().reason, /^decrease: bulk latency 4\.0x its baseline \(queueing\)$/);
});

test('write-pool rejections seen only in the counters step down; a full queue holds', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 6, now: clk.now });
  const sample = (rejected: number, queue: number) => c.onThreadPool({ pool: 'write', rejected, queue, active: 1, threads: 1, queueSize: 10 });
  sample(100, 0);
  clk.advance(10);
  sample(100, 9); // queue 90% full
  feed(c, clk, 4);
  assert.equal(c.current(), 6);
  assert.match(c.snapshot().reason, /^start/);
  sample(130, 2); // 30 shard tasks rejected since the last sample
  feed(c, clk, 4);
  assert.equal(c.current(), 5);
  assert.equal(c.snapshot().reason, 'decrease: destination write pool rejected 30 shard tasks');
  // a counter reset (node restart) is not a rejection burst
  sample(0, 0);
  feed(c, clk, 4);
  assert.equal(c.current(), 5, 'probing near the last trouble spot waits for more clean windows');
});

test('subscribers hear every change; unsubscribe and stop silence them', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 2, now: clk.now });
  const heard: number[] = [];
  const off = c.subscribe((w) => heard.push(w));
  c.subscribe(() => {
    throw new Error('a broken listener must not break the controller');
  });
  feed(c, clk, 8);
  assert.deepEqual(heard, [3, 4]);
  off();
  feed(c, clk, 4);
  assert.deepEqual(heard, [3, 4]);
  c.stop();
  const before = c.current();
  feed(c, clk, 40, { rejectedItems: 100 });
  assert.equal(c.current(), before, 'a stopped controller no longer changes');
});

test('repeated failed probes at the same limit wait longer each time', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 2, now: clk.now });
  feed(c, clk, 1, { rejectedItems: 100 }); // trouble at 2 → 1
  assert.equal(c.current(), 1);
  const cleanBulksUntilProbe = () => {
    let n = 0;
    while (c.current() === 1) {
      feed(c, clk, 1);
      n++;
      assert.ok(n < 10_000);
    }
    feed(c, clk, 1, { rejectedItems: 100 }); // the probe fails
    assert.equal(c.current(), 1);
    return n;
  };
  const waits = [cleanBulksUntilProbe(), cleanBulksUntilProbe(), cleanBulksUntilProbe()];
  assert.ok(waits[1]! > waits[0]! && waits[2]! > waits[1]!, `waits ${waits.join(', ')}`);
});

test('a refused probe goes back to the limit that held, not to half of it', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 2, now: clk.now });
  feed(c, clk, 4);
  assert.equal(c.current(), 3, 'probe one above 2');
  // the probe's extra request found the pool full: one whole single-shard bulk refused
  feed(c, clk, 1, { rejectedItems: 100 });
  assert.equal(c.current(), 2);
  assert.match(c.snapshot().reason, /100% items rejected in last bulk; back to 2, the limit that held$/);
  // rejections at a limit that was not just probed are cut as before
  feed(c, clk, 1, { rejectedItems: 100 });
  assert.equal(c.current(), 1);
});

test('a refused probe that could not fit in the write pool waits far longer before the next one', () => {
  // the same history twice: the writers say each bulk makes one shard task; only the second
  // controller knows the pool (1 thread + queue 1 = 2 slots), so it knows 3 bulks cannot fit
  const bulksUntilSecondProbe = (poolKnown: boolean) => {
    const clk = clock();
    const c = createAdaptiveController({ initial: 3, now: clk.now });
    if (poolKnown) c.onThreadPool({ pool: 'write', rejected: 0, queue: 0, active: 0, threads: 1, queueSize: 1 });
    feed(c, clk, 1, { rejectedItems: 100, shardTasks: 1 }); // trouble at 3
    assert.equal(c.current(), 1, 'severe rejection halves 3 to 1');
    while (c.current() < 3) feed(c, clk, 1, { shardTasks: 1 }); // back up: 2, then a probe at 3
    feed(c, clk, 1, { rejectedItems: 100, shardTasks: 1 }); // the probe is refused
    assert.equal(c.current(), 2, 'back to the limit that held');
    let n = 0;
    while (c.current() === 2 && n < 20_000) {
      feed(c, clk, 1, { shardTasks: 1 });
      n++;
    }
    return n;
  };
  const blind = bulksUntilSecondProbe(false);
  const informed = bulksUntilSecondProbe(true);
  assert.ok(blind < 100, `without pool size the next probe comes after ${blind} bulks`);
  assert.ok(informed >= 64 * blind, `with the pool size known: ${informed} bulks (vs ${blind})`);
});

test('a probe that fits in the write pool keeps the usual back-off', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 2, now: clk.now });
  // 1 thread + queue 50: three single-shard bulks fit, so a refusal at 3 is someone else's load
  c.onThreadPool({ pool: 'write', rejected: 0, queue: 0, active: 0, threads: 1, queueSize: 50 });
  feed(c, clk, 4, { shardTasks: 1 });
  assert.equal(c.current(), 3);
  feed(c, clk, 1, { rejectedItems: 100, shardTasks: 1 });
  assert.equal(c.current(), 2);
  let n = 0;
  while (c.current() === 2 && n < 20_000) {
    feed(c, clk, 1, { shardTasks: 1 });
    n++;
  }
  assert.ok(n < 100, `next probe after ${n} bulks`);
});

test('trouble at a lower limit after a refused over-pool probe does not make probes cheap again', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 3, now: clk.now });
  c.onThreadPool({ pool: 'write', rejected: 0, queue: 0, active: 0, threads: 1, queueSize: 1 });
  feed(c, clk, 1, { rejectedItems: 100, shardTasks: 1 }); // 3 → 1
  while (c.current() < 3) feed(c, clk, 1, { shardTasks: 1 });
  feed(c, clk, 1, { rejectedItems: 100, shardTasks: 1 }); // the probe at 3 is refused → 2
  assert.equal(c.current(), 2);
  // late rejections of requests sent at 3 (or someone else's load) hit at 2: 2 → 1
  feed(c, clk, 1, { rejectedItems: 100, shardTasks: 1 });
  assert.equal(c.current(), 1);
  let n = 0;
  while (c.current() < 3 && n < 20_000) {
    feed(c, clk, 1, { shardTasks: 1 });
    n++;
  }
  assert.ok(n >= 1_000, `the next probe at 3 came after ${n} clean bulks`);
});

test('rejections at a starting limit that cannot fit in the write pool make the probe back there rare', () => {
  const clk = clock();
  const c = createAdaptiveController({ initial: 4, now: clk.now });
  // 1 thread + queue 2 = 3 slots: four single-shard bulks cannot all be in the pool
  c.onThreadPool({ pool: 'write', rejected: 0, queue: 0, active: 0, threads: 1, queueSize: 2 });
  feed(c, clk, 4, { rejectedItems: 25, shardTasks: 1 }); // a quarter rejected → 3
  assert.equal(c.current(), 3);
  let n = 0;
  while (c.current() === 3 && n < 20_000) {
    feed(c, clk, 1, { shardTasks: 1 });
    n++;
  }
  assert.ok(n >= 1_000, `probe back to 4 after ${n} clean bulks`);
});
