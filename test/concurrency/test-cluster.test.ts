// The adaptive controller deciding real `_bulk` concurrency against the test cluster's
// capacity-limited write pool (1 thread, queue 2): no document lost, writers converge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdaptiveController } from '../../src/write/concurrency/adaptive.js';
import { pollThreadPool } from '../../src/write/concurrency/pool-poller.js';
import { connect } from '../../src/cluster/index.js';
import { runHttpLoad } from '../../native-free-bench/adaptive/http-load.js';
import { loadTestCluster, testClusterAvailable } from '../../native-free-bench/adaptive/test-cluster.js';

test('converges on a 1-thread/2-queue write pool without losing a document', { skip: !testClusterAvailable() && 'fixtures/cluster/index.ts not there yet' }, async () => {
  const { startTestCluster } = await loadTestCluster();
  const cluster = await startTestCluster({ version: '7.17', writePool: { threads: 1, queueSize: 2, docsPerSecond: 20_000 } });
  const stopPolling = new AbortController();
  try {
    const put = await fetch(`${cluster.url}/conc`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { number_of_shards: 1, number_of_replicas: 0 } }),
    });
    assert.equal(put.status, 200, await put.text());

    // start far above what the pool holds: 1 running + 2 queued shard tasks
    const controller = createAdaptiveController({ initial: 12, max: 32 });
    const dest = await connect({ nodes: cluster.url });
    const polling = pollThreadPool(dest.transport, dest.dialect, controller, 100, stopPolling.signal, { log: () => {} });
    const totalDocs = 24_000;
    const r = await runHttpLoad({ url: cluster.url, index: 'conc', totalDocs, bulkDocs: 200, controller, bucketMs: 250 });
    stopPolling.abort();
    await polling;
    await dest.close();

    assert.equal(r.failed, 0);
    assert.equal(r.written, totalDocs);
    assert.ok(r.rejectedItems > 0, 'twelve writers on a 3-task pool must have met rejections');
    assert.equal(r.itemsSent, r.written + r.rejectedItems, 'each rejected item was sent again, nothing else');
    await fetch(`${cluster.url}/conc/_refresh`, { method: 'POST' }).then((x) => x.arrayBuffer());
    const count = (await (await fetch(`${cluster.url}/conc/_count`)).json()) as { count: number };
    assert.equal(count.count, totalDocs, 'the destination holds every document');

    const snap = controller.snapshot();
    assert.ok(snap.writers >= 1 && snap.writers <= 4, `converged writers ${snap.writers} (${snap.reason})`);
    // after the first cut the limit stays near the pool's size
    const late = r.series.slice(Math.floor(r.series.length / 2));
    assert.ok(Math.max(...late.map((b) => b.writers)) <= 4, `late writers ${late.map((b) => b.writers).join(',')}`);
    const lateSent = late.reduce((a, b) => a + b.itemsSent, 0);
    const lateRejected = late.reduce((a, b) => a + b.rejectedItems, 0);
    assert.ok(lateRejected / Math.max(1, lateSent) < 0.1, `late rejected share ${lateRejected}/${lateSent}`);
    controller.stop();
  } finally {
    stopPolling.abort();
    await cluster.close();
  }
});
