// The requests our dialects build must have the shapes of the requests recorded against real
// 2.4.6 / 5.6.6 / 6.2.0 nodes, and the dialects must read the recorded responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTranscripts, shapeDiff, transcriptsAvailable, type Transcript } from '../support/transcripts.js';
import { dialectOf } from '../../src/cluster/dialects/index.js';
import { queryString } from '../../src/cluster/transport/http-transport.js';
import type { EsRequest } from '../../src/cluster/types.js';

const skip = !transcriptsAvailable() && 'transcripts not found next to the repo';
type V = '2.4' | '5.6' | '6.2';
const DIALECTS = { '2.4': dialectOf('es2', '2.4.6'), '5.6': dialectOf('es5', '5.6.6'), '6.2': dialectOf('es6', '6.2.0') };

function recorded(version: V, file: string): Transcript {
  const t = loadTranscripts(version).find((x) => x.file === file);
  assert.ok(t, `${version}/${file} exists`);
  return t;
}

function assertSameRequest(version: V, file: string, req: EsRequest): Transcript {
  const t = recorded(version, file);
  assert.equal(req.method, t.request.method, `${version}/${file} method`);
  assert.equal(req.path + queryString(req.query), t.request.path, `${version}/${file} path`);
  assert.deepEqual(shapeDiff(t.request.body, req.body), [], `${version}/${file} body shape`);
  return t;
}

test('scroll open / continue / clear match the recorded requests', { skip }, () => {
  const files: Record<V, [string, string, string]> = {
    '2.4': ['10-scroll-open.json', '11-scroll-continue-json.json', '18-scroll-clear-json-array.json'],
    '5.6': ['10-scroll-open.json', '11-scroll-continue-json.json', '18-scroll-clear-json-array.json'],
    '6.2': ['16-scroll-tiny-open.json', '15-scroll-continue.json', '19-scroll-clear.json'],
  };
  for (const v of Object.keys(files) as V[]) {
    const d = DIALECTS[v];
    const [open, cont, clear] = files[v];
    const o = recorded(v, open);
    const index = o.request.path.split('/')[1]!;
    const opened = assertSameRequest(v, open, d.scrollStart(index, o.request.body as Record<string, unknown>, '1m'));
    const id = (opened.response.body as { _scroll_id: string })._scroll_id;
    assertSameRequest(v, cont, d.scrollContinue(id, '1m'));
    const clearReq = d.scrollClear([id]);
    assertSameRequest(v, clear, clearReq);
    assert.ok(clearReq.okStatuses.includes(404), 'already-freed scroll is fine');
    assert.equal(d.hitsTotal((opened.response.body as { hits: { total: unknown } }).hits), (o.response.body as { hits: { total: number } }).hits.total);
  }
});

test('2.x clear-scroll: a string id is refused, so the dialect always sends an array', { skip }, () => {
  assert.equal(recorded('2.4', '21-scroll-clear-json-string-400.json').response.status, 400);
  assert.ok(Array.isArray((DIALECTS['2.4'].scrollClear(['x']).body as { scroll_id: unknown }).scroll_id));
  assert.deepEqual(recorded('2.4', '19-scroll-clear-again-404.json').response.body, {});
});

test('sliced scroll ≥5.0 matches the recording; 2.x refuses it before sending', { skip }, () => {
  const t = recorded('5.6', '26-scroll-sliced-0.json');
  assertSameRequest('5.6', '26-scroll-sliced-0.json', DIALECTS['5.6'].scrollStart('demo', t.request.body as Record<string, unknown>, '1m'));
  assert.equal(DIALECTS['2.4'].supportsSlicedScroll, false);
  assert.equal(recorded('2.4', '26-scroll-sliced-400.json').response.status, 400);
  assert.throws(() => DIALECTS['2.4'].scrollStart('demo', { slice: { id: 0, max: 2 } }, '1m'), /sliced scroll is not supported by Elasticsearch 2\.4\.6/);
});

