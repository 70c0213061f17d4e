// Transform stage, in-flight bound, positions, destination names, accounting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareDocs, resolveTypePlan, type PrepareContext, type PreparedDoc } from '../../src/pipeline/prepare-doc.js';
import { InFlightBudget } from '../../src/pipeline/in-flight-budget.js';
import { PositionTracker } from '../../src/pipeline/position-tracker.js';
import { destinationName } from '../../src/engine/resolve-indices.js';
import { checkAccounting, compareWithTotal } from '../../src/engine/accounting.js';
import { adaptPageSize } from '../../src/read/reader.js';
import { buildQuery } from '../../src/read/search-body.js';
import type { RawHit } from '../../src/read/raw-hit.js';

const hit = (over: Partial<RawHit> = {}): RawHit => ({ index: 'src', id: '1', type: 'user', source: Buffer.from('{"a":1,"ts":"2026-11-01T00:00:00.000Z"}'), bytes: 50, ...over });
const ctx = (over: Partial<PrepareContext> = {}): PrepareContext => ({
  sourceIndex: 'src',
  destIndex: 'dst',
  destTypeModel: 'none',
  typePlan: { kind: 'drop' },
  opType: 'index',
  keepVersion: false,
  ...over,
});
const sync = (r: PreparedDoc[] | Promise<PreparedDoc[]>) => {
  assert.ok(Array.isArray(r));
  return r as PreparedDoc[];
};

test('pass-through keeps the raw source bytes and renames the index', () => {
  const h = hit({ routing: 'r' });
  const [d] = sync(prepareDocs(h, ctx()));
  assert.equal(d!.source, h.source);
  assert.deepEqual(d!.meta, { index: 'dst', id: '1', routing: 'r' });
});

test('types: kept on typed destinations, dropped on typeless, merged into a field', () => {
  assert.deepEqual(resolveTypePlan('auto', 'single'), { kind: 'keep' });
  assert.deepEqual(resolveTypePlan(undefined, 'typeless'), { kind: 'drop' });
  assert.equal(sync(prepareDocs(hit(), ctx({ destTypeModel: 'multi', typePlan: { kind: 'keep' } })))[0]!.meta.type, 'user');
  assert.equal(sync(prepareDocs(hit(), ctx({ destTypeModel: 'none', typePlan: { kind: 'keep' } })))[0]!.meta.type, undefined);
  const [m] = sync(prepareDocs(hit(), ctx({ destTypeModel: 'single', typePlan: resolveTypePlan({ mergeIntoField: 'kind', type: 'doc' }, 'single') })));
  assert.equal(m!.meta.type, 'doc');
  assert.deepEqual(JSON.parse(m!.source.toString()), { a: 1, ts: '2026-11-01T00:00:00.000Z', kind: 'user' });
});

test('merged types: split docs sharing one _source each get their own type, the transform object untouched', () => {
  const shared = { a: 1 };
  const docs = sync(
    prepareDocs(
      hit(),
      ctx({ destTypeModel: 'single', typePlan: { kind: 'merge', field: 'kind' }, transform: (d) => [{ ...d, _source: shared, _type: 'x' }, { ...d, _id: '2', _source: shared, _type: 'y' }] }),
    ),
  );
  assert.deepEqual(docs.map((d) => JSON.parse(d.source.toString()) as unknown), [{ a: 1, kind: 'x' }, { a: 1, kind: 'y' }]);
  assert.deepEqual(shared, { a: 1 });
});

test('parent becomes routing on 7+, stays parent on multi-type destinations', () => {
  const child = hit({ parent: 'q1', routing: 'q1' });
  assert.deepEqual(sync(prepareDocs(child, ctx({ destTypeModel: 'multi', typePlan: { kind: 'keep' } })))[0]!.meta, { index: 'dst', id: '1', type: 'user', parent: 'q1', routing: 'q1' });
  assert.deepEqual(sync(prepareDocs(hit({ parent: 'q1' }), ctx()))[0]!.meta, { index: 'dst', id: '1', routing: 'q1' });
});

test('external versions from _version or from a date field (epoch millis)', () => {
  assert.deepEqual(sync(prepareDocs(hit({ version: 7 }), ctx({ keepVersion: true })))[0]!.meta.version, 7);
  const [d] = sync(prepareDocs(hit(), ctx({ versionField: 'ts', versionType: 'external_gte' })));
  assert.equal(d!.meta.version, Date.parse('2026-11-01T00:00:00.000Z'));
  assert.equal(d!.meta.versionType, 'external_gte');
});

test('transforms: null drops, arrays split, async works, _index change is respected', async () => {
  assert.deepEqual(sync(prepareDocs(hit(), ctx({ transform: () => null }))), []);
  const split = sync(prepareDocs(hit(), ctx({ transform: (d) => [d, { ...d, _id: d._id + '-b', _source: { ...d._source, b: true } }] })));
  assert.deepEqual(split.map((d) => d.meta.id), ['1', '1-b']);
  assert.deepEqual(JSON.parse(split[1]!.source.toString()).b, true);
  const moved = await prepareDocs(hit(), ctx({ transform: async (d) => ({ ...d, _index: 'elsewhere' }) }));
  assert.equal(moved[0]!.meta.index, 'elsewhere');
});

