// Dialects against running clusters: every personality of the project's test cluster, or real
// clusters when ESFERRY_TEST_SOURCE / ESFERRY_TEST_DEST name them (URLs, credentials allowed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/cluster/connect.js';
import type { Cluster, EsferryDialect } from '../../src/cluster/types.js';
import { EsferryError } from '../../src/cluster/errors.js';
import { createIndex } from '../../src/meta/create-index.js';
import { convertMappings } from '../../src/meta/mappings.js';
import { versionFacts } from '../../src/meta/versions.js';
import { KNOWN_VERSIONS, personality } from '../../fixtures/cluster/personality.js';

interface Target {
  name: string;
  url: string;
  expect?: { distribution: string; number: string };
  close(): Promise<void>;
}

const realUrls = [process.env.ESFERRY_TEST_SOURCE, process.env.ESFERRY_TEST_DEST].filter((u): u is string => !!u);
const clusterModule = fileURLToPath(new URL('../../fixtures/cluster/index.ts', import.meta.url));
const haveTestCluster = existsSync(clusterModule);
const skip = realUrls.length === 0 && !haveTestCluster && 'fixtures/cluster/index.ts not there yet: dialects are checked against the transcripts only';

async function targets(): Promise<{ version: string; start(): Promise<Target> }[]> {
  if (realUrls.length > 0) {
    return realUrls.map((url, i) => ({
      version: i === 0 ? 'ESFERRY_TEST_SOURCE' : 'ESFERRY_TEST_DEST',
      start: async () => ({ name: i === 0 ? 'source' : 'dest', url, close: async () => {} }),
    }));
  }
  // a variable keeps the type checker from requiring the module before it exists
  const modPath = '../../fixtures/cluster/index.js';
  const mod = (await import(modPath)) as {
    startTestCluster(o: { version: string }): Promise<{ url: string; close(): Promise<void> }>;
  };
  return KNOWN_VERSIONS.map((version) => ({
    version,
    start: async () => {
      const c = await mod.startTestCluster({ version });
      const p = personality(version);
      return { name: version, url: c.url, expect: { distribution: p.distribution, number: p.number }, close: () => c.close() };
    },
  }));
}

const DOCS = 25;

async function bulkLoad(c: Cluster, index: string): Promise<void> {
  const d = c.dialect;
  let nd = '';
  for (let i = 0; i < DOCS; i++) {
    nd += d.bulkActionLine('index', { index, id: `d${i}`, routing: i % 5 === 0 ? 'r1' : undefined }) + '\n';
    nd += JSON.stringify({ n: i, msg: `doc ${i}` }) + '\n';
  }
  const res = await c.transport.request<{ errors: boolean; items: Record<string, { status: number; error?: unknown }>[] }>({
    method: 'POST', path: '/_bulk', query: { refresh: 'true' }, body: nd,
  });
  const failed = res.body.items.filter((it) => Object.values(it)[0]!.status >= 300);
  assert.deepEqual(failed, [], 'no bulk item failed');
  assert.equal(res.body.items.length, DOCS);
}

async function scrollAll(c: Cluster, index: string): Promise<string[]> {
  const d = c.dialect;
  type Page = { _scroll_id?: string; hits: { total: unknown; hits: { _id: string }[] } };
  let page = (await c.transport.request<Page>(d.scrollStart(index, { size: 10, sort: ['_doc'] }, '1m'))).body;
  assert.equal(d.hitsTotal(page.hits), DOCS, 'hits.total of the scroll');
  const ids: string[] = [];
  const scrollIds = new Set<string>();
  while (page.hits.hits.length > 0) {
    ids.push(...page.hits.hits.map((h) => h._id));
    assert.ok(page._scroll_id);
    scrollIds.add(page._scroll_id);
    page = (await c.transport.request<Page>(d.scrollContinue(page._scroll_id, '1m'))).body;
  }
  if (page._scroll_id) scrollIds.add(page._scroll_id);
  const cleared = await c.transport.request(d.scrollClear([...scrollIds]));
  assert.ok([200, 404].includes(cleared.status));
  // a second clear finds nothing: 404, accepted
  const again = await c.transport.request(d.scrollClear([...scrollIds]));
  assert.ok([200, 404].includes(again.status));
  return ids;
}

async function searchAfterAll(c: Cluster, index: string, pitId?: string): Promise<string[]> {
  const d: EsferryDialect = c.dialect;
  type Page = { pit_id?: string; hits: { hits: { _id: string; sort: unknown[] }[] } };
  const sort = [{ n: 'asc' }, ...d.uniqueSort(pitId !== undefined)];
  const ids: string[] = [];
  let after: unknown[] | undefined;
  for (let guard = 0; guard < 10; guard++) {
    const req = d.searchAfterPage(index, { size: 10, sort }, { pitId, keepAlive: '1m', searchAfter: after });
    const page = (await c.transport.request<Page>(req)).body;
    if (page.hits.hits.length === 0) break;
    ids.push(...page.hits.hits.map((h) => h._id));
    after = page.hits.hits.at(-1)!.sort;
  }
  return ids;
}

const expected = Array.from({ length: DOCS }, (_, i) => `d${i}`).sort();

