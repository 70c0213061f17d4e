// The cluster helper itself: it refuses to touch indices it did not name, reports credentials
// only redacted, and release() leaves nothing behind (checked from outside on real clusters).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acquireClusters, clusterPairs, realMode } from '../support/clusters.js';

const pair = clusterPairs()[0]!;

test(`cluster helper: owned names only, redacted URLs, release deletes: ${pair.label}`, async () => {
  const c = await acquireClusters(pair);
  let index = '';
  try {
    index = c.indexName('helper');
    assert.match(index, new RegExp(`^esferry-it-${process.pid}-\\d+-helper$`));
    assert.notEqual(c.indexName(), c.indexName(), 'names are unique');
    await assert.rejects(c.source.seed('logs-2026.11.01', []), /refusing to touch/);
    await assert.rejects(c.dest.remove('*'), /refusing to touch/);
    await assert.rejects(c.dest.remove(`esferry-it-${process.pid}-*`), /refusing to touch/);

    for (const s of [c.source, c.dest]) {
      const pass = new URL(s.url).password;
      if (pass) assert.ok(!s.shownUrl.includes(pass), 'shownUrl is redacted');
    }
    await c.source.seed(index, [{ _id: 'a', _routing: 'x', _source: { n: 1 } }, { _id: 'b', _source: { n: 2 } }], { shards: 2 });
    assert.equal(await c.source.count(index), 2);
    assert.deepEqual(await c.source.get(index, 'a', 'x'), { _id: 'a', _routing: 'x', _source: { n: 1 } });
    await c.source.deleteDoc(index, 'a', 'x');
    assert.deepEqual((await c.source.docs(index)).map((h) => h._id), ['b']);
  } finally {
    await c.release();
  }
  if (realMode) {
    const again = await acquireClusters(pair);
    try {
      for (const side of [again.source, again.dest]) {
        assert.equal((await side.request('HEAD', `/${index}`)).status, 404, `${index} deleted on ${side.shownUrl}`);
      }
    } finally {
      await again.release();
    }
  }
});
