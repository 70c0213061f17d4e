// Real HTTP: the controller deciding how many `_bulk` requests a writer loop keeps in flight,
// against the test cluster's WritePool model behind a minimal bulk endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdaptiveController } from '../../src/write/concurrency/adaptive.js';
import { createFixedController } from '../../src/write/concurrency/fixed.js';
import { runHttpLoad } from '../../native-free-bench/adaptive/http-load.js';
import { startPoolBulkServer } from './support/pool-bulk-server.js';

test('adaptive writers over HTTP: every document lands, the limit comes down to the pool', async () => {
  const server = await startPoolBulkServer({ threads: 1, queueSize: 2, docsPerSecond: 20_000 }, 1);
  try {
    const controller = createAdaptiveController({ initial: 16, max: 32 });
    const r = await runHttpLoad({ url: server.url, index: 'i', totalDocs: 20_000, bulkDocs: 200, controller, bucketMs: 250 });
    assert.equal(r.written, 20_000);
    assert.equal(server.stored.size, 20_000, 'the server stored every id');
    assert.ok(r.rejectedItems > 0);
    assert.equal(r.itemsSent, r.written + r.rejectedItems);
    assert.ok(controller.current() <= 4, `writers ${controller.current()} (${controller.snapshot().reason})`);
    assert.match(controller.snapshot().reason, /items rejected|latency|increase|hold/);
  } finally {
    await server.close();
  }
});

test('fixed writers over HTTP keep their count and still lose nothing', async () => {
  const server = await startPoolBulkServer({ threads: 1, queueSize: 2, docsPerSecond: 50_000 }, 2);
  try {
    const controller = createFixedController(6);
    const r = await runHttpLoad({ url: server.url, index: 'i', totalDocs: 6_000, bulkDocs: 100, controller });
    assert.equal(server.stored.size, 6_000);
    assert.equal(r.written, 6_000);
    assert.ok(r.series.every((b) => b.writers === 6));
    assert.ok(r.rejectedItems > 0, 'six writers × two shard tasks overflow a 3-task pool');
  } finally {
    await server.close();
  }
});

test('a destination that stops answering ends the run with an error instead of spinning', async () => {
  const server = await startPoolBulkServer({ threads: 1, queueSize: 2 }, 1);
  const url = server.url;
  await server.close();
  await assert.rejects(
    runHttpLoad({ url, index: 'i', totalDocs: 1_000, bulkDocs: 100, controller: createFixedController(2) }),
    /bulk requests in a row failed \(last status 0\)/,
  );
});
