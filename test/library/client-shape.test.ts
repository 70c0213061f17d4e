// The client transport against the other client shape esferry accepts: @opensearch-project/opensearch's
// `transport.request(params, options)` resolving `{ body, statusCode, headers }` (a stream with
// asStream), params with `bulkBody` for NDJSON. The package is not a dependency here, so a minimal
// client of that shape (forwarding over fetch, keeping its own basic auth) stands in for it; it checks
// that esferry sends NDJSON as bulkBody and JSON objects as body.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/index.js';
import { bulkDocs, es } from '../cli/support/http.js';

function openSearchShapedClient(base: string, auth: string) {
  const seen = { bulkBodies: 0, objectBodies: 0 };
  const client = {
    connectionPool: { connections: [{ url: new URL(base) }] },
    transport: {
      async request(params: { method: string; path: string; querystring?: Record<string, unknown>; body?: unknown; bulkBody?: unknown }, options?: { asStream?: boolean }) {
        const qs = new URLSearchParams(Object.entries(params.querystring ?? {}).map(([k, v]) => [k, String(v)] as [string, string])).toString();
        let body: string | undefined;
        let type = 'application/json';
        if (params.bulkBody !== undefined) {
          seen.bulkBodies++;
          body = String(params.bulkBody);
          type = 'application/x-ndjson';
        } else if (params.body !== undefined) {
          if (typeof params.body === 'object' && !Buffer.isBuffer(params.body)) seen.objectBodies++;
          body = typeof params.body === 'string' || Buffer.isBuffer(params.body) ? String(params.body) : JSON.stringify(params.body);
        }
        const res = await fetch(`${base}${params.path}${qs ? `?${qs}` : ''}`, { method: params.method, headers: { 'content-type': type, authorization: auth }, ...(body !== undefined ? { body } : {}) });
        const bytes = Buffer.from(await res.arrayBuffer());
        return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: options?.asStream ? Readable.from([bytes]) : bytes.toString() };
      },
    },
  };
  return { client, seen };
}

test('a copy into OpenSearch through a client of the OpenSearch shape', async () => {
  const src = await startTestCluster({ version: '6.8' });
  const dst = await startTestCluster({ version: 'opensearch-2.11', auth: { username: 'admin', password: 'os-secret' } });
  try {
    await es(src.url, 'PUT', '/metrics', { settings: { number_of_shards: 3 }, mappings: { _doc: { properties: { v: { type: 'long' } } } } });
    await bulkDocs(src.url, 'metrics', Array.from({ length: 90 }, (_, i) => ({ id: `m${i}`, source: { v: i } })), '_doc');
    const { client, seen } = openSearchShapedClient(dst.url, `Basic ${Buffer.from('admin:os-secret').toString('base64')}`);
    const report = await copy({ source: { nodes: src.url }, dest: { nodes: [], client }, sourceIndex: 'metrics', bulkDocs: 30 }).done;
    assert.equal(report.outcome, 'success', report.reason);
    assert.equal(report.totals.written, 90);
    assert.ok(seen.bulkBodies >= 3, `bulks went as bulkBody (${seen.bulkBodies})`);
    assert.ok(seen.objectBodies >= 1, 'the create-index body went as an object');
    const get = async (path: string) => JSON.parse(String((await client.transport.request({ method: 'GET', path })).body));
    assert.equal((await get('/metrics/_settings?flat_settings=true')).metrics.settings['index.number_of_shards'], '3', 'created from the source metadata');
    await client.transport.request({ method: 'POST', path: '/metrics/_refresh' });
    assert.equal((await get('/metrics/_count')).count, 90);
  } finally {
    await Promise.all([src.close(), dst.close()]);
  }
});