test('dialects against live clusters', { skip }, async (t) => {
  for (const target of await targets()) {
    await t.test(target.version, async () => {
      const tgt = await target.start();
      let c: Cluster | undefined;
      const index = `esferry-dialect-${process.pid}-${Date.now().toString(36)}`;
      try {
        c = await connect({ nodes: tgt.url, requestTimeoutMs: 15_000 });
        if (tgt.expect) {
          assert.equal(c.info.distribution, tgt.expect.distribution);
          assert.equal(c.info.number, tgt.expect.number);
        }
        const d = c.dialect;
        const facts = versionFacts(c.info, d.typeModel, d.defaultType);
        await createIndex(c.transport, index, {
          settings: { number_of_shards: 2, number_of_replicas: 0 },
          mappings: convertMappings({ properties: { n: { type: 'long' } } }, facts).mappings,
        });
        const exists = await c.transport.request(d.existsRequest(index));
        assert.equal(exists.status, 200);

        await bulkLoad(c, index);
        const count = await c.transport.request<{ count: number }>(d.countRequest(index));
        assert.equal(count.body.count, DOCS);
        const mapping = await c.transport.request<Record<string, unknown>>(d.mappingRequest(index));
        assert.ok(mapping.body[index], 'mapping keyed by index');

        assert.deepEqual((await scrollAll(c, index)).sort(), expected, 'scroll returns every doc once');

        if (d.supportsSearchAfter && d.family !== 'es8') {
          assert.deepEqual((await searchAfterAll(c, index)).sort(), expected, 'search_after without PIT');
        }
        if (d.pit !== 'none') {
          const opened = await c.transport.request(d.openPit(index, '1m'));
          const pitId = d.pitId(opened.body);
          assert.deepEqual((await searchAfterAll(c, index, pitId)).sort(), expected, 'search_after under a PIT');
          const closed = await c.transport.request(d.closePit(pitId));
          assert.ok([200, 404].includes(closed.status));
        } else {
          assert.throws(() => d.openPit(index, '1m'), EsferryError);
        }

        const pool = d.parseThreadPool((await c.transport.request(d.threadPoolRequest())).body);
        assert.equal(pool.pool, d.writePool);
        for (const k of ['rejected', 'queue', 'active', 'threads'] as const) assert.ok(Number.isFinite(pool[k]), k);

        await assert.rejects(c.transport.request(d.countRequest(`${index}-missing`)), (e: EsferryError) => e.kind === 'index_missing');
      } finally {
        if (c) {
          await c.transport.request({ method: 'DELETE', path: `/${index}`, okStatuses: [404] }).catch(() => {});
          await c.close();
        }
        await tgt.close();
      }
    });
  }
});

// Fault cases need the project's test cluster; they never run against real clusters.
const faultSkip = (realUrls.length > 0 && 'real clusters: fault cases skipped') || (!haveTestCluster && 'fixtures/cluster/index.ts not there yet');

test('test cluster: auth, gzip bodies and dropped connections through connect()', { skip: faultSkip }, async (t) => {
  const modPath = '../../fixtures/cluster/index.js';
  const mod = (await import(modPath)) as {
    startTestCluster(o: { version: string; auth?: { username: string; password: string } }): Promise<{
      url: string; port: number; close(): Promise<void>; faults: { dropConnections(ms: number): Promise<void> };
    }>;
  };
  for (const version of ['2.4.6', '8.15.0', 'opensearch-2.11.1']) {
    await t.test(version, async () => {
      const tc = await mod.startTestCluster({ version, auth: { username: 'elastic', password: 'pa55-live-secret' } });
      try {
        await assert.rejects(connect({ nodes: tc.url }), (e: EsferryError) =>
          e.kind === 'auth' && e.message.startsWith(`authentication failed for ${tc.url}/`));
        await assert.rejects(connect({ nodes: `http://elastic:wrong-live-secret@127.0.0.1:${tc.port}` }), (e: EsferryError) =>
          e.kind === 'auth' && !e.message.includes('wrong-live-secret'));

        const c = await connect({ nodes: `http://elastic:pa55-live-secret@127.0.0.1:${tc.port}`, gzipRequests: true });
        try {
          const d = c.dialect;
          await createIndex(c.transport, 'gz', { settings: { number_of_shards: 1 } });
          const nd = `${d.bulkActionLine('index', { index: 'gz', id: '1' })}\n{"a":1}\n`;
          const bulk = await c.transport.request<{ errors: boolean }>({ method: 'POST', path: '/_bulk', query: { refresh: 'true' }, body: nd });
          assert.equal(bulk.body.errors, false);
          assert.equal((await c.transport.request<{ count: number }>(d.countRequest('gz'))).body.count, 1);

          const dropped = tc.faults.dropConnections(1_000);
          await assert.rejects(c.transport.request(d.countRequest('gz')), (e: EsferryError) => {
            assert.equal(e.kind, 'connection');
            assert.ok(e.retryable);
            assert.ok(!e.message.includes('pa55-live-secret'), e.message);
            return true;
          });
          await dropped;
          assert.equal((await c.transport.request<{ count: number }>(d.countRequest('gz'))).body.count, 1, 'usable again after the drop');
        } finally {
          await c.close();
        }
      } finally {
        await tc.close();
      }
    });
  }
});
