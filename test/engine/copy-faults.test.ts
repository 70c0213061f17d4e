// copy() under trouble on the write side: rejections, refused docs, dropped connections,
// failing requests, a slow destination, splitting transforms, external versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// the engine alone (documents only); the library's copy() with metadata is tested in test/library
import { copy } from '../../src/engine/copy.js';
import { type ProgressEvent } from '../../src/index.js';
import { bulkLoad, createIndex, docsOf, makeDocs, sameDocs } from './support/cluster-docs.js';
import { balanced, base, cluster } from './support/copy-helpers.js';

test('item-level 429s from a 1-thread/1-queue pool are retried without loss', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '7.17', writePool: { threads: 1, queueSize: 1, docsPerSecond: 200_000 } });
  await createIndex(dst.url, 'logs', { settings: { number_of_shards: 3 } });
  await bulkLoad(src.url, 'logs', makeDocs(1500));
  const report = await copy(base(src, dst, { writers: 6, bulkDocs: 60, retryBudget: 30 })).done;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.ok(report.totals.rejectedItems > 0, 'the pool should have rejected some items');
  assert.equal(report.totals.written, 1500);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
});

test('mapping conflicts land in the dead-letter file and fail the run; allowFailures lets it succeed', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  const dir = mkdtempSync(join(tmpdir(), 'esferry-dl-'));
  t.after(async () => rmSync(dir, { recursive: true, force: true }));
  await createIndex(dst.url, 'logs', { mappings: { properties: { n: { type: 'long' } } } });
  await createIndex(dst.url, 'logs2', { mappings: { properties: { n: { type: 'long' } } } });
  await bulkLoad(src.url, 'logs', makeDocs(200).map((d, i) => (i % 20 === 0 ? { ...d, source: { ...d.source, n: 'not a number' } } : d)));
  const file = join(dir, 'dead.ndjson');
  const logs: string[] = [];
  const h = copy(base(src, dst, { deadLetterFile: file }));
  h.on('log', (l) => logs.push(l));
  const report = await h.done;
  assert.equal(report.outcome, 'failed');
  assert.match(report.reason!, /10 document\(s\) refused/);
  balanced(report);
  assert.equal(report.totals.deadLettered, 10);
  assert.equal(report.totals.written, 190);
  assert.equal(report.deadLetterFile, file);
  assert.ok(logs.some((l) => l.includes(file)));
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: number; source: { n: unknown } });
  assert.deepEqual(lines.map((l) => l.id).sort(), Array.from({ length: 10 }, (_, k) => `d${k * 20}`).sort());
  assert.equal(lines[0]!.status, 400);
  assert.equal(lines[0]!.source.n, 'not a number');

  const file2 = join(dir, 'dead2.ndjson');
  const ok = await copy(base(src, dst, { destIndex: 'logs2', allowFailures: true, deadLetterFile: file2 })).done;
  assert.equal(ok.outcome, 'success', ok.reason);
  assert.equal(ok.totals.deadLettered, 10);
  assert.ok(existsSync(file2));
});

test('no dead-letter file is created when nothing is refused', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  const dir = mkdtempSync(join(tmpdir(), 'esferry-dl-'));
  t.after(async () => rmSync(dir, { recursive: true, force: true }));
  await bulkLoad(src.url, 'logs', makeDocs(50));
  const report = await copy(base(src, dst, { deadLetterFile: join(dir, 'x.ndjson') })).done;
  assert.equal(report.outcome, 'success', report.reason);
  assert.equal(report.deadLetterFile, undefined);
  assert.equal(existsSync(join(dir, 'x.ndjson')), false);
});

test('dropped destination connections mid-copy are survived with the exact doc set', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(3000));
  let dropped: Promise<void> | undefined;
  let seen = 0;
  const report = await copy(
    base(src, dst, {
      bulkDocs: 100,
      writers: 3,
      retryBudget: 20,
      transform: (d) => {
        if (++seen === 1200) dropped = dst.faults.dropConnections(150);
        return d;
      },
    }),
  ).done;
  await dropped;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
});

