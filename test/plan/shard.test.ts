import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShardSpec, pickShard, splitForShards } from '../../src/plan/shard.js';

const days = Array.from({ length: 10 }, (_, i) => ({
  name: `logs-2026.11.${String(i + 1).padStart(2, '0')}`,
  docs: 1000 * ((i * 7) % 5 + 1),
  bytes: 100_000 * ((i * 7) % 5 + 1),
}));

for (const by of ['size', 'docs', 'name'] as const) {
  test(`--shard 1/3, 2/3, 3/3 cover the list exactly once (${by})`, () => {
    const parts = [1, 2, 3].map((share) => pickShard(days, { share, count: 3 }, by).map((d) => d.name));
    const all = parts.flat();
    assert.equal(all.length, days.length);
    assert.deepEqual([...all].sort(), days.map((d) => d.name).sort());
    for (const p of parts) assert.ok(p.length > 0);
  });
}

test('the size split is balanced and independent of input order', () => {
  const a = splitForShards(days, 3).map((s) => s.map((d) => d.name).sort());
  const b = splitForShards([...days].reverse(), 3).map((s) => s.map((d) => d.name).sort());
  assert.deepEqual(a, b);
  const loads = splitForShards(days, 3).map((s) => s.reduce((x, d) => x + d.bytes, 0));
  assert.ok(Math.max(...loads) - Math.min(...loads) <= 500_000, `loads ${loads.join(',')}`);
});

test('shard spec parsing: counted from 1, 0/n and i > n refused with the range to use', () => {
  assert.deepEqual(parseShardSpec('1/3'), { share: 1, count: 3 });
  assert.deepEqual(parseShardSpec('3/3'), { share: 3, count: 3 });
  assert.deepEqual(parseShardSpec(' 1 / 1 '), { share: 1, count: 1 });
  assert.equal(parseShardSpec('0/3'), '--shard counts from 1: "0/3" names no share; the 3 hosts use 1/3 … 3/3');
  assert.equal(parseShardSpec('4/3'), '--shard: i must be between 1 and 3 for n=3, got "4/3"');
  assert.match(String(parseShardSpec('x')), /must look like i\/n, counted from 1/);
  assert.match(String(parseShardSpec('-1/3')), /must look like i\/n/);
  assert.match(String(parseShardSpec('0/0')), /n must be at least 1/);
});

test('1/3 is the first share: the share a 0-based reading gave to 0/3', () => {
  const first = splitForShards(days, 3, 'name')[0]!.map((d) => d.name);
  assert.deepEqual(pickShard(days, { share: 1, count: 3 }, 'name').map((d) => d.name).sort(), [...first].sort());
});
