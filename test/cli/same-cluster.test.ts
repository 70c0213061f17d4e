// A copy whose two URLs reach one cluster (127.0.0.1 vs localhost, an alias of the source) must
// refuse before touching anything: identity comes from cluster_uuid / node ids, not URL text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/engine/copy.js';
import { EsferryError } from '../../src/cluster/errors.js';
import { clusterIdentity, sameIdentity, uuidOfRoot } from '../../src/cluster/identity.js';
import { connect } from '../../src/cluster/connect.js';
import { bulkDocs, count, es, flatSettings } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let other: Cluster;
let viaLocalhost: string;

before(async () => {
  src = await startTestCluster({ version: '7.17' });
  other = await startTestCluster({ version: '7.17' });
  viaLocalhost = src.url.replace('127.0.0.1', 'localhost');
  await es(src.url, 'PUT', '/victim', { settings: { number_of_shards: 1, number_of_replicas: 1 } });
  await bulkDocs(src.url, 'victim', Array.from({ length: 50 }, (_, i) => ({ id: `v${i}`, source: { n: i } })));
  await es(src.url, 'POST', '/_aliases', { actions: [{ add: { index: 'victim', alias: 'victim-alias' } }] });
});

after(async () => {
  await Promise.allSettled([src?.close(), other?.close()]);
});

test('each test cluster instance has its own cluster_uuid and node id', async () => {
  const a = await es(src.url, 'GET', '/');
  const b = await es(other.url, 'GET', '/');
  assert.notEqual(a.body.cluster_uuid, b.body.cluster_uuid);
  assert.notEqual(src.state.nodeId, other.state.nodeId);
});

for (const extra of [['--recreate'], []]) {
  test(`127.0.0.1 and localhost are one cluster: copy onto itself refused ${extra.join(' ') || 'without --recreate'}`, async () => {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', viaLocalhost, '--index', 'victim', ...extra]);
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /refusing to copy: victim: source and destination are the same index on the same cluster/);
    assert.equal(await count(src.url, 'victim'), 50);
    const s = await flatSettings(src.url, 'victim');
    assert.equal(s['index.number_of_replicas'], '1');
    assert.equal(s['index.refresh_interval'], undefined);
  });
}

test('a destination that is an alias of the source index on the same cluster is refused', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', viaLocalhost, '--index', 'victim', '--dest-index', 'victim-alias', '--recreate']);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /victim-alias is an alias of victim/);
  assert.equal(await count(src.url, 'victim'), 50);
});

test('same cluster under another index name is a legitimate copy', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', viaLocalhost, '--index', 'victim', '--dest-index', 'victim-copy', '--quiet']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(await count(src.url, 'victim-copy'), 50);
  assert.equal((await flatSettings(src.url, 'victim'))['index.refresh_interval'], undefined);
  await es(src.url, 'DELETE', '/victim-copy');
});

test('a node list mixing two clusters is refused before anything is read', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', `${other.url},${viaLocalhost}`, '--index', 'victim', '--dest-index', 'x']);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /node URLs belong to different clusters/);
  assert.equal((await es(other.url, 'HEAD', '/x')).status, 404);
});

test('library copy() refuses to write into the index it reads on the same cluster', async () => {
  const handle = copy({ source: { nodes: src.url }, dest: { nodes: viaLocalhost }, sourceIndex: 'victim' });
  await assert.rejects(handle.done, (err: unknown) => err instanceof EsferryError && err.kind === 'bad_input' && /same index on the same cluster/.test(err.message));
  assert.equal(await count(src.url, 'victim'), 50);
});

test('identity: cluster_uuid when reported, node ids otherwise ("_na_" is no uuid)', () => {
  assert.equal(uuidOfRoot({ cluster_uuid: '_na_' }), undefined);
  assert.equal(uuidOfRoot({ cluster_uuid: 'abc' }), 'abc');
  assert.equal(sameIdentity({ uuid: 'a' }, { uuid: 'a' }), true);
  assert.equal(sameIdentity({ uuid: 'a' }, { uuid: 'b' }), false);
  assert.equal(sameIdentity({ nodeIds: ['n1', 'n2'] }, { nodeIds: ['n2'] }), true);
  assert.equal(sameIdentity({ nodeIds: ['n1'] }, { nodeIds: ['n3'] }), false);
  assert.equal(sameIdentity({ uuid: 'a' }, {}), undefined);
});

test('a cluster without a cluster_uuid is known by its node ids (GET /_nodes)', async () => {
  const a = await connect({ nodes: src.url });
  const b = await connect({ nodes: viaLocalhost });
  const c = await connect({ nodes: other.url });
  try {
    const ia = await clusterIdentity(a.transport, undefined);
    assert.deepEqual(ia, { nodeIds: [src.state.nodeId] });
    assert.equal(sameIdentity(ia, await clusterIdentity(b.transport, undefined)), true);
    assert.equal(sameIdentity(ia, await clusterIdentity(c.transport, undefined)), false);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test('a node of the list that does not answer proves nothing: the copy goes on through the others', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', `http://127.0.0.1:1,${other.url}`, '--index', 'victim', '--quiet']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(await count(other.url, 'victim'), 50);
});
