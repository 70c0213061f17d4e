// Response compression is opt-in: no accept-encoding by default, gzip asked for and decoded
// (whole and streamed) with `compression: true`; request-body gzip stays a separate switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import { startStub, type Seen } from './support/stub-server.js';
import type { ServerResponse } from 'node:http';

const payload = JSON.stringify({ hits: { total: 1, hits: [{ _index: 'i', _id: '1', _source: { msg: 'żółw' } }] } });

/** answers gzip only when the client said it accepts it, like Elasticsearch */
function negotiating(q: Seen, res: ServerResponse): void {
  if (/gzip/.test(String(q.headers['accept-encoding'] ?? ''))) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(payload));
  } else res.writeHead(200, { 'content-type': 'application/json' }).end(payload);
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

test('default: responses are not asked compressed, bodies arrive as sent', async (t) => {
  const stub = await startStub(negotiating);
  const tr = new HttpTransport({ nodes: [stub.url], gzipRequests: true });
  t.after(async () => { await tr.close(); await stub.close(); });
  const res = await tr.requestRaw({ method: 'POST', path: '/i/_search', body: { size: 1 } });
  assert.equal(res.body.toString('utf8'), payload);
  assert.equal(stub.seen[0]!.headers['accept-encoding'], undefined);
  // request gzip is its own switch
  assert.equal(stub.seen[0]!.headers['content-encoding'], 'gzip');
});

test('compression: true asks for gzip and decodes whole and streamed responses', async (t) => {
  const stub = await startStub(negotiating);
  const tr = new HttpTransport({ nodes: [stub.url], compression: true });
  t.after(async () => { await tr.close(); await stub.close(); });
  const whole = await tr.requestRaw({ method: 'POST', path: '/i/_search', body: { size: 1 } });
  assert.equal(whole.body.toString('utf8'), payload);
  const streamed = await tr.stream({ method: 'POST', path: '/i/_search', body: { size: 1 } });
  assert.equal(await readAll(streamed.body), payload);
  assert.equal(stub.seen.length, 2);
  for (const s of stub.seen) {
    assert.match(String(s.headers['accept-encoding']), /gzip/);
    assert.equal(s.headers['content-encoding'], undefined, 'request bodies stay plain without gzipRequests');
  }
});

test('a user header cannot turn response compression on behind the option', async (t) => {
  const stub = await startStub(negotiating);
  const tr = new HttpTransport({ nodes: [stub.url], headers: { 'Accept-Encoding': 'gzip' } });
  t.after(async () => { await tr.close(); await stub.close(); });
  const res = await tr.requestRaw({ method: 'GET', path: '/' });
  assert.equal(res.body.toString('utf8'), payload);
  assert.equal(stub.seen[0]!.headers['accept-encoding'], undefined);
});

test('connect() passes compression through to the transport', async (t) => {
  const { startTestCluster } = await import('../../fixtures/cluster/index.js');
  const { connect } = await import('../../src/cluster/connect.js');
  const cluster = await startTestCluster({ version: '8.15' });
  t.after(() => cluster.close());
  for (const compression of [true, false]) {
    const c = await connect({ nodes: cluster.url, compression });
    try {
      const res = await c.transport.requestRaw({ method: 'GET', path: '/' });
      assert.equal(res.headers['content-encoding'], compression ? 'gzip' : undefined, `compression: ${compression}`);
      assert.equal(JSON.parse(res.body.toString('utf8')).version.number, '8.15.0');
    } finally {
      await c.close();
    }
  }
});
