// External versions beside live writes: a copy with versionType 'external' + versionField never overwrites a
// destination document that the application wrote with a newer version, before or during the copy; such docs
// are counted as skipped, and every copied doc carries its field's epoch millis as version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/engine/copy.js';
import { storedDocs } from './support/docs.js';
import { bulk } from './support/http.js';

const N = 600;
const base = Date.parse('2026-11-21T10:00:00.000Z');
const updatedAt = (i: number) => new Date(base + i * 1000).toISOString();

test('external versions: a newer destination doc is never overwritten', { timeout: 60_000 }, async (t) => {
  const src = await startTestCluster({ version: '6.8' });
  const dst = await startTestCluster({ version: '8.15' });
  t.after(() => src.close());
  t.after(() => dst.close());
  await src.seed('orders', Array.from({ length: N }, (_, i) => ({ _id: `o-${i}`, _type: 'doc', _source: { name: `order ${i}`, updated_at: updatedAt(i) } })));

  const newer = (id: string, i: number) => [
    { index: { _index: 'orders', _id: id, version: base + i * 1000 + 60_000, version_type: 'external' } },
    { name: `app update of ${id}`, updated_at: new Date(base + i * 1000 + 60_000).toISOString() },
  ];
  // before the copy: the application already moved o-5 forward on the new cluster
  assert.equal((await bulk(dst.url, newer('o-5', 5))).errors, false);
  // during the copy: at the first acknowledged checkpoint the application updates the last orders
  let wroteDuring = false;
  const handle = copy({
    source: { nodes: src.url },
    dest: { nodes: dst.url },
    sourceIndex: 'orders',
    versionType: 'external',
    versionField: 'updated_at',
    pageSize: 50,
    bulkDocs: 50,
    writers: 1,
    checkpoint: async () => {
      if (wroteDuring) return;
      wroteDuring = true;
      const r = await bulk(dst.url, [...newer(`o-${N - 1}`, N - 1), ...newer(`o-${N - 2}`, N - 2)]);
      assert.equal(r.errors, false);
    },
  });
  const report = await handle.done;
  assert.ok(wroteDuring, 'the engine emitted a checkpoint');
  assert.equal(report.outcome, 'success', report.reason);
  assert.ok(report.accountingOk);
  assert.ok(report.totals.skipped >= 1, 'o-5 answered 409 and counted as skipped');
  assert.equal(report.totals.written + report.totals.skipped, N);

  const docs = storedDocs(dst, 'orders');
  assert.equal(docs.size, N);
  for (const id of ['o-5', `o-${N - 1}`, `o-${N - 2}`]) {
    assert.match(JSON.parse(docs.get(id)!.source).name, /^app update of/, `${id} kept the application's newer write`);
  }
  for (let i = 0; i < N - 2; i++) {
    if (i === 5) continue;
    const d = docs.get(`o-${i}`)!;
    assert.equal(d.version, Date.parse(updatedAt(i)), `o-${i} carries updated_at as its external version`);
    assert.equal(JSON.parse(d.source).name, `order ${i}`);
  }
});
