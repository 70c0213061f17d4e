// Bulk writers against a scripted destination: retries, skips, dead letters, count checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialectOf } from '../../src/cluster/dialects/index.js';
import { BulkWriter } from '../../src/write/bulk-writer.js';
import { DeadLetterFile, type DeadLetterRecord } from '../../src/write/dead-letter.js';
import { newWriteStats } from '../../src/write/write-stats.js';
import { createFixedController } from '../../src/write/concurrency/fixed.js';
import type { BulkOutcome, ConcurrencyController } from '../../src/write/concurrency/types.js';
import type { WriteDoc } from '../../src/pipeline/write-doc.js';
import { FakeBulkTransport, type FakeBulkOptions } from './support/fake-bulk-transport.js';

function setup(fake: FakeBulkOptions, extra: { conflictsAreSkips?: boolean; retryBudget?: number; stallTimeoutMs?: number; dialect?: string; controller?: ConcurrencyController; deadLetter?: DeadLetterFile } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'esferry-bw-'));
  const transport = new FakeBulkTransport(fake);
  const stats = newWriteStats();
  const deadLetter = extra.deadLetter ?? new DeadLetterFile(join(dir, 'dead.ndjson'));
  let fatal: Error | undefined;
  const writer = new BulkWriter({
    transport,
    dialect: extra.dialect === 'es5' ? dialectOf('es5', '5.6.6') : dialectOf('es8', '8.15.0'),
    controller: extra.controller ?? createFixedController(3),
    stats,
    deadLetter,
    bulkDocs: 7,
    bulkBytes: 1 << 20,
    retryBudget: extra.retryBudget ?? 5,
    stallTimeoutMs: extra.stallTimeoutMs ?? 60_000,
    conflictsAreSkips: extra.conflictsAreSkips ?? false,
    backoffBaseMs: 1,
    backoffCapMs: 5,
    onFatal: (e) => (fatal = e),
  });
  let settled = 0;
  const docs = (n: number): WriteDoc[] =>
    Array.from({ length: n }, (_, i) => ({
      action: 'index' as const,
      meta: { index: 'dst', id: `d${i}`, type: 'event' },
      source: Buffer.from(JSON.stringify({ n: i, text: `line\n${i}` }).replace('{', '{\n')),
      attempts: 0,
      settle: () => settled++,
    }));
  return { dir, transport, stats, deadLetter, writer, docs, settled: () => settled, fatal: () => fatal };
}

test('every doc arrives once; bodies end with a newline; pretty sources become one line', async () => {
  const s = setup({});
  for (const d of s.docs(50)) s.writer.add(d);
  await s.writer.drain();
  assert.equal(s.transport.stored.size, 50);
  assert.equal(s.stats.written, 50);
  assert.equal(s.settled(), 50);
  assert.equal(s.transport.requests, Math.ceil(50 / 7));
  for (const b of s.transport.bodies) assert.ok(b.endsWith('\n'));
  assert.deepEqual(JSON.parse(s.transport.stored.get('dst/d3')!.source), { n: 3, text: 'line\n3' });
  rmSync(s.dir, { recursive: true });
});

test('item-level 429s are retried until written, nothing lost', async () => {
  const s = setup({ item: (a, attempt) => (Number(String(a.meta._id).slice(1)) % 3 === 0 && attempt < 3 ? { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } : { status: 201 }) });
  for (const d of s.docs(40)) s.writer.add(d);
  await s.writer.drain();
  assert.equal(s.transport.stored.size, 40);
  assert.equal(s.stats.written, 40);
  assert.equal(s.stats.rejectedItems, 14 * 2);
  assert.ok(s.stats.retries >= 14);
  assert.equal(s.settled(), 40);
  assert.equal(s.deadLetter.created, false);
  assert.equal(existsSync(s.deadLetter.path!), false);
});

test('409 under create/external versioning is skipped; other item errors are dead-lettered', async () => {
  const s = setup(
    {
      item: (a) =>
        a.meta._id === 'd1'
          ? { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'exists' } }
          : a.meta._id === 'd2'
            ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse [n]' } }
            : { status: 201 },
    },
    { conflictsAreSkips: true },
  );
  for (const d of s.docs(5)) s.writer.add(d);
  await s.writer.drain();
  await s.deadLetter.close();
  assert.equal(s.stats.written, 3);
  assert.equal(s.stats.skipped, 1);
  assert.equal(s.stats.deadLettered, 1);
  assert.equal(s.settled(), 5);
  const lines = readFileSync(s.deadLetter.path!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 1);
  assert.equal(lines[0].id, 'd2');
  assert.equal(lines[0].index, 'dst');
  assert.equal(lines[0].status, 400);
  assert.equal(lines[0].error.type, 'mapper_parsing_exception');
  assert.deepEqual(lines[0].source, { n: 2, text: 'line\n2' });
  rmSync(s.dir, { recursive: true });
});

