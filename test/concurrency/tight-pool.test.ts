// Copies into a destination whose write pool is smaller than the shards one bulk touches
// (5 primaries, 1 thread, queue 1): real Elasticsearch then rejects part of every mixed bulk
// however few writers send. Bulks must stay full, rejections must never be dead-lettered, and
// bulks grouped by destination shard must not be rejected at all with one writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../../fixtures/cluster/index.js';
// the engine alone (documents only); the library's copy() with metadata is tested in test/library
import { copy } from '../../src/engine/copy.js';
import type { CopyOptions } from '../../src/engine/types.js';

async function tightPair(seed: (src: TestCluster) => Promise<void>): Promise<{ src: TestCluster; dst: TestCluster; close: () => Promise<void> }> {
  const src = await startTestCluster({ version: '6.8' });
  const dst = await startTestCluster({ version: '7.17', writePool: { threads: 1, queueSize: 1, docsPerSecond: 200_000 } });
  await seed(src);
  const put = await fetch(`${dst.url}/logs`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: { number_of_shards: 5, number_of_replicas: 0 } }) });
  assert.equal(put.status, 200);
  return { src, dst, close: async () => { await src.close(); await dst.close(); } };
}

async function run(src: TestCluster, dst: TestCluster, extra: Partial<CopyOptions>) {
  const dir = mkdtempSync(join(tmpdir(), 'esferry-tight-'));
  try {
    return await copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', deadLetterFile: join(dir, 'dead.ndjson'), ...extra }).done;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function destCount(dst: TestCluster): Promise<number> {
  await fetch(`${dst.url}/logs/_refresh`, { method: 'POST' }).then((r) => r.arrayBuffer());
  return ((await (await fetch(`${dst.url}/logs/_count`)).json()) as { count: number }).count;
}

test('a tight multi-shard pool: full bulks, every document, nothing dead-lettered (adaptive and 32 fixed writers)', async () => {
  const pair = await tightPair((src) => src.seedCorpus('logs', 30_000));
  try {
    for (const writers of [undefined, 32]) {
      const report = await run(pair.src, pair.dst, writers ? { writers } : {});
      const idx = report.indices[0]!;
      assert.equal(report.outcome, 'success', report.reason);
      assert.equal(idx.written, 30_000);
      assert.equal(idx.deadLettered, 0);
      const bulks = idx.bulks!;
      // 30 full bulks plus the merged retries: a collapse into single documents sends thousands
      assert.ok(bulks.requests <= 90, `writers ${writers ?? 'adaptive'}: ${bulks.requests} bulk requests`);
      assert.ok(bulks.docsP10 >= 500, `writers ${writers ?? 'adaptive'}: docs per bulk p10 ${bulks.docsP10}, p50 ${bulks.docsP50}`);
      assert.equal(await destCount(pair.dst), 30_000);
    }
  } finally {
    await pair.close();
  }
});

test('bulks grouped by destination shard (custom routing) are never rejected by a one-writer copy', async () => {
  const docs = Array.from({ length: 6_000 }, (_, i) => ({ _id: `doc-${i}`, _routing: `tenant-${i % 37}`, _source: { n: i, tenant: `tenant-${i % 37}` } }));
  const pair = await tightPair((src) => src.seed('logs', docs, { shards: 3 }));
  try {
    const grouped = await run(pair.src, pair.dst, { writers: 1, bulkDocs: 500 });
    const idx = grouped.indices[0]!;
    assert.equal(grouped.outcome, 'success', grouped.reason);
    assert.equal(idx.written, 6_000);
    // one shard task per bulk on a pool of 1 thread + 1 queue slot, and the groups' small
    // leftovers at the end packed two shard tasks at a time: nothing to reject
    assert.equal(idx.rejectedItems, 0);
    assert.ok(idx.bulks!.requests <= 14, `${idx.bulks!.requests} bulk requests for 12 full bulks' worth`);
    // routing kept: each doc sits on the shard its routing value names
    const stored = pair.dst.state.indices.get('logs')!;
    let routed = 0;
    for (const shard of stored.shards) for (const d of shard.docs.values()) if (d.routing?.startsWith('tenant-')) routed++;
    assert.equal(routed, 6_000);

    // the same copy ungrouped: mixed bulks fan out over 5 shards and part of each is rejected
    await fetch(`${pair.dst.url}/logs/_delete_by_query?refresh=true`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":{"match_all":{}}}' }).then((r) => r.arrayBuffer());
    const mixed = await run(pair.src, pair.dst, { writers: 1, bulkDocs: 500, bulkGrouping: 'none' });
    assert.equal(mixed.indices[0]!.written, 6_000);
    assert.ok(mixed.indices[0]!.rejectedItems > 2_000, `ungrouped bulks meet partial rejections: ${mixed.indices[0]!.rejectedItems}`);
  } finally {
    await pair.close();
  }
});
