// Resume decisions: skip done indices, resume interrupted ones from positions, delta from the last success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planResume } from '../../src/state/resume.js';
import { applyCheckpoint, beginRun, finishRun, failRun } from '../../src/state/index-state.js';
import { compareHighWater, maxHighWater } from '../../src/state/high-water.js';
import type { RunState } from '../../src/state/types.js';

function stateOf(...records: RunState['indices'][string][]): RunState {
  return { indices: Object.fromEntries(records.map((r) => [r.sourceIndex, r])) };
}
const started = (name: string, since?: string) =>
  beginRun(undefined, { sourceIndex: name, destIndex: name, resume: false, ...(since ? { since } : {}) });
const withCp = (name: string, slice: number, ack: number, hw: string) =>
  applyCheckpoint(started(name), {
    sourceIndex: name,
    destIndex: name,
    position: { mode: 'pit', slice: { id: slice, max: 2 }, searchAfter: [ack], acknowledged: ack, done: false },
    highWater: hw,
  });

test('done → skip, interrupted → resume with positions, unknown → fresh', () => {
  const state = stateOf(finishRun(withCp('a', 0, 5, '2026-11-01T01:00:00Z')), withCp('b', 1, 3, '2026-11-01T02:00:00Z'));
  const plans = planResume(state, ['a', 'b', 'c']);
  assert.deepEqual(plans.map((p) => p.action), ['skip', 'resume', 'fresh']);
  assert.deepEqual(plans[1]!.resumeFrom, state.indices['b']!.positions);
  assert.match(plans[1]!.reason, /interrupted run: resuming 1 reader/);
});

test('failed runs resume; runs without any checkpoint start over; a changed destination starts over', () => {
  const state = stateOf(failRun(withCp('a', 0, 5, 'x'), 'boom'), started('b'), withCp('c', 0, 1, 'x'));
  const plans = planResume(state, ['a', 'b', { sourceIndex: 'c', destIndex: 'other' }]);
  assert.deepEqual(plans.map((p) => p.action), ['resume', 'fresh', 'fresh']);
  assert.match(plans[2]!.reason, /destination changed/);
});

test("since 'last': done indices copy from their last high-water, new ones in full, untouched ones are skipped", () => {
  const a = finishRun(withCp('logs-01', 0, 5, '2026-11-01T23:59:00.000Z'));
  const b = finishRun(withCp('logs-02', 0, 5, '2026-11-02T12:00:00.000Z'));
  const state = stateOf(a, b);
  const plans = planResume(state, ['logs-01', 'logs-02', 'logs-03'], {
    since: 'last',
    timeField: '@timestamp',
    // logs-01 got nothing newer (epoch millis of its high-water), logs-02 grew
    sourceMaxTime: { 'logs-01': Date.parse('2026-11-01T23:59:00.000Z'), 'logs-02': Date.parse('2026-11-02T18:00:00Z') },
  });
  assert.deepEqual(plans.map((p) => [p.action, p.since]), [
    ['skip', undefined],
    ['fresh', '2026-11-02T12:00:00.000Z'],
    ['fresh', undefined],
  ]);
  assert.throws(() => planResume(state, ['logs-01'], { since: 'last' }), /needs a time field/);
});

test('an interrupted delta run resumes with the since it started with', () => {
  const prev = finishRun(withCp('a', 0, 5, '2026-11-01T10:00:00Z'));
  const rerun = applyCheckpoint(
    beginRun(prev, { sourceIndex: 'a', destIndex: 'a', since: prev.lastSuccess!.highWater!, resume: false }),
    { sourceIndex: 'a', destIndex: 'a', position: { mode: 'pit', searchAfter: [1], acknowledged: 1, done: false } },
  );
  const [plan] = planResume(stateOf(rerun), ['a'], { since: 'last', timeField: 't' });
  assert.equal(plan!.action, 'resume');
  assert.equal(plan!.since, '2026-11-01T10:00:00Z');
});

test('an empty delta keeps the previous high-water as the next base', () => {
  const first = finishRun(withCp('a', 0, 5, '2026-11-01T10:00:00Z'));
  const second = finishRun(beginRun(first, { sourceIndex: 'a', destIndex: 'a', since: '2026-11-01T10:00:00Z', resume: false }));
  assert.equal(second.lastSuccess!.highWater, '2026-11-01T10:00:00Z');
  assert.equal(second.lastSuccess!.acknowledged, 0);
});

test('high-water ordering compares instants, not spellings', () => {
  assert.ok(compareHighWater('2026-11-01T10:00:00Z', '2026-11-01T09:00:00.000Z') > 0);
  assert.ok(compareHighWater(Date.parse('2026-11-01T10:00:00Z'), '2026-11-01T10:00:00.000+00:00') === 0);
  assert.equal(maxHighWater(5, 12), 12);
  assert.equal(maxHighWater(undefined, 'b'), 'b');
});
