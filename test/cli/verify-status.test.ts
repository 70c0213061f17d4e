// `esferry verify` and `esferry status` against test clusters after a copy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, es } from './support/http.js';
import { runCli, runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dst: Cluster;
const INDEX = 'events-1';

before(async () => {
  src = await startTestCluster({ version: '6.8' });
  dst = await startTestCluster({ version: '8' });
  await es(src.url, 'PUT', `/${INDEX}`, { settings: { number_of_shards: 3 }, mappings: { doc: { properties: { n: { type: 'long' }, name: { type: 'keyword' } } } } });
  await bulkDocs(src.url, INDEX, Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, source: { n: i, name: `event ${i}`, nested: { a: [1, 2], b: { c: i } } } })), 'doc');
  const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--quiet']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

after(async () => {
  await Promise.allSettled([src?.close(), dst?.close()]);
});

test('verify passes on an exact copy, sampling every document', async () => {
  const r = await runInProcess(['verify', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--sample', '300', '--seed', '7', '--json']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const res = JSON.parse(r.stdout);
  assert.equal(res.ok, true);
  assert.equal(res.indices[0].sourceCount, 300);
  assert.equal(res.indices[0].destCount, 300);
  assert.equal(res.indices[0].sampled, 300);
});

test('status shows counts, remaining and sizes', async () => {
  const r = await runInProcess(['status', '--source', src.url, '--dest', dst.url, '--index', 'events-*', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const [row] = JSON.parse(r.stdout);
  assert.equal(row.sourceIndex, INDEX);
  assert.equal(row.sourceCount, 300);
  assert.equal(row.destCount, 300);
  assert.equal(row.remaining, 0);
  assert.ok(row.sourceBytes > 0);
});

test('verify detects a document deleted on the destination and exits 4', async () => {
  const del = await es<{ errors: boolean }>(dst.url, 'POST', '/_bulk', `${JSON.stringify({ delete: { _index: INDEX, _id: 'e42' } })}\n`);
  assert.equal(del.body.errors, false, JSON.stringify(del.body));
  await es(dst.url, 'POST', `/${INDEX}/_refresh`);
  const r = await runCli(['verify', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--sample', '300']);
  assert.equal(r.code, 4, r.stderr + r.stdout);
  assert.match(r.stdout, /events-1 +events-1 +300 +299 +-1 +299\/300 +MISMATCH/);
  assert.match(r.stdout, /missing on destination: e42/);
  const s = await runInProcess(['status', '--source', src.url, '--dest', dst.url, '--index', INDEX]);
  assert.match(s.stdout, /events-1 +events-1 +300 +299 +1 /);
});

test('verify --ids lists ids missing on either side; --delete-dest-only removes the extra ones', async () => {
  // state after the previous test: e42 missing on the destination; add one destination-only doc
  const extra = await es<{ errors: boolean }>(dst.url, 'POST', '/_bulk?refresh=true', `${JSON.stringify({ index: { _index: INDEX, _id: 'ghost' } })}\n{"n":-1}\n`);
  assert.equal(extra.body.errors, false);
  const r = await runInProcess(['verify', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--ids']);
  assert.equal(r.code, 4, r.stderr + r.stdout);
  assert.match(r.stdout, /events-1: missing on destination: e42/);
  assert.match(r.stdout, /events-1: only on destination: ghost/);
  const fix = await runInProcess(['verify', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--ids', '--delete-dest-only', '--json']);
  const res = JSON.parse(fix.stdout);
  assert.equal(res.ids[0].stats.deleted.deleted, 1);
  assert.deepEqual(res.ids[0].sourceOnly, ['e42']);
  assert.equal(fix.code, 4, 'e42 is still missing');
  await es(dst.url, 'POST', `/${INDEX}/_refresh`);
  const again = await es<{ count: number }>(dst.url, 'GET', `/${INDEX}/_count`);
  assert.equal(again.body.count, 299);
});

test('verify names a destination index that does not exist and exits 4', async () => {
  await es(src.url, 'PUT', '/solo-1', { mappings: { doc: { properties: { n: { type: 'long' } } } } });
  await bulkDocs(src.url, 'solo-1', [{ id: 's1', source: { n: 1 } }], 'doc');
  const r = await runInProcess(['verify', '--source', src.url, '--dest', dst.url, '--index', 'solo-1', '--json']);
  assert.equal(r.code, 4, r.stderr + r.stdout);
  const res = JSON.parse(r.stdout);
  assert.equal(res.ok, false);
  assert.equal(res.indices[0].destCount, null);
  assert.equal(res.indices[0].error, 'destination index solo-1 does not exist');
});