test('search_after unique sort: _uid on 2.x/5.x, _id on 6.x, as recorded', { skip }, () => {
  const uid5 = recorded('5.6', '35-search-after-first-page.json').request.body as { sort: unknown[] };
  assert.deepEqual(DIALECTS['5.6'].uniqueSort(false), [uid5.sort.at(-1)]);
  assert.equal(recorded('5.6', '38-search-sort-id-400.json').response.status, 400, '_id fails on 5.6 multi-type indices');
  const uid2 = recorded('2.4', '37-search-sort-uid.json').request.body as { sort: unknown[] };
  assert.deepEqual(DIALECTS['2.4'].uniqueSort(false).map((s) => Object.keys(s as object)[0]), ['_uid']);
  assert.ok(JSON.stringify(uid2.sort).includes('_uid'));
  const id6 = recorded('6.2', '28-search-after-first-page.json').request.body as { sort: unknown[] };
  assert.deepEqual(DIALECTS['6.2'].uniqueSort(false), [id6.sort.at(-1)]);
  const next = recorded('6.2', '29-search-after-next-page.json').request.body as { size: number; sort: unknown[]; search_after: unknown[] };
  assertSameRequest('6.2', '29-search-after-next-page.json',
    DIALECTS['6.2'].searchAfterPage('logs-2026.11.01', { size: next.size, sort: next.sort }, { searchAfter: next.search_after }));
  assert.throws(() => DIALECTS['2.4'].searchAfterPage('demo', {}), /search_after is not supported/);
});

test('bulk action lines equal the recorded metadata lines byte for byte', { skip }, () => {
  const firstLines = (v: V, file: string) => (recorded(v, file).request.body as string).split('\n').filter((_, i) => i % 2 === 0 && _);
  // 2.x/5.x: underscore keys
  for (const v of ['2.4', '5.6'] as V[]) {
    const lines = firstLines(v, '51-bulk-metadata-underscore-keys.json');
    assert.equal(DIALECTS[v].bulkActionLine('index', { index: 'demo', type: 'event', id: 'e6', routing: 'r2', version: 3, versionType: 'external' }), lines[0]);
    assert.equal(DIALECTS[v].bulkActionLine('index', { index: 'demo', type: 'user', id: 'u4', routing: 'r1' }), lines[1]);
  }
  const parent = firstLines('5.6', '56-bulk-parent-keys.json');
  assert.equal(DIALECTS['5.6'].bulkActionLine('index', { index: 'qa', type: 'answer', id: 'a1', parent: 'q1' }), parent[1]);
  // 6.x: plain keys (the underscore ones add a Warning each, 6.2/73)
  const six = firstLines('6.2', '59-bulk-all-success.json');
  assert.equal(DIALECTS['6.2'].bulkActionLine('index', { index: 'demo', type: 'doc', id: '1' }), six[0]);
  assert.equal(DIALECTS['6.2'].bulkActionLine('create', { index: 'demo', type: 'doc', id: '2', routing: 'r1' }), six[1]);
  assert.ok(recorded('6.2', '73-bulk-deprecated-underscore-params.json').response.headers?.warning);
});

test('bulk action lines across families: types, parent, versions', () => {
  const meta = { index: 'i', type: 'doc', id: '1', parent: 'p', version: 5 };
  assert.equal(dialectOf('es2', '2.4.6').bulkActionLine('index', meta), '{"index":{"_index":"i","_type":"doc","_id":"1","_parent":"p","_version":5,"_version_type":"external"}}');
  assert.equal(dialectOf('es6', '6.8.23').bulkActionLine('index', meta), '{"index":{"_index":"i","_type":"doc","_id":"1","parent":"p","version":5,"version_type":"external"}}');
  // 7.x+: no _type, no parent: the parent id routes the child (join field)
  for (const [f, n] of [['es7', '7.17.25'], ['es8', '8.15.0'], ['os1', '1.3.19'], ['os2', '2.11.1'], ['os3', '3.1.0']] as const) {
    assert.equal(dialectOf(f, n).bulkActionLine('create', meta), '{"create":{"_index":"i","_id":"1","routing":"p","version":5,"version_type":"external"}}', f);
  }
  // a typeless source doc ("_doc") into 2.x/5.x/6.0 lands in the default type; 6.2+ keeps _doc
  assert.match(dialectOf('es5', '5.6.6').bulkActionLine('index', { index: 'i', type: '_doc', id: '1' }), /"_type":"doc"/);
  assert.match(dialectOf('es6', '6.8.23').bulkActionLine('index', { index: 'i', id: '1' }), /"_type":"_doc"/);
  assert.match(dialectOf('es6', '6.1.4').bulkActionLine('index', { index: 'i', type: '_doc', id: '1' }), /"_type":"doc"/);
});

