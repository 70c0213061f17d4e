// copy() between test clusters of different versions: every read mode, types, routing, renames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
// the engine alone (documents only); the library's copy() with metadata is tested in test/library
import { copy } from '../../src/engine/copy.js';
import { EsferryError, type CopyOptions, type CopyReport } from '../../src/index.js';
import { bulkLoad, createIndex, docsOf, makeDocs, sameDocs } from './support/cluster-docs.js';

type TestCluster = Awaited<ReturnType<typeof startTestCluster>>;

async function pair(t: { after: (fn: () => Promise<void>) => void }, from: string, to: string): Promise<[TestCluster, TestCluster]> {
  const a = await startTestCluster({ version: from });
  t.after(() => a.close());
  const b = await startTestCluster({ version: to });
  t.after(() => b.close());
  return [a, b];
}

async function run(opts: CopyOptions): Promise<{ report: CopyReport; logs: string[] }> {
  const logs: string[] = [];
  const h = copy(opts);
  h.on('log', (l) => logs.push(l));
  const report = await h.done;
  return { report, logs };
}

function assertBalanced(report: CopyReport): void {
  assert.equal(report.accountingOk, true, report.reason);
  const t = report.totals;
  assert.equal(t.read + t.added, t.written + t.skipped + t.deadLettered + t.dropped);
}

test('6.x → 8.x: sliced scroll, _id and routing kept, pattern renamed', async (t) => {
  const [src, dst] = await pair(t, '6.8', '8.15');
  await createIndex(src.url, 'logs-a', { settings: { number_of_shards: 3 } });
  await bulkLoad(src.url, 'logs-a', makeDocs(1500, 'a', (i) => (i % 5 === 0 ? { routing: `r${i % 3}` } : {})), { defaultType: 'doc' });
  await bulkLoad(src.url, 'logs-b', makeDocs(700, 'b'), { defaultType: 'doc' });
  const { report } = await run({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs-*', destIndex: 'v2-logs-*', pageSize: 200, bulkDocs: 300 });
  assert.equal(report.outcome, 'success', report.reason);
  assertBalanced(report);
  assert.deepEqual(report.indices.map((i) => [i.sourceIndex, i.destIndex, i.readMode]), [
    ['logs-a', 'v2-logs-a', 'sliced-scroll'],
    ['logs-b', 'v2-logs-b', 'sliced-scroll'],
  ]);
  assert.equal(sameDocs(docsOf(src.state, 'logs-a'), docsOf(dst.state, 'v2-logs-a'), { routing: true }), undefined);
  assert.equal(sameDocs(docsOf(src.state, 'logs-b'), docsOf(dst.state, 'v2-logs-b'), { routing: true }), undefined);
  assert.equal(report.totals.written, 2200);
  assert.equal(report.totals.total, 2200);
});

test('5.x with two types → 6.x: types merged into one index with a field', async (t) => {
  const [src, dst] = await pair(t, '5.6', '6.8');
  const docs = [...makeDocs(300, 'e', () => ({ type: 'event' })), ...makeDocs(200, 'u', () => ({ type: 'user' }))];
  await bulkLoad(src.url, 'demo', docs);
  const { report } = await run({
    source: { nodes: src.url },
    dest: { nodes: dst.url },
    sourceIndex: 'demo',
    destIndex: 'merged',
    typeHandling: { mergeIntoField: 'doc_type', type: 'doc' },
  });
  assert.equal(report.outcome, 'success', report.reason);
  assertBalanced(report);
  const out = docsOf(dst.state, 'merged');
  assert.equal(out.size, 500);
  assert.equal((out.get('e3')!.source as { doc_type: string }).doc_type, 'event');
  assert.equal((out.get('u7')!.source as { doc_type: string }).doc_type, 'user');
  assert.equal(out.get('u7')!.type, 'doc');
});

test('7.x → OpenSearch 2: PIT read, exact doc set', async (t) => {
  const [src, dst] = await pair(t, '7.17', 'os2');
  await bulkLoad(src.url, 'events', makeDocs(1200, 'x', (i) => (i % 4 === 0 ? { routing: 'k' } : {})));
  const { report } = await run({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'events', pageSize: 250 });
  assert.equal(report.outcome, 'success', report.reason);
  assert.equal(report.indices[0]!.readMode, 'pit');
  assertBalanced(report);
  assert.equal(sameDocs(docsOf(src.state, 'events'), docsOf(dst.state, 'events'), { routing: true }), undefined);
});

test('2.x → 5.x: scroll with parent/child kept', async (t) => {
  const [src, dst] = await pair(t, '2.4', '5.6');
  await createIndex(src.url, 'qa', { mappings: { question: { properties: { title: { type: 'string' } } }, answer: { _parent: { type: 'question' } } } });
  await createIndex(dst.url, 'qa', { mappings: { question: { properties: { title: { type: 'text' } } }, answer: { _parent: { type: 'question' } } } });
  await bulkLoad(src.url, 'qa', Array.from({ length: 50 }, (_, i) => ({ id: `q${i}`, type: 'question', source: { title: `q ${i}` } })));
  await bulkLoad(src.url, 'qa', Array.from({ length: 150 }, (_, i) => ({ id: `a${i}`, type: 'answer', parent: `q${i % 50}`, source: { body: `a ${i}` } })), { underscore: true });
  const { report } = await run({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'qa', readMode: 'scroll' });
  assert.equal(report.outcome, 'success', report.reason);
  assertBalanced(report);
  const out = docsOf(dst.state, 'qa');
  assert.equal(out.size, 200);
  assert.equal(out.get('a7')!.parent, 'q7');
  assert.equal(out.get('a7')!.type, 'answer');
});

for (const [mode, from] of [['scroll', '8.15'], ['sliced-scroll', '8.15'], ['pit', '8.15'], ['search-after', '7.17']] as const) {
  test(`${from} → 8.x with readMode ${mode}`, async (t) => {
    const [src, dst] = await pair(t, from, '8.15');
    await createIndex(src.url, 'logs', { settings: { number_of_shards: 2 } });
    await bulkLoad(src.url, 'logs', makeDocs(900, 'p', (i) => (i % 3 === 0 ? { routing: `r${i % 4}` } : {})));
    const checkpoints: number[] = [];
    const h = copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', destIndex: 'copy', readMode: mode, pageSize: 100, bulkDocs: 150, slices: 2 });
    h.on('checkpoint', (cp) => checkpoints.push(cp.position.acknowledged));
    const report = await h.done;
    assert.equal(report.outcome, 'success', report.reason);
    assert.equal(report.indices[0]!.readMode, mode);
    assertBalanced(report);
    assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'copy'), { routing: true }), undefined);
    assert.ok(checkpoints.length > 0);
  });
}

