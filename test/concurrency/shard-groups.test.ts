// Shard grouping reads the destination's layout the way each version reports it, and gives up
// (ungrouped bulks) where the shard of a document cannot be known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/index.js';
import { destinationShards, shardGrouping } from '../../src/write/shard-groups.js';

async function put(url: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${url}${path}`, { method: path.includes('_aliases') ? 'POST' : 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.status < 300, `${path}: ${res.status} ${await res.text()}`);
}

for (const [version, routingShards] of [['6.2', 5], ['7.17', 640], ['os2', 640]] as const) {
  test(`${version}: the layout of a 5-primary index gives each document the shard the cluster stores it on`, async () => {
    const cluster = await startTestCluster({ version });
    const dest = await connect({ nodes: cluster.url });
    try {
      await put(cluster.url, '/logs', { settings: { number_of_shards: 5, number_of_replicas: 0 } });
      const layout = await destinationShards(dest, 'logs');
      assert.deepEqual(layout, { shards: 5, routingShards });
      const grouping = shardGrouping('logs', layout!.shards, layout!.routingShards, { maxGroups: 5 })!;
      const docs = Array.from({ length: 200 }, (_, i) => ({ _id: `id-${i}`, ...(i % 2 ? { _routing: `r${i % 7}` } : {}), _source: { i } }));
      await cluster.seed('logs', docs);
      const stored = cluster.state.indices.get('logs')!;
      stored.shards.forEach((shard, n) => {
        for (const d of shard.docs.values()) assert.equal(grouping.groupOf({ index: 'logs', id: d.id, routing: d.routing }), n, `doc ${d.id}`);
      });
    } finally {
      await dest.close();
      await cluster.close();
    }
  });
}

test('no grouping where the shard cannot be known: an alias over two indices, a missing index, partitioned routing', async () => {
  const cluster = await startTestCluster({ version: '7.17' });
  const dest = await connect({ nodes: cluster.url });
  try {
    await put(cluster.url, '/a', { settings: { number_of_shards: 2 } });
    await put(cluster.url, '/b', { settings: { number_of_shards: 3 } });
    await put(cluster.url, '/_aliases', { actions: [{ add: { index: 'a', alias: 'both' } }, { add: { index: 'b', alias: 'both' } }] });
    assert.equal(await destinationShards(dest, 'both'), undefined);
    assert.equal(await destinationShards(dest, 'missing'), undefined);
    await put(cluster.url, '/parted', { settings: { number_of_shards: 4, routing_partition_size: 2 } });
    assert.equal(await destinationShards(dest, 'parted'), undefined);
    assert.equal(shardGrouping('x', 5, 5, { maxGroups: 1 }), undefined, 'one group is no grouping');
    assert.equal(shardGrouping('x', 5, 5, { maxGroups: 3 })!.groups, 3);
  } finally {
    await dest.close();
    await cluster.close();
  }
});
