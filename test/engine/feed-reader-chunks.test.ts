// A reader that must wait for in-flight room does not keep the network chunk its hits came in
// alive: hits already handed over drop their reference, the ones still to go move to arena slabs.
// Kept alive across a wait, a chunk is promoted, and promoted Buffers wait for a full GC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedReader, type FeedCounts } from '../../src/pipeline/feed-reader.js';
import { InFlightBudget } from '../../src/pipeline/in-flight-budget.js';
import { PositionTracker } from '../../src/pipeline/position-tracker.js';
import type { PrepareContext } from '../../src/pipeline/prepare-doc.js';
import type { WriteDoc } from '../../src/pipeline/write-doc.js';
import type { HitReader } from '../../src/read/reader.js';
import type { RawHit } from '../../src/read/raw-hit.js';
import type { BulkWriter } from '../../src/write/bulk-writer.js';

const prep: PrepareContext = { sourceIndex: 's', destIndex: 'd', destTypeModel: 'typeless', typePlan: { kind: 'drop' }, opType: 'index', keepVersion: false };

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'condition never came true');
}

test('a waiting reader keeps no hit pointing into its network chunk; every doc goes out with its own bytes', async () => {
  const texts = Array.from({ length: 6 }, (_, i) => `{"n":${i},"pad":"${'p'.repeat(i * 7)}"}`);
  const chunk = Buffer.from(texts.join(''));
  let at = 0;
  const group: RawHit[] = texts.map((t, i) => {
    const source = chunk.subarray(at, (at += t.length));
    return { index: 's', id: `h${i}`, source, bytes: t.length + 20 };
  });
  const tracker = new PositionTracker('scroll', undefined, undefined);
  const reader: HitReader = {
    mode: 'scroll',
    tracker,
    total: undefined,
    async *groups() {
      yield group;
      tracker.finishReading();
    },
    close: async () => {},
  };
  const added: WriteDoc[] = [];
  const sent: string[] = [];
  const writer = {
    // the writer's contract: it copies the source before add returns
    add: (doc: WriteDoc) => {
      sent.push(doc.source.toString());
      added.push(doc);
    },
    readerBlocked: () => {},
  } as unknown as BulkWriter;
  const budget = new InFlightBudget({ maxDocs: 2, maxBytes: 1 << 20 });
  const counts: FeedCounts = { read: 0, added: 0, dropped: 0, bytesRead: 0 };
  const fed = feedReader(reader, { budget, writer, prep, counts, signal: new AbortController().signal });

  await until(() => budget.waiting);
  assert.equal(added.length, 2);
  for (const h of group) assert.notEqual(h.source.buffer, chunk.buffer, `${h.id} still points into the chunk`);
  assert.deepEqual(group.slice(2).map((h) => h.source.toString()), texts.slice(2), 'waiting hits keep their bytes');
  // the chunk's memory is the network's again: overwriting it changes nothing that is still to go
  chunk.fill(0x78);

  let settled = 0;
  while (settled < 6) {
    await until(() => added.length > settled);
    added[settled++]!.settle();
  }
  await fed;
  assert.deepEqual(sent, texts);
  assert.equal(tracker.position().acknowledged, 6);
  assert.equal(budget.docs, 0);
  assert.equal(counts.read, 6);
});
