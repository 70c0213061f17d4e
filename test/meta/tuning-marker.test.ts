// The saved originals of a tuned index live in the mapping's _meta on every version: written next
// to the user's own _meta keys, read back, and removed leaving those keys as they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/connect.js';
import { TuningMarkerStore, type TuningMarker } from '../../src/meta/tuning-marker.js';
import { es } from '../cli/support/http.js';

const MARKER: TuningMarker = { original: { refresh_interval: '30s', number_of_replicas: '2' }, applied: { refresh_interval: '-1', number_of_replicas: '0' }, since: '2026-11-01T00:00:00.000Z' };

for (const version of ['2.4', '5.6', '6.8', '7.17', '8.15', 'opensearch-2.11']) {
  test(`tuning marker in _meta on ${version}: saved, read, removed; the user's _meta kept`, async () => {
    const c = await startTestCluster({ version });
    const cluster = await connect({ nodes: c.url });
    try {
      const typed = cluster.dialect.typeModel === 'multi' || cluster.dialect.typeModel === 'single';
      const mapping = { _meta: { owner: 'team-a' }, properties: { n: { type: 'long' } } };
      const created = await es(c.url, 'PUT', '/idx', { mappings: typed ? { doc: mapping } : mapping });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const store = new TuningMarkerStore(cluster.transport, cluster.dialect.typeModel);
      assert.equal(await store.read('idx'), undefined);
      assert.equal(await store.write('idx', MARKER), true);
      assert.deepEqual(await store.read('idx'), MARKER);
      await store.write('idx', undefined);
      assert.equal(await store.read('idx'), undefined);
      const m = await es(c.url, 'GET', '/idx/_mapping');
      const meta = typed ? m.body.idx.mappings.doc._meta : m.body.idx.mappings._meta;
      assert.deepEqual(meta, { owner: 'team-a' });
    } finally {
      await cluster.close();
      await c.close();
    }
  });
}

test('a typed destination with no mapping type yet cannot hold the marker (the tuner then does not tune)', async () => {
  const c = await startTestCluster({ version: '6.8' });
  const cluster = await connect({ nodes: c.url });
  try {
    await es(c.url, 'PUT', '/empty', {});
    const store = new TuningMarkerStore(cluster.transport, cluster.dialect.typeModel);
    assert.equal(await store.write('empty', MARKER), false);
  } finally {
    await cluster.close();
    await c.close();
  }
});