test('rejections are never dead-lettered: retried past the retry budget until written', async () => {
  const s = setup({ item: (_a, attempt) => (attempt < 6 ? { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'full' } } : { status: 201 }) }, { retryBudget: 2 });
  for (const d of s.docs(3)) s.writer.add(d);
  await s.writer.drain();
  assert.equal(s.stats.deadLettered, 0);
  assert.equal(s.stats.written, 3);
  assert.equal(s.settled(), 3);
  assert.equal(s.transport.attempts.get('dst/d0'), 6);
  assert.equal(s.deadLetter.created, false);
  rmSync(s.dir, { recursive: true });
});

test('a destination that only ever rejects stalls the index: it fails, nothing is dead-lettered, the documents are not written', async () => {
  const s = setup({ item: () => ({ status: 429, error: { type: 'es_rejected_execution_exception', reason: 'full' } }) }, { stallTimeoutMs: 40 });
  for (const d of s.docs(3)) s.writer.add(d);
  await assert.rejects(s.writer.drain(), /stalled: the destination acknowledged no document/);
  assert.equal(s.stats.deadLettered, 0);
  assert.equal(s.stats.notWritten, 3);
  assert.equal(s.settled(), 0);
  rmSync(s.dir, { recursive: true });
});

test('rejected items rejoin the bulks being filled instead of travelling alone', async () => {
  // one writer; every third doc is rejected on its first attempt
  const s = setup({ item: (a, attempt) => (Number(String(a.meta._id).slice(1)) % 3 === 0 && attempt === 1 ? { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'full' } } : { status: 201 }) }, { controller: createFixedController(1) });
  for (const d of s.docs(70)) s.writer.add(d);
  await s.writer.drain();
  assert.equal(s.stats.written, 70);
  const sizes = s.transport.bodies.map((b) => b.trim().split('\n').length / 2);
  // 70 docs + 24 retried = 94 actions in bulks of 7: 14 requests when retries share bulks
  assert.equal(sizes.reduce((a, b) => a + b, 0), 94);
  assert.ok(sizes.filter((n) => n < 7).length <= 2, `bulk sizes ${sizes.join(',')}`);
  assert.equal(s.stats.shape.summary().requests, sizes.length);
  rmSync(s.dir, { recursive: true });
});

test('whole-request 503/429 and dropped connections are retried', async () => {
  // every body fails twice (503, then a dropped connection) before it gets through
  const s = setup({ request: (_n, seen) => (seen === 1 ? { status: 503 } : seen === 2 ? { connectionError: true } : undefined) });
  for (const d of s.docs(30)) s.writer.add(d);
  await s.writer.drain();
  assert.equal(s.transport.stored.size, 30);
  assert.equal(s.stats.written, 30);
  assert.equal(s.settled(), 30);
  assert.equal(s.stats.retries, 2 * Math.ceil(30 / 7));
});

test('a whole-request failure that is not a rejection fails the copy after the retry budget', async () => {
  const s = setup({ request: () => ({ status: 502 }) }, { retryBudget: 2 });
  for (const d of s.docs(3)) s.writer.add(d);
  await assert.rejects(s.writer.drain(), /still failing after 2 retries/);
  assert.ok(s.fatal());
});

test('a response with fewer items than actions is detected', async () => {
  const s = setup({ dropLastItem: true }, { dialect: 'es5' });
  for (const d of s.docs(4)) s.writer.add(d);
  await assert.rejects(s.writer.drain(), /3 items for 4 actions/);
});

test('an unwritable dead-letter file fails the copy instead of losing the documents silently', async () => {
  const transport = new FakeBulkTransport({ item: () => ({ status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } }) });
  let fatal: Error | undefined;
  const writer = new BulkWriter({
    transport,
    dialect: dialectOf('es8', '8.15.0'),
    controller: createFixedController(1),
    stats: newWriteStats(),
    deadLetter: new DeadLetterFile('/nonexistent-dir/esferry/dead.ndjson'),
    bulkDocs: 10,
    bulkBytes: 1 << 20,
    retryBudget: 1,
    stallTimeoutMs: 60_000,
    conflictsAreSkips: false,
    onFatal: (e) => (fatal = e),
  });
  writer.add({ action: 'index', meta: { index: 'i', id: '1' }, source: Buffer.from('{}'), attempts: 0, settle: () => {} });
  await assert.rejects(writer.drain(), /cannot write the dead-letter file/);
  assert.ok(fatal);
});

