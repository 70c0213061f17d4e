// diffIds against real test clusters of different versions (2.x ids sort to null on the cluster, 8.x refuses
// _id sorts: the external sort makes both work), with deletion of destination-only ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/connect.js';
import { diffIds, newDiffStats } from '../../src/state/id-diff.js';
import { storedDocs } from './support/docs.js';

const PAIRS: Array<[string, string]> = [['2.4', '5.6'], ['6.2', '8.15'], ['7.17', 'opensearch-2.11']];

for (const [from, to] of PAIRS) {
  test(`id diff ${from} → ${to}`, { timeout: 30_000 }, async (t) => {
    const src = await startTestCluster({ version: from });
    const dst = await startTestCluster({ version: to });
    t.after(() => src.close());
    t.after(() => dst.close());
    const doc = (id: string) => ({ _id: id, _type: 'doc', _source: { n: id } });
    const common = Array.from({ length: 1500 }, (_, i) => `id-${i}`);
    await src.seed('items', [...common, 'src-only-1', 'src-only-2'].map(doc));
    await dst.seed('items', [...common.filter((id) => id !== 'id-700'), 'dst-only-a', 'dst-only-b', 'dst-only-c'].map(doc));
    const s = await connect({ nodes: src.url });
    const d = await connect({ nodes: dst.url });
    t.after(() => s.close());
    t.after(() => d.close());

    const stats = newDiffStats();
    const found: string[] = [];
    for await (const x of diffIds(s, d, 'items', { chunkSize: 400, pageSize: 250, stats, deleteDestOnly: true })) found.push(`${x.side}:${x.id}`);
    assert.deepEqual(found.sort(), ['dest:dst-only-a', 'dest:dst-only-b', 'dest:dst-only-c', 'source:id-700', 'source:src-only-1', 'source:src-only-2']);
    assert.deepEqual({ ...stats, deleted: undefined }, { sourceIds: 1502, destIds: 1502, sourceOnly: 3, destOnly: 3, deleted: undefined });
    assert.equal(stats.deleted!.deleted, 3);
    const left = storedDocs(dst, 'items');
    assert.equal(left.size, 1499);
    assert.ok(![...left.keys()].some((id) => id.startsWith('dst-only')));
  });
}
