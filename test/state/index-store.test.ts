// State index on the destination: round trip across "hosts" (two store instances), optimistic concurrency
// (a stale writer gets a clear error), lease lock, corruption → clear error; on old and new versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/connect.js';
import { IndexStateStore, docId } from '../../src/state/index-store.js';
import { beginRun, applyCheckpoint } from '../../src/state/index-state.js';

const VERSIONS = ['2.4', '5.6', '6.2', '6.8', '7.17', '8.15', 'opensearch-2.11'];

function running(name: string, ack: number) {
  return applyCheckpoint(beginRun(undefined, { sourceIndex: name, destIndex: name, resume: false }), {
    sourceIndex: name,
    destIndex: name,
    // mixed value types in positions must not trip dynamic mapping
    position: { mode: 'search-after', slice: { id: 0, max: 2 }, searchAfter: [ack, `id-${ack}`, null], acknowledged: ack, done: false },
    highWater: '2026-11-01T10:00:00.000Z',
  });
}

for (const version of VERSIONS) {
  test(`state index round trip, conflicts and lock on ${version}`, async (t) => {
    const cluster = await startTestCluster({ version });
    t.after(() => cluster.close());
    const a = await connect({ nodes: cluster.url });
    const b = await connect({ nodes: cluster.url });
    t.after(() => a.close());
    t.after(() => b.close());

    const hostA = new IndexStateStore(a.transport, a.dialect, 'esferry-state', { owner: 'host-a' });
    assert.deepEqual(await hostA.load(), { indices: {} }, 'missing state index = empty state');
    await hostA.saveIndex(running('logs-1', 10));
    await hostA.saveIndex(running('logs-1', 20));
    await hostA.saveIndex(running('logs-2', 5));
    await hostA.markDone('logs-2');

    // another host resumes: it sees everything host A saved
    const hostB = new IndexStateStore(b.transport, b.dialect, 'esferry-state', { owner: 'host-b' });
    const seen = await hostB.load();
    assert.deepEqual(Object.keys(seen.indices).sort(), ['logs-1', 'logs-2']);
    assert.equal(seen.indices['logs-1']!.acknowledged, 20);
    assert.deepEqual(seen.indices['logs-1']!.positions[0]!.searchAfter, [20, 'id-20', null]);
    assert.equal(seen.indices['logs-2']!.status, 'done');
    assert.equal(seen.indices['logs-2']!.lastSuccess!.highWater, '2026-11-01T10:00:00.000Z');

    // host B continues the work; host A, still holding an older view, must not overwrite it
    await hostB.saveIndex(running('logs-1', 30));
    await assert.rejects(hostA.saveIndex(running('logs-1', 25)), /changed by another esferry run/);
    assert.equal((await new IndexStateStore(a.transport, a.dialect, 'esferry-state').load()).indices['logs-1']!.acknowledged, 30);

    // lease lock: one holder at a time, free again after release
    const lock = await hostB.lock('host-b');
    await assert.rejects(new IndexStateStore(a.transport, a.dialect, 'esferry-state').lock('host-a'), /locked by host-b/);
    await lock.release();
    const lockA = await new IndexStateStore(a.transport, a.dialect, 'esferry-state').lock('host-a');
    await lockA.release();
    assert.deepEqual(Object.keys((await hostB.load()).indices).sort(), ['logs-1', 'logs-2'], 'the lock is not an index record');
  });
}

test('a state document edited outside esferry is a clear error naming it', async (t) => {
  const cluster = await startTestCluster({ version: '8.15' });
  t.after(() => cluster.close());
  const c = await connect({ nodes: cluster.url });
  t.after(() => c.close());
  const store = new IndexStateStore(c.transport, c.dialect, 'esferry-state');
  await store.saveIndex(running('logs-1', 10));
  const loaded = await c.transport.request<{ hits: { hits: Array<{ _source: Record<string, unknown> }> } }>({
    method: 'POST', path: '/esferry-state/_search', body: { query: { ids: { values: [docId('logs-1')] } } },
  });
  const doc = loaded.body.hits.hits[0]!._source;
  const tampered = { ...doc, state: String(doc.state).replace('"acknowledged":10', '"acknowledged":11') };
  await c.transport.request({
    method: 'POST', path: '/_bulk', query: { refresh: 'true' }, contentType: 'application/x-ndjson',
    body: `${JSON.stringify({ index: { _index: 'esferry-state', _id: docId('logs-1') } })}\n${JSON.stringify(tampered)}\n`,
  });
  await assert.rejects(new IndexStateStore(c.transport, c.dialect, 'esferry-state').load(), (e: Error) => {
    assert.match(e.message, /esferry-state.*index:logs-1.*checksum/);
    return true;
  });
});

test('a crashed holder is taken over with force; the old holder then loses its lease and stops saving', async (t) => {
  const cluster = await startTestCluster({ version: '7.17' });
  t.after(() => cluster.close());
  const c = await connect({ nodes: cluster.url });
  t.after(() => c.close());
  const hostA = new IndexStateStore(c.transport, c.dialect, 'esferry-state', { owner: 'host-a', lockTtlMs: 90 });
  const lockA = await hostA.lock();
  const hostB = new IndexStateStore(c.transport, c.dialect, 'esferry-state', { owner: 'host-b', lockTtlMs: 60_000 });
  await assert.rejects(hostB.lock(), /locked by host-a/);
  const lockB = await hostB.lock('host-b', { force: true });
  // host A's next lease renewal (every 30 ms) finds host B's lease; from then on its saves fail
  let refused: Error | undefined;
  for (let i = 0; i < 200 && !refused; i++) {
    await new Promise((r) => setTimeout(r, 10));
    await hostA.saveIndex(running('logs-1', i)).catch((e: Error) => (refused = e));
  }
  assert.match(refused?.message ?? '', /lost the lock|changed by another esferry run/);
  await lockA.release();
  await lockB.release();
});