test('the in-flight budget waits, admits an oversize doc alone, and records its high-water mark', async () => {
  const b = new InFlightBudget({ maxDocs: 2, maxBytes: 100 });
  await b.acquire(60);
  assert.equal(b.fits(60), false);
  let admitted = false;
  const waiting = b.acquire(60).then(() => (admitted = true));
  await Promise.resolve();
  assert.equal(admitted, false);
  b.release(60);
  await waiting;
  assert.equal(admitted, true);
  b.release(60);
  await b.acquire(500); // alone, bigger than the bound
  assert.equal(b.maxBytesSeen, 500);
  const ac = new AbortController();
  const blocked = b.acquire(1, ac.signal);
  ac.abort();
  await assert.rejects(blocked, /aborted/);
});

test('positions advance only over the contiguous acknowledged prefix', () => {
  const t = new PositionTracker('pit', undefined, [{ _shard_doc: 'asc' }]);
  const s = [0, 1, 2, 3].map((i) => t.track([i]));
  t.ack(s[1]!);
  t.ack(s[2]!);
  assert.equal(t.position().acknowledged, 0);
  assert.equal(t.position().searchAfter, undefined);
  t.ack(s[0]!);
  assert.deepEqual(t.position().searchAfter, [2]);
  assert.equal(t.position().acknowledged, 3);
  t.finishReading();
  assert.equal(t.position().done, false);
  t.ack(s[3]!);
  assert.deepEqual(t.position(), { mode: 'pit', acknowledged: 4, done: true, sort: [{ _shard_doc: 'asc' }], searchAfter: [3] });
});

test('positions stay exact over many docs acknowledged out of order, with thousands in flight at once', () => {
  const t = new PositionTracker('pit', undefined, [{ _shard_doc: 'asc' }]);
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const inFlight: number[] = [];
  const acked = new Set<number>();
  let prefix = 0;
  for (let read = 0; read < 60_000 || inFlight.length > 0; ) {
    // bursts of reads (up to 5000 unacknowledged, past the first ring size), then acks in random order
    while (read < 60_000 && inFlight.length < 1000 + (read % 4000)) inFlight.push(t.track([read], `2026-01-01T00:00:${String(read % 60).padStart(2, '0')}Z`)), read++;
    for (let k = 0; k < 700 && inFlight.length > 0; k++) {
      const seq = inFlight.splice(rand(inFlight.length), 1)[0]!;
      t.ack(seq);
      acked.add(seq);
      while (acked.has(prefix)) prefix++;
      const p = t.position();
      assert.equal(p.acknowledged, prefix);
      assert.deepEqual(p.searchAfter, prefix > 0 ? [prefix - 1] : undefined);
    }
  }
  assert.equal(t.pending, 0);
  assert.equal(t.highWater, '2026-01-01T00:00:59Z');
});

test('read-ahead is measured from the saved position: an acknowledgement alone makes no room', async () => {
  const t = new PositionTracker('pit', undefined, [{ _shard_doc: 'asc' }], { mode: 'pit', acknowledged: 100, done: false });
  const s = [0, 1, 2, 3].map((i) => t.track([i]));
  let room = false;
  void t.roomFor(3, new AbortController().signal).then(() => (room = true));
  assert.equal(t.waiting, true);
  for (const q of s) t.ack(q);
  await new Promise((r) => setImmediate(r));
  assert.equal(room, false, 'everything acknowledged, nothing saved: a crash would still re-copy 4 docs');
  t.saved(101);
  await new Promise((r) => setImmediate(r));
  assert.equal(room, false, '3 docs past the saved position');
  t.saved(102);
  await new Promise((r) => setImmediate(r));
  assert.equal(room, true);
  assert.equal(t.unsaved, 2);
});

test('destination names from patterns and functions', () => {
  assert.equal(destinationName('logs-2026.11.01', 'logs-*', 'v2-logs-*'), 'v2-logs-2026.11.01');
  assert.equal(destinationName('logs', 'logs', 'copy-*'), 'copy-logs');
  assert.equal(destinationName('a', 'a,b', 'merged'), 'merged');
  assert.equal(destinationName('x', 'x', (n) => n.toUpperCase()), 'X');
  assert.equal(destinationName('x', 'x', undefined), 'x');
});

test('accounting balances or names the numbers', () => {
  assert.equal(checkAccounting({ read: 10, added: 2, written: 9, skipped: 1, deadLettered: 1, dropped: 1 }, 'a').ok, true);
  const bad = checkAccounting({ read: 10, added: 0, written: 8, skipped: 0, deadLettered: 0, dropped: 0 }, 'a → b');
  assert.equal(bad.ok, false);
  assert.match(bad.reason!, /read 10.*written 8.*2 unaccounted/);
  assert.match(compareWithTotal(9, 10, 'a')!, /deleted/);
  assert.equal(compareWithTotal(10, 10, 'a'), undefined);
});

test('page size adapts down to stay under the byte cap; time windows are half-open', () => {
  assert.equal(adaptPageSize(1000, 1000, 50_000_000, 10_000_000), 180);
  assert.equal(adaptPageSize(1000, 1000, 5_000_000, 10_000_000), 1000);
  assert.deepEqual(buildQuery({ timeField: 't', since: 1, until: 2, query: { term: { a: 1 } } }), {
    bool: { filter: [{ term: { a: 1 } }, { range: { t: { gte: 1, lt: 2 } } }] },
  });
});