test('a dead letter the disk had no room for (/dev/full) is not counted as dead-lettered: it is not written anywhere', async () => {
  const transport = new FakeBulkTransport({ item: (a) => (String(a.meta._id) === '2' ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } } : { status: 201 }) });
  const stats = newWriteStats();
  let settled = 0;
  const writer = new BulkWriter({
    transport,
    dialect: dialectOf('es8', '8.15.0'),
    controller: createFixedController(1),
    stats,
    deadLetter: new DeadLetterFile('/dev/full'),
    bulkDocs: 10,
    bulkBytes: 1 << 20,
    retryBudget: 1,
    stallTimeoutMs: 60_000,
    conflictsAreSkips: false,
    onFatal: () => {},
  });
  for (const id of ['1', '2', '3']) writer.add({ action: 'index', meta: { index: 'i', id }, source: Buffer.from('{}'), attempts: 0, settle: () => settled++ });
  await assert.rejects(writer.drain(), /cannot write the dead-letter file \/dev\/full: ENOSPC/);
  assert.deepEqual([stats.written, stats.deadLettered, stats.notWritten, settled], [2, 0, 1, 2], 'the refused document is read but not written, and its position stays open for a resume');
});

test('each bulk outcome carries the requests in flight when it was sent, itself included', async () => {
  const fixed = createFixedController(3);
  const outcomes: BulkOutcome[] = [];
  const recording: ConcurrencyController = { ...fixed, onBulkOutcome: (o) => { outcomes.push(o); fixed.onBulkOutcome(o); } };
  const s = setup({ item: (_a, attempt) => (Number(String(_a.meta._id).slice(1)) % 5 === 0 && attempt < 2 ? { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'full' } } : { status: 201 }) }, { controller: recording });
  for (const d of s.docs(50)) s.writer.add(d);
  await s.writer.drain();
  assert.equal(s.settled(), 50);
  assert.ok(outcomes.length >= 8);
  for (const o of outcomes) assert.ok(o.inFlight !== undefined && o.inFlight >= 1 && o.inFlight <= 3, `inFlight ${o.inFlight}`);
  // 50 docs queued at once in bulks of 7: the writers ran the whole limit
  assert.equal(Math.max(...outcomes.map((o) => o.inFlight!)), 3);
  assert.ok(outcomes.some((o) => o.rejectedItems > 0 && o.inFlight !== undefined), 'outcomes with rejected items carry it too');
});

test('a source is the caller\'s to reuse once add returns: retried and dead-lettered docs keep their bytes', async () => {
  const records: DeadLetterRecord[] = [];
  const rejectFirst = (id: string, attempt: number) => Number(id.slice(1)) % 4 === 0 && attempt === 1;
  const s = setup(
    {
      item: (a, attempt) =>
        /^d\d*5$/.test(String(a.meta._id))
          ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } }
          : rejectFirst(String(a.meta._id), attempt)
            ? { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'full' } }
            : { status: 201 },
    },
    { deadLetter: new DeadLetterFile(undefined, () => {}, (r) => records.push(r)) },
  );
  // every source lives in memory the caller overwrites right after add, as a reader's network
  // chunk or arena slab is reused: the writer must have taken its own copy
  const scratch = Buffer.alloc(4096);
  const addAll = (docs: WriteDoc[]) => {
    for (const d of docs) {
      const n = d.source.copy(scratch);
      d.source = scratch.subarray(0, n);
      s.writer.add(d);
      scratch.fill(0x78);
    }
  };
  addAll(s.docs(30));
  await s.writer.drain();
  assert.equal(s.stats.deadLettered, 3);
  assert.equal(s.stats.written, 27);
  assert.ok(s.stats.rejectedItems >= 6);
  for (let i = 0; i < 30; i++) {
    if (i % 10 === 5) continue;
    assert.deepEqual(JSON.parse(s.transport.stored.get(`dst/d${i}`)!.source), { n: i, text: `line\n${i}` });
  }
  // the records hold copies: more bulks through the same pooled bodies leave them unchanged
  addAll(s.docs(30).map((d) => ({ ...d, meta: { ...d.meta, id: `x${d.meta.id}` } })));
  await s.writer.drain();
  assert.deepEqual(records.map((r) => [r.id, JSON.parse(r.source.toString())]), [5, 15, 25].map((i) => [`d${i}`, { n: i, text: `line\n${i}` }]));
  rmSync(s.dir, { recursive: true });
});
