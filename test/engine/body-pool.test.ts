// Bulk body memory is reused across requests, and only memory the pool allocated comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyPool } from '../../src/write/body-pool.js';

test('a returned body serves the next one of the same or smaller size', () => {
  const pool = new BodyPool(2);
  const a = pool.take(1000);
  assert.equal(a.length, 1000);
  pool.give(a);
  const b = pool.take(900);
  assert.equal(b.buffer, a.buffer, 'same memory');
  assert.equal(b.length, 1000, 'the whole pooled buffer, to be filled bit by bit');
  const c = pool.take(900);
  assert.notEqual(c.buffer, a.buffer, 'taken memory is not handed out twice');
  pool.give(b);
  assert.notEqual(pool.take(100_000).buffer, a.buffer, 'too small buffers are not used');
});

test('foreign buffers are never pooled; the free list is bounded', () => {
  const pool = new BodyPool(1);
  const slab = Buffer.from('shared slab memory');
  pool.give(slab);
  assert.notEqual(pool.take(4).buffer, slab.buffer);
  const x = pool.take(10);
  const y = pool.take(10);
  pool.give(x);
  pool.give(y);
  const first = pool.take(10);
  const second = pool.take(10);
  assert.equal(first.buffer, x.buffer);
  assert.ok(second.buffer !== x.buffer && second.buffer !== y.buffer);
});

test('every body of a burst of concurrent requests comes back, so the next burst allocates nothing', () => {
  const pool = new BodyPool();
  const first = Array.from({ length: 12 }, (_, i) => pool.take(1000 + i));
  for (const b of first) pool.give(b);
  const memory = new Set(first.map((b) => b.buffer));
  const second = Array.from({ length: 12 }, (_, i) => pool.take(1000 + i));
  assert.ok(second.every((b) => memory.has(b.buffer)), 'a dropped body would be old-space garbage waiting for a full GC');
  assert.equal(new Set(second.map((b) => b.buffer)).size, 12);
});

test('a free body too small for the bulks being built makes room; bodies over the size limit are not kept', () => {
  const pool = new BodyPool(2, 10_000);
  const small = pool.take(100);
  const other = pool.take(100);
  pool.give(small);
  pool.give(other);
  const big = pool.take(5000);
  pool.give(big);
  // one small body was dropped for the big one: the pool holds at most 2, and the big one is reused
  assert.equal(pool.take(4000).buffer, big.buffer);
  const huge = pool.take(20_000);
  pool.give(huge);
  assert.notEqual(pool.take(20_000).buffer, huge.buffer);
});
