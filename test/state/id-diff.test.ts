// id diff: external sort spills and merges in order; the merge-join reports one-side-only ids and can delete
// destination-only ones. Uses an in-memory scroll/bulk side so the sort/merge logic is tested in isolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalSort, type KeyedRecord } from '../../src/state/external-sort.js';
import { diffIds, newDiffStats, type ClusterSide } from '../../src/state/id-diff.js';
import type { Dialect, EsRequest, Transport } from '../../src/cluster/types.js';

async function* from<T>(xs: T[]): AsyncGenerator<T> {
  for (const x of xs) yield x;
}

/** a fake cluster side: scrolls `ids` in pages, answers bulk deletes, records what happened */
function fakeSide(ids: string[], type?: string) {
  const live = new Set(ids);
  const log = { opened: 0, cleared: 0, deleted: [] as string[], bulkBodies: [] as string[] };
  let cursor = 0;
  let order: string[] = [];
  const page = (size: number) => {
    const hits = order.slice(cursor, cursor + size).map((id) => (type ? { _id: id, _type: type } : { _id: id }));
    cursor += size;
    return { _scroll_id: 'sid', hits: { total: order.length, hits } };
  };
  let size = 10;
  const transport = {
    redactedNodes: ['http://fake'],
    async request(req: EsRequest) {
      if (req.path.endsWith('/_search') && req.query?.scroll) {
        log.opened++;
        size = (req.body as { size: number }).size;
        // index order is not id order: reverse-interleave to make sure sorting matters
        order = [...live].sort().reverse();
        cursor = 0;
        return { status: 200, headers: {}, body: page(size), bytes: 0 };
      }
      if (req.path === '/_search/scroll' && req.method === 'POST') return { status: 200, headers: {}, body: page(size), bytes: 0 };
      if (req.path === '/_search/scroll' && req.method === 'DELETE') {
        log.cleared++;
        return { status: 200, headers: {}, body: {}, bytes: 0 };
      }
      if (req.path === '/_bulk') {
        const body = String(req.body);
        log.bulkBodies.push(body);
        const items = body.trim().split('\n').map((l) => {
          const d = (JSON.parse(l) as { delete: { _id: string } }).delete;
          const found = live.delete(d._id);
          if (found) log.deleted.push(d._id);
          return { delete: { _id: d._id, status: found ? 200 : 404 } };
        });
        return { status: 200, headers: {}, body: { errors: false, items }, bytes: 0 };
      }
      throw new Error(`unexpected ${req.method} ${req.path}`);
    },
  } as unknown as Transport;
  const dialect = {
    features: { scroll: true },
    scrollStart: (index: string, body: Record<string, unknown>, keepAlive: string) => ({ method: 'POST', path: `/${index}/_search`, query: { scroll: keepAlive }, body }),
    scrollContinue: (id: string, keepAlive: string) => ({ method: 'POST', path: '/_search/scroll', body: { scroll_id: id, scroll: keepAlive } }),
    scrollClear: (ids: string[]) => ({ method: 'DELETE', path: '/_search/scroll', body: { scroll_id: ids }, okStatuses: [404] }),
    bulkActionLine: (action: string, m: { index: string; id: string; type?: string }) =>
      JSON.stringify({ [action]: { _index: m.index, ...(m.type ? { _type: m.type } : {}), _id: m.id } }),
  } as unknown as Dialect;
  return { side: { transport, dialect } as ClusterSide, live, log };
}

test('external sort: spills runs, merges them in order, removes its temp files', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-sort-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const keys = Array.from({ length: 2500 }, (_, i) => `k${(i * 7919) % 2500}`);
  const sorted = await externalSort(from(keys.map((k): KeyedRecord => [k, 'x'])), { chunkSize: 300, tmpDir: dir });
  assert.equal(sorted.spilledRuns, 9);
  const out: string[] = [];
  for await (const r of sorted) out.push(r[0]);
  assert.deepEqual(out, [...keys].sort());
  // readable twice (a counting pass before deletes), until cleanup() removes the runs
  let again = 0;
  for await (const _ of sorted) again++;
  assert.equal(again, 2500);
  await sorted.cleanup();
  assert.deepEqual(await readdir(dir), []);
});

test('diffIds reports ids on one side only, in order, with stats; same sets → nothing', async () => {
  const common = Array.from({ length: 1000 }, (_, i) => `doc-${i}`);
  const src = fakeSide([...common, 'only-src-1', 'only-src-2', 'ü-unicode']);
  const dst = fakeSide([...common, 'only-dst', 'zz-last']);
  const stats = newDiffStats();
  const diffs = [];
  for await (const d of diffIds(src.side, dst.side, 'logs', { chunkSize: 64, pageSize: 37, stats })) diffs.push(d);
  assert.deepEqual(diffs, [
    { side: 'dest', id: 'only-dst' },
    { side: 'source', id: 'only-src-1' },
    { side: 'source', id: 'only-src-2' },
    { side: 'dest', id: 'zz-last' },
    { side: 'source', id: 'ü-unicode' },
  ]);
  assert.deepEqual(stats, { sourceIds: 1003, destIds: 1002, sourceOnly: 3, destOnly: 2 });
  assert.equal(src.log.cleared, 1, 'source scroll cleared');
  assert.equal(dst.log.cleared, 1, 'dest scroll cleared');

  const same = [];
  for await (const d of diffIds(fakeSide(common).side, fakeSide([...common].reverse()).side, 'logs', { chunkSize: 100 })) same.push(d);
  assert.deepEqual(same, []);
});

test('deleteDestOnly removes exactly the destination-only ids in batches, with their type', async () => {
  const kept = ['a', 'b', 'c', 'e', 'f', 'g'];
  const src = fakeSide(kept);
  const dst = fakeSide([...kept, 'd1', 'd2', 'd3', 'd4', 'd5'], 'doc');
  const stats = newDiffStats();
  for await (const _ of diffIds(src.side, dst.side, 'logs', { deleteDestOnly: true, deleteBatchSize: 2, stats })) void _;
  assert.deepEqual([...dst.live].sort(), kept);
  assert.deepEqual(dst.log.deleted, ['d1', 'd2', 'd3', 'd4', 'd5']);
  assert.equal(dst.log.bulkBodies.length, 3);
  assert.match(dst.log.bulkBodies[0]!, /^\{"delete":\{"_index":"logs","_type":"doc","_id":"d1"\}\}\n/);
  assert.deepEqual(stats.deleted, { deleted: 5, missing: 0, failed: 0, errors: [] });
});

test('deleteDestOnly deletes nothing when most destination ids are not on the source (ids changed on the way)', async () => {
  // e.g. a copy made with --id-template '{type}#{id}': no destination id matches a source id
  const src = fakeSide(['1', '2', '3', '4']);
  const dst = fakeSide(['post#1', 'post#2', 'comment#1', 'comment#3', '4'], 'doc');
  const stats = newDiffStats();
  for await (const _ of diffIds(src.side, dst.side, 'logs', { deleteDestOnly: true, stats })) void _;
  assert.equal(dst.live.size, 5);
  assert.deepEqual(dst.log.deleted, []);
  assert.equal(stats.destOnly, 4);
  assert.match(stats.deleteRefused!, /nothing deleted: 4 of 5 destination ids are not on the source/);
});
