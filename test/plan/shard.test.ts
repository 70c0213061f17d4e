import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShardSpec, pickShard, splitForShards } from '../../src/plan/shard.js';

const days = Array.from({ length: 10 }, (_, i) => ({
  name: `logs-2026.11.${String(i + 1).padStart(2, '0')}`,
  docs: 1000 * ((i * 7) % 5 + 1),
  bytes: 100_000 * ((i * 7) % 5 + 1),
}));

for (const by of ['size', 'docs', 'name'] as const) {
  test(`--shard 0/3, 1/3, 2/3 cover the list exactly once (${by})`, () => {
    const parts = [0, 1, 2].map((index) => pickShard(days, { index, count: 3 }, by).map((d) => d.name));
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

test('shard spec parsing', () => {
  assert.deepEqual(parseShardSpec('1/3'), { index: 1, count: 3 });
  assert.equal(typeof parseShardSpec('3/3'), 'string');
  assert.equal(typeof parseShardSpec('x'), 'string');
  assert.equal(typeof parseShardSpec('0/0'), 'string');
});
