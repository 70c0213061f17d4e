// An embedder's own @elastic/elasticsearch Client as the connection: every request goes through it
// (its auth and connection reused: the destination requires a password only its client has),
// metadata and documents alike, and the embedder's client stays open afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy, plan, status, verify } from '../../src/index.js';
import { bulkDocs, es } from '../cli/support/http.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dst: Cluster;

before(async () => {
  // the Client >= 7.14 checks x-elastic-product: a test cluster of a version that sends it
  src = await startTestCluster({ version: '8.15' });
  dst = await startTestCluster({ version: '8.15', auth: { username: 'ops', password: 'only-the-client-knows' } });
  await es(src.url, 'PUT', '/events', { settings: { number_of_shards: 2 }, mappings: { properties: { kind: { type: 'keyword' } } } });
  await bulkDocs(src.url, 'events', Array.from({ length: 120 }, (_, i) => ({ id: `e${i}`, source: { kind: `k${i % 4}` } })));
});

after(async () => {
  await src?.close();
  await dst?.close();
});

test('copy, plan, verify and status through existing @elastic/elasticsearch clients', async () => {
  const sourceClient = new Client({ node: src.url });
  const destClient = new Client({ node: dst.url, auth: { username: 'ops', password: 'only-the-client-knows' } });
  let requests = 0;
  destClient.diagnostic.on('request', () => requests++);
  try {
    const conn = { source: { nodes: [], client: sourceClient }, dest: { nodes: [], client: destClient }, sourceIndex: 'events' };
    const p = await plan(conn);
    assert.equal(p.items[0]?.action, 'create');
    assert.equal(p.items[0]?.docs, 120);

    const report = await copy({ ...conn, pageSize: 50, bulkDocs: 40 }).done;
    assert.equal(report.outcome, 'success', report.reason);
    assert.equal(report.totals.written, 120);
    assert.ok(requests > 5, `the destination client carried the requests (${requests})`);
    const settings = ((await destClient.indices.getSettings({ index: 'events', flat_settings: true })) as Record<string, { settings: Record<string, string> }>).events!.settings;
    assert.equal(settings['index.number_of_shards'], '2', 'created from the source metadata through the client');

    const v = await verify({ ...conn, sample: 10 });
    assert.equal(v.ok, true, JSON.stringify(v));
    const rows = await status(conn);
    assert.equal(rows[0]?.destCount, 120);
    // the embedder's clients are still usable: esferry closed nothing of theirs
    assert.equal((await destClient.count({ index: 'events' })).count, 120);
  } finally {
    await sourceClient.close();
    await destClient.close();
  }
});