test('a forced mode the source cannot do is one bad_input error naming version and mode', async (t) => {
  const [src, dst] = await pair(t, '6.8', '8.15');
  await bulkLoad(src.url, 'logs', makeDocs(10), { defaultType: 'doc' });
  await assert.rejects(
    copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', readMode: 'pit' }).done,
    (err: unknown) => err instanceof EsferryError && err.kind === 'bad_input' && /'pit'/.test(err.message) && /6\.8/.test(err.message),
  );
  assert.equal(docsOf(dst.state, 'logs').size, 0);
});

test('search-after without a PIT is refused on 8.x, where _id cannot be sorted on', async (t) => {
  const [src, dst] = await pair(t, '8.15', '8.15');
  await bulkLoad(src.url, 'logs', makeDocs(10));
  await assert.rejects(
    copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', readMode: 'search-after' }).done,
    (err: unknown) => err instanceof EsferryError && err.kind === 'bad_input' && /'search-after'/.test(err.message) && /8\.15/.test(err.message),
  );
});

test('a missing source index is a clear bad_input error', async (t) => {
  const [src, dst] = await pair(t, '7.17', '7.17');
  await assert.rejects(copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'nope' }).done, /does not exist|no source index/);
});

test('time window, query and _source filtering; checkpoints carry the high-water mark', async (t) => {
  const [src, dst] = await pair(t, '7.17', '8.15');
  await bulkLoad(src.url, 'logs', makeDocs(600));
  const at = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
  const marks: Array<string | number | undefined> = [];
  const h = copy({
    source: { nodes: src.url },
    dest: { nodes: dst.url },
    sourceIndex: 'logs',
    timeField: '@timestamp',
    since: at(100),
    until: at(400),
    sourceExcludes: ['tags'],
    pageSize: 50,
  });
  h.on('checkpoint', (cp) => marks.push(cp.highWater));
  const report = await h.done;
  assert.equal(report.outcome, 'success', report.reason);
  assert.equal(report.totals.total, 300);
  const out = docsOf(dst.state, 'logs');
  assert.equal(out.size, 300);
  assert.ok(out.has('d100') && out.has('d399') && !out.has('d400') && !out.has('d99'));
  assert.equal((out.get('d100')!.source as { tags?: unknown }).tags, undefined);
  assert.equal(marks[marks.length - 1], at(399));
});
