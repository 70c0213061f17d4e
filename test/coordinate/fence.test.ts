// A worker that loses its lease stops writing that item at once: after the fence fires the engine
// sends no new bulk request (those already on the wire finish) and the copy ends failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/engine/copy.js';

test('fence: no bulk request is sent after the lease is lost; the copy fails naming it', async () => {
  const source = await startTestCluster({ version: '7.17' });
  const dest = await startTestCluster({ version: '8.15' });
  try {
    await source.seedCorpus('fenced', 20000);
    dest.faults.latencyMs = 50;
    const bulks = () => Object.entries(dest.stats.byRoute).filter(([k]) => k.includes('_bulk')).reduce((n, [, v]) => n + v, 0);
    const fence = new AbortController();
    let atFence = -1;
    const h = copy({ source: { nodes: source.url }, dest: { nodes: dest.url }, sourceIndex: 'fenced', bulkDocs: 100, writers: 2, fence: fence.signal });
    // the lease is lost once the copy is well under way (a few bulks acknowledged)
    const watch = setInterval(() => {
      if (atFence >= 0 || bulks() < 3) return;
      atFence = bulks();
      fence.abort(new Error('lease lost: taken over by w2'));
    }, 5);
    const report = await h.done.finally(() => clearInterval(watch));
    assert.ok(atFence > 0, 'the fence fired mid-copy');
    assert.equal(report.outcome, 'failed');
    assert.match(report.reason ?? '', /lease lost: taken over by w2/);
    // at most the requests already on the wire (2 writers) complete after the fence
    assert.ok(bulks() <= atFence + 2, `bulks after the fence: ${bulks() - atFence}`);
    assert.ok(report.totals.written < 20000);
  } finally {
    await source.close();
    await dest.close();
  }
});