for (const status of [503, 429] as const) {
  test(`whole-request ${status}s on _bulk are retried`, async (t) => {
    const src = await cluster(t, { version: '6.8' });
    const dst = await cluster(t, { version: '7.17' });
    await bulkLoad(src.url, 'logs', makeDocs(1500), { defaultType: 'doc' });
    dst.faults.failRate({ status, fraction: 0.3, routes: /_bulk/ });
    const report = await copy(base(src, dst, { bulkDocs: 100, writers: 3, retryBudget: 30 })).done;
    assert.equal(report.outcome, 'success', report.reason);
    balanced(report);
    assert.ok(report.totals.retries > 0);
    assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
  });
}

test('a slow destination pauses the reader: in-flight docs and bytes never exceed the bound', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(2000));
  dst.faults.latencyMs = 15;
  const maxBytes = 48 * 1024;
  const maxDocs = 250;
  const events: ProgressEvent[] = [];
  const h = copy(base(src, dst, { maxInFlightBytes: maxBytes, maxInFlightDocs: maxDocs, bulkDocs: 50, writers: 2, pageSize: 500 }));
  h.on('progress', (p) => events.push(p));
  const report = await h.done;
  assert.equal(report.outcome, 'success', report.reason);
  const idx = report.indices[0]!;
  assert.ok(idx.maxInFlightBytesSeen! <= maxBytes, `${idx.maxInFlightBytesSeen} > ${maxBytes}`);
  assert.ok(idx.maxInFlightDocsSeen! <= maxDocs);
  assert.ok(idx.maxInFlightBytesSeen! > 0);
  for (const e of events) assert.ok(e.inFlightBytes <= maxBytes && e.inFlightDocs <= maxDocs);
  assert.equal(docsOf(dst.state, 'logs').size, 2000);
});

test('a transform that drops and splits keeps the books exact', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '7.17' });
  await bulkLoad(src.url, 'logs', makeDocs(900));
  const report = await copy(
    base(src, dst, {
      transform: async (d) => {
        const n = d._source.n as number;
        if (n % 3 === 0) return null;
        if (n % 5 === 0) return [d, { ...d, _id: `${d._id}-copy`, _source: { ...d._source, copy: true } }];
        return d;
      },
    }),
  ).done;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.equal(report.totals.read, 900);
  assert.equal(report.totals.dropped, 300);
  const splits = Array.from({ length: 900 }, (_, n) => n).filter((n) => n % 3 !== 0 && n % 5 === 0).length;
  assert.equal(report.totals.added, splits);
  assert.equal(docsOf(dst.state, 'logs').size, 600 + splits);
});

test('external versions from a date field: a second run skips every doc as a conflict, books balance', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(300));
  const first = await copy(base(src, dst, { versionField: '@timestamp' })).done;
  assert.equal(first.outcome, 'success', first.reason);
  assert.equal(first.totals.written, 300);
  const stored = dst.state.indices.get('logs')!.shards.flatMap((s) => [...s.docs.values()]);
  assert.equal(stored.find((d) => d.id === 'd5')!.version, Date.UTC(2026, 10, 1) + 5000);
  const again = await copy(base(src, dst, { versionField: '@timestamp' })).done;
  assert.equal(again.outcome, 'success', again.reason);
  balanced(again);
  assert.equal(again.totals.skipped, 300);
  assert.equal(again.totals.written, 0);
});

test('keepVersion copies _version as an external version; a second run skips everything', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(200));
  await bulkLoad(src.url, 'logs', makeDocs(20)); // written twice: _version 2
  const first = await copy(base(src, dst, { keepVersion: true })).done;
  assert.equal(first.outcome, 'success', first.reason);
  const stored = dst.state.indices.get('logs')!.shards.flatMap((s) => [...s.docs.values()]);
  assert.equal(stored.find((d) => d.id === 'd5')!.version, 2);
  assert.equal(stored.find((d) => d.id === 'd100')!.version, 1);
  const again = await copy(base(src, dst, { keepVersion: true })).done;
  assert.equal(again.outcome, 'success', again.reason);
  balanced(again);
  assert.equal(again.totals.skipped, 200);
});
