// Library copy(): a seeded index arrives with every _id, _routing and _source unchanged, and the
// report's accounting adds up. Runs over the embedded version matrix, or the real pair from
// ESFERRY_TEST_SOURCE / ESFERRY_TEST_DEST.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copy } from '../../src/index.js';
import { acquireClusters, clusterPairs } from '../support/clusters.js';
import { expectedHits, makeDocs, TIME_PROPERTIES } from './support/docs.js';

const DOCS = 240;

for (const pair of clusterPairs()) {
  test(`library copy() keeps ids, routing and sources: ${pair.label}`, async () => {
    const c = await acquireClusters(pair);
    try {
      const index = c.indexName('lib');
      const docs = makeDocs('lib', DOCS);
      await c.source.seed(index, docs, { shards: 3, properties: TIME_PROPERTIES });
      // same shard count on the destination, so a lost routing would put docs on other shards
      await c.dest.seed(index, [], { shards: 3, properties: TIME_PROPERTIES });

      const handle = copy({ source: { nodes: c.source.url }, dest: { nodes: c.dest.url }, sourceIndex: index, pageSize: 50, bulkDocs: 40 });
      const logs: string[] = [];
      handle.on('log', (l) => logs.push(l));
      const report = await handle.done;
      const why = `${c.source.version} → ${c.dest.version}: ${JSON.stringify({ outcome: report.outcome, reason: report.reason, totals: report.totals })}\n${logs.join('\n')}`;
      assert.equal(report.outcome, 'success', why);
      assert.equal(report.accountingOk, true, why);
      assert.equal(report.totals.read, DOCS, why);
      assert.equal(report.totals.written, DOCS, why);
      assert.equal(report.totals.skipped + report.totals.deadLettered + report.totals.dropped, 0, why);

      assert.equal(await c.dest.count(index), DOCS);
      const got = (await c.dest.docs(index)).map((h) => ({ _id: h._id, _source: h._source }));
      const want = expectedHits(docs).map((h) => ({ _id: h._id, _source: h._source }));
      assert.deepEqual(got, want, 'the destination holds exactly the source doc set');

      // routing: every routed doc is found with its routing and reports it back
      for (const d of docs.filter((x) => x._routing !== undefined)) {
        const hit = await c.dest.get(index, d._id, d._routing);
        assert.ok(hit, `${d._id} found with routing ${d._routing}`);
        assert.equal(hit._routing, d._routing, `${d._id} keeps routing`);
      }
      const plain = docs.find((x) => x._routing === undefined)!;
      assert.equal((await c.dest.get(index, plain._id))?._routing, undefined, 'unrouted docs stay unrouted');
    } finally {
      await c.release();
    }
  });
}
