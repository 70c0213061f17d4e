// Checkpointer: folds checkpoints per reader, writes at most every intervalMs, always persists the last one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCheckpointer } from '../../src/state/checkpointer.js';
import { emptyIndexState, failRun, finishRun } from '../../src/state/index-state.js';
import type { StateStore } from '../../src/state/store.js';
import type { IndexState, RunState } from '../../src/state/types.js';
import type { Checkpoint } from '../../src/engine/types.js';

/** in-memory store recording every save, optionally slow or failing */
function memoryStore(opts: { failFirst?: number } = {}) {
  const saved: IndexState[] = [];
  const state: RunState = { indices: {} };
  let failures = opts.failFirst ?? 0;
  const store: StateStore = {
    location: 'memory',
    async load() {
      return structuredClone(state);
    },
    async saveIndex(s) {
      await new Promise((r) => setImmediate(r));
      if (failures > 0) {
        failures--;
        throw new Error('disk full');
      }
      saved.push(structuredClone(s));
      state.indices[s.sourceIndex] = structuredClone(s);
    },
    async markDone(src, result) {
      const next = finishRun(state.indices[src] ?? emptyIndexState(src), result);
      await store.saveIndex(next);
      return next;
    },
    async markFailed(src, reason) {
      const next = failRun(state.indices[src] ?? emptyIndexState(src), reason);
      await store.saveIndex(next);
      return next;
    },
  };
  return { store, saved, state };
}

const cp = (slice: number, acknowledged: number, highWater?: string): Checkpoint => ({
  sourceIndex: 'logs',
  destIndex: 'v2-logs',
  position: { mode: 'search-after', slice: { id: slice, max: 2 }, searchAfter: [acknowledged], acknowledged, done: false },
  ...(highWater ? { highWater } : {}),
});

test('many checkpoints inside one interval make few writes, and the last one is what is stored', async () => {
  const { store, saved, state } = memoryStore();
  const c = createCheckpointer(store, { intervalMs: 60_000 });
  for (let i = 1; i <= 500; i++) c.checkpoint(cp(i % 2, i, `2026-11-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`));
  // the first checkpoint writes at once (leading edge); the rest wait for the interval or a flush
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(saved.length, 1);
  await c.flush();
  assert.equal(saved.length, 2);
  const rec = state.indices['logs']!;
  assert.equal(rec.positions.length, 2);
  assert.deepEqual(rec.positions.map((p) => p.acknowledged), [500, 499]);
  assert.equal(rec.acknowledged, 999);
  assert.equal(rec.highWater, '2026-11-01T00:00:59.000Z');
  assert.equal(rec.destIndex, 'v2-logs');
  await c.close();
});

test('with a short interval the trailing checkpoint is written without a flush', async () => {
  const { store, state } = memoryStore();
  const c = createCheckpointer(store, { intervalMs: 5 });
  c.checkpoint(cp(0, 1));
  c.checkpoint(cp(0, 2));
  c.checkpoint(cp(0, 3));
  for (let i = 0; i < 100 && state.indices['logs']?.acknowledged !== 3; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(state.indices['logs']!.acknowledged, 3);
  await c.close();
});

test('a failed write is retried by the next flush and reported once', async () => {
  const { store, state } = memoryStore({ failFirst: 1 });
  const errors: unknown[] = [];
  const c = createCheckpointer(store, { intervalMs: 60_000, onError: (e) => errors.push(e) });
  c.checkpoint(cp(0, 7));
  await assert.rejects(c.flush(), /disk full/);
  assert.equal(errors.length, 1);
  await c.flush();
  assert.equal(state.indices['logs']!.acknowledged, 7);
});

test('track() seeds a resumed record: untouched readers keep their saved positions', async () => {
  const { store, state } = memoryStore();
  const c = createCheckpointer(store, { intervalMs: 60_000 });
  c.track({
    ...emptyIndexState('logs', 'v2-logs'),
    status: 'running',
    positions: [
      { mode: 'search-after', slice: { id: 0, max: 2 }, searchAfter: [10], acknowledged: 10, done: true },
      { mode: 'search-after', slice: { id: 1, max: 2 }, searchAfter: [4], acknowledged: 4, done: false },
    ],
    acknowledged: 14,
  });
  c.checkpoint(cp(1, 9));
  await c.flush();
  const rec = state.indices['logs']!;
  assert.deepEqual(rec.positions.map((p) => [p.slice!.id, p.acknowledged, p.done]), [[0, 10, true], [1, 9, false]]);
  assert.equal(rec.acknowledged, 19);
});

test('a checkpoint resolves once a write carrying it ended, not before', async () => {
  const { store, saved } = memoryStore();
  const c = createCheckpointer(store);
  const first = c.checkpoint(cp(0, 10));
  // a second one while the first write is under way: carried by the next write
  const second = c.checkpoint(cp(1, 20));
  let secondDone = false;
  void second.then(() => (secondDone = true));
  await first;
  assert.equal(saved.length, 1);
  assert.equal(saved[0]!.positions.find((p) => p.slice?.id === 1), undefined);
  assert.equal(secondDone, false, 'not written yet');
  await second;
  assert.equal(saved.length, 2);
  assert.equal(saved[1]!.positions.find((p) => p.slice?.id === 1)?.acknowledged, 20);
  await c.close();
});