test('thread pool requests use recorded columns and parse the recorded answers', { skip }, () => {
  const cols = (path: string) => new URLSearchParams(path.split('?')[1]).get('h')!.split(',');
  // 2.x: one row per node, <pool>.<metric> columns
  const d2 = DIALECTS['2.4'];
  const r2 = d2.threadPoolRequest();
  const t2 = recorded('2.4', '73-cat-thread-pool-bulk-columns.json');
  assert.equal(r2.path, '/_cat/thread_pool');
  for (const c of String(r2.query!.h).split(',')) assert.ok(cols(t2.request.path).includes(c), `2.4 column ${c}`);
  assert.deepEqual(d2.parseThreadPool(t2.response.body), { pool: 'bulk', rejected: 149, queue: 0, active: 0, threads: 1, queueSize: 2 });
  assert.equal(d2.parseThreadPool(recorded('2.4', '72-cat-thread-pool-after-rejections.json').response.body).rejected, 149);
  assert.equal(recorded('2.4', '07-cat-thread-pool-bulk-path-404.json').response.status, 404, '2.x has no /_cat/thread_pool/<pool>');
  // 5.x/6.x: /_cat/thread_pool/<pool>
  for (const [v, file, rejected] of [['5.6', '73-cat-thread-pool-bulk-columns.json', 149], ['6.2', '81-cat-thread-pool-bulk-columns.json', 162]] as const) {
    const d = DIALECTS[v];
    const r = d.threadPoolRequest();
    const t = recorded(v, file);
    assert.equal(r.path, '/_cat/thread_pool/bulk');
    for (const c of String(r.query!.h).split(',')) assert.ok(cols(t.request.path).includes(c), `${v} column ${c}`);
    assert.deepEqual(d.parseThreadPool(t.response.body), { pool: 'bulk', rejected, queue: 0, active: 0, threads: 1, queueSize: 2 });
  }
  assert.equal(DIALECTS['6.2'].parseThreadPool(recorded('6.2', '80-cat-thread-pool-bulk-after-rejections.json').response.body).rejected, 162);
  // _nodes/stats/thread_pool is read too
  for (const [v, file, rejected] of [['2.4', '74-nodes-stats-thread-pool-after-rejections.json', 149], ['6.2', '82-nodes-stats-thread-pool-after-rejections.json', 162]] as const) {
    assert.equal(DIALECTS[v].parseThreadPool(recorded(v, file).response.body).rejected, rejected);
  }
});

test('write pool name: bulk before 6.3, write after', () => {
  assert.equal(dialectOf('es6', '6.2.0').writePool, 'bulk');
  assert.equal(dialectOf('es6', '6.3.0').writePool, 'write');
  assert.equal(dialectOf('es7', '7.0.0').threadPoolRequest().path, '/_cat/thread_pool/write');
  assert.deepEqual(dialectOf('es7', '7.17.25').parseThreadPool([
    { node_name: 'a', name: 'write', active: '1', queue: '2', rejected: '3', size: '4', queue_size: '10000' },
    { node_name: 'b', name: 'write', active: '1', queue: '0', rejected: '5', size: '4', queue_size: '10000' },
  ]), { pool: 'write', rejected: 8, queue: 2, active: 2, threads: 8, queueSize: 20000 });
});

test('admin requests: count, refresh, mapping, settings', { skip }, () => {
  const d6 = DIALECTS['6.2'];
  assertSameRequest('6.2', '35-count-all.json', d6.countRequest('logs-2026.11.01'));
  const range = recorded('6.2', '36-count-range.json').request.body as { query: Record<string, unknown> };
  assertSameRequest('6.2', '36-count-range.json', d6.countRequest('logs-2026.11.01', range.query));
  assertSameRequest('6.2', '91-refresh-index.json', d6.refreshRequest('demo'));
  assertSameRequest('6.2', '41-get-mapping.json', d6.mappingRequest('demo'));
  assertSameRequest('6.2', '42-get-settings.json', d6.settingsRequest('demo'));
});

