// Source bytes of in-flight docs live in recycled slabs: a slab is reused only once every
// document in it settled, and reuse never changes the bytes of a document still in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceArena, type Slab } from '../../src/pipeline/source-arena.js';

test('copies are exact; slabs recycle only when empty; memory stays bounded by what is in flight', () => {
  const arena = new SourceArena(1024, 4);
  const inFlight: Array<{ bytes: Buffer; slab: Slab; want: string }> = [];
  let n = 0;
  for (let round = 0; round < 200; round++) {
    for (let k = 0; k < 10; k++) {
      const want = JSON.stringify({ n: n++, pad: 'x'.repeat(n % 97) });
      const held = arena.hold(Buffer.from(want))!;
      inFlight.push({ ...held, want });
    }
    // settle the oldest docs, out of order within the batch
    const settle = inFlight.splice(0, 10).reverse();
    for (const d of settle) {
      assert.equal(d.bytes.toString(), d.want, 'bytes unchanged until settled');
      arena.release(d.slab);
    }
    for (const d of inFlight) assert.equal(d.bytes.toString(), d.want);
  }
  assert.ok(arena.allocated <= 4, `slabs allocated: ${arena.allocated}`);
});

test('a doc still in flight pins its slab while others are recycled around it', () => {
  const arena = new SourceArena(256, 8);
  const pinned = arena.hold(Buffer.from('{"pinned":true}'))!;
  const ids: string[] = [];
  for (let i = 0; i < 500; i++) {
    const s = `{"i":${i}}`;
    const h = arena.hold(Buffer.from(s))!;
    ids.push(h.bytes.toString());
    arena.release(h.slab);
  }
  assert.equal(pinned.bytes.toString(), '{"pinned":true}');
  assert.deepEqual(ids, Array.from({ length: 500 }, (_, i) => `{"i":${i}}`));
  assert.ok(arena.allocated <= 3);
});

test('big sources keep their own memory', () => {
  const arena = new SourceArena(1024);
  assert.equal(arena.hold(Buffer.alloc(arena.maxCopy + 1)), undefined);
  assert.ok(arena.hold(Buffer.alloc(arena.maxCopy)));
});