test('PIT and unique sort per family', () => {
  const es710 = dialectOf('es7', '7.10.2');
  assert.deepEqual(es710.openPit('a,b', '1m'), { method: 'POST', path: '/a,b/_pit', query: { keep_alive: '1m' } });
  assert.deepEqual(es710.pitId({ id: 'P' }), 'P');
  assert.deepEqual(es710.closePit('P'), { method: 'DELETE', path: '/_pit', body: { id: 'P' }, okStatuses: [404] });
  assert.deepEqual(es710.uniqueSort(true), [{ _id: 'asc' }], '_shard_doc arrived in 7.12');
  assert.deepEqual(dialectOf('es7', '7.17.25').uniqueSort(true), [{ _shard_doc: 'asc' }]);
  assert.deepEqual(dialectOf('es7', '7.9.3').pit, 'none');
  const es8 = dialectOf('es8', '8.15.0');
  assert.deepEqual(es8.uniqueSort(true), [{ _shard_doc: 'asc' }]);
  assert.throws(() => es8.uniqueSort(false), /cannot sort on _id; search_after needs a point in time/);
  const os2 = dialectOf('os2', '2.11.1');
  assert.deepEqual(os2.openPit('x', '5m'), { method: 'POST', path: '/x/_search/point_in_time', query: { keep_alive: '5m' } });
  assert.equal(os2.pitId({ pit_id: 'Q', creation_time: 1 }), 'Q');
  assert.deepEqual(os2.closePit('Q').body, { pit_id: ['Q'] });
  assert.equal(dialectOf('os2', '2.3.0').pit, 'none');
  assert.equal(dialectOf('os1', '1.3.19').pit, 'none');
  assert.throws(() => dialectOf('os1', '1.3.19').openPit('x', '1m'), /point in time is not supported by OpenSearch 1\.3\.19/);
  const page = es8.searchAfterPage('logs', { size: 10, sort: [{ _shard_doc: 'asc' }] }, { pitId: 'P', keepAlive: '2m', searchAfter: [5] });
  assert.deepEqual(page, { method: 'POST', path: '/_search', body: { size: 10, sort: [{ _shard_doc: 'asc' }], search_after: [5], track_total_hits: false, pit: { id: 'P', keep_alive: '2m' } } });
});

test('a PIT search may be sliced on ES >= 7.15 and OpenSearch >= 2.4 only', () => {
  const sliced = { size: 10, sort: [{ _id: 'asc' }], slice: { id: 1, max: 4 } };
  for (const [family, version, can] of [
    ['es7', '7.10.2', false],
    ['es7', '7.14.2', false],
    ['es7', '7.15.0', true],
    ['es8', '8.15.0', true],
    ['os2', '2.4.0', true],
    ['os2', '2.11.1', true],
    ['os3', '3.1.0', true],
  ] as const) {
    const d = dialectOf(family, version);
    assert.equal(d.supportsSlicedPit, can, `${family} ${version}`);
    if (can) assert.deepEqual((d.searchAfterPage('logs', sliced, { pitId: 'P' }).body as { slice?: unknown }).slice, { id: 1, max: 4 });
    else assert.throws(() => d.searchAfterPage('logs', sliced, { pitId: 'P' }), /sliced point in time is not supported by Elasticsearch 7\.1[04]/);
  }
  for (const [family, version] of [['os1', '1.3.19'], ['os2', '2.3.0'], ['es6', '6.8.23']] as const) assert.equal(dialectOf(family, version).supportsSlicedPit, false, `${family} ${version}`);
});

test('hits.total in either shape; 7.x+ scrolls ask for exact totals', () => {
  const d = dialectOf('es7', '7.17.25');
  assert.equal(d.hitsTotal({ total: { value: 42, relation: 'eq' } }), 42);
  assert.equal(d.hitsTotal({ total: 7 }), 7);
  assert.equal(d.hitsTotal({}), 0);
  assert.equal((d.scrollStart('i', { size: 1 }, '1m').body as { track_total_hits?: boolean }).track_total_hits, true);
  assert.equal('track_total_hits' in (dialectOf('es6', '6.8.23').scrollStart('i', {}, '1m').body as object), false);
});

test('unsupported versions are refused clearly', () => {
  assert.throws(() => dialectOf('es2', '1.7.5'), /Elasticsearch 1\.7\.5 is not supported/);
});

test('GET / of every recorded version is detected and mapped to its family', { skip }, async () => {
  const { parseRootInfo } = await import('../../src/cluster/version.js');
  const { dialectFor } = await import('../../src/cluster/dialects/index.js');
  for (const [v, number, family] of [['2.4', '2.4.6', 'es2'], ['5.6', '5.6.6', 'es5'], ['6.2', '6.2.0', 'es6']] as const) {
    const info = parseRootInfo(recorded(v, '01-root-info.json').response.body, 'http://x');
    assert.equal(info.number, number);
    assert.equal(info.distribution, 'elasticsearch');
    assert.equal(dialectFor(info).family, family);
  }
});
