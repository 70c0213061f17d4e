import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, gzipSync, gunzipSync } from 'node:zlib';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import { EsferryError } from '../../src/cluster/errors.js';
import { connect } from '../../src/cluster/connect.js';
import { deadPort, json, ROOT_62, startStub } from './support/stub-server.js';

test('JSON request: plain content types, no accept-encoding by default, no compatibility headers', async (t) => {
  const stub = await startStub((_q, res) => json(res, 200, { ok: true }));
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  const res = await tr.request<{ ok: boolean }>({ method: 'POST', path: '/x/_search', query: { scroll: '1m', size: undefined }, body: { size: 1 } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { ok: true });
  const seen = stub.seen[0]!;
  assert.equal(seen.url, '/x/_search?scroll=1m');
  assert.equal(seen.headers['content-type'], 'application/json');
  assert.equal(seen.headers['accept-encoding'], undefined, 'responses uncompressed unless compression is asked for');
  assert.equal(seen.headers.accept, 'application/json');
  assert.ok(!JSON.stringify(seen.headers).includes('compatible-with'));
  assert.deepEqual(JSON.parse(seen.body.toString()), { size: 1 });
});

test('bulk strings go as NDJSON, unchanged', async (t) => {
  const stub = await startStub((_q, res) => json(res, 200, { errors: false, items: [] }));
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  const nd = '{"index":{"_index":"a","_id":"1"}}\n{"f":1}\n';
  await tr.request({ method: 'POST', path: '/_bulk', body: nd });
  assert.equal(stub.seen[0]!.headers['content-type'], 'application/x-ndjson');
  assert.equal(stub.seen[0]!.body.toString(), nd);
});

test('requestRaw returns the body bytes untouched; gzip responses are decoded', async (t) => {
  const payload = '{"hits":{"total":3,"hits":[]},"x":"日本語"}';
  const stub = await startStub((q, res) => {
    const gz = gzipSync(Buffer.from(payload));
    if (q.url === '/gz') res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gz);
    else res.writeHead(200, { 'content-type': 'application/json' }).end(payload);
  });
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  const plain = await tr.requestRaw({ method: 'GET', path: '/plain' });
  assert.ok(Buffer.isBuffer(plain.body));
  assert.equal(plain.body.toString('utf8'), payload);
  assert.equal(plain.bytes, Buffer.byteLength(payload));
  const gz = await tr.request<{ x: string }>({ method: 'GET', path: '/gz' });
  assert.equal(gz.body.x, '日本語');
});

test('gzipRequests compresses request bodies with content-encoding gzip', async (t) => {
  const stub = await startStub((_q, res) => json(res, 200, {}));
  const tr = new HttpTransport({ nodes: [stub.url], gzipRequests: true });
  t.after(async () => { await tr.close(); await stub.close(); });
  await tr.request({ method: 'POST', path: '/_bulk', body: '{"index":{}}\n{}\n' });
  const seen = stub.seen[0]!;
  assert.equal(seen.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(seen.body).toString(), '{"index":{}}\n{}\n');
});

test('stream exposes the decompressed body as an async iterable', async (t) => {
  const big = JSON.stringify({ hits: { hits: Array.from({ length: 2000 }, (_, i) => ({ _id: String(i) })) } });
  const stub = await startStub((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.from(big)));
  });
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  const res = await tr.stream({ method: 'POST', path: '/i/_search', body: {} });
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(Buffer.from(c));
  assert.equal(Buffer.concat(chunks).toString(), big);
});

test('non-2xx throws a classified error unless listed in okStatuses', async (t) => {
  const stub = await startStub((_q, res) => json(res, 404, { succeeded: true, num_freed: 0 }));
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  const ok = await tr.request({ method: 'DELETE', path: '/_search/scroll', body: { scroll_id: ['a'] }, okStatuses: [404] });
  assert.equal(ok.status, 404);
  await assert.rejects(tr.request({ method: 'GET', path: '/x' }), (e: EsferryError) => e.kind === 'request' && e.status === 404);
});

test('credentials from the URL become basic auth; apiKey and bearer headers', async (t) => {
  const stub = await startStub((_q, res) => json(res, 200, {}));
  t.after(() => stub.close());
  const withUrl = new HttpTransport({ nodes: [`http://elastic:p%40ss@127.0.0.1:${stub.port}`] });
  await withUrl.request({ method: 'GET', path: '/' });
  await withUrl.close();
  assert.equal(stub.seen[0]!.headers.authorization, `Basic ${Buffer.from('elastic:p@ss').toString('base64')}`);
  assert.deepEqual(withUrl.redactedNodes, [`http://127.0.0.1:${stub.port}`]);
  const api = new HttpTransport({ nodes: [stub.url], auth: { apiKey: 'k123' } });
  await api.request({ method: 'GET', path: '/' });
  await api.close();
  assert.equal(stub.seen[1]!.headers.authorization, 'ApiKey k123');
  const bearer = new HttpTransport({ nodes: [stub.url], auth: { bearer: 't0k' }, headers: { 'x-opaque-id': 'esferry-test' } });
  await bearer.request({ method: 'GET', path: '/' });
  await bearer.close();
  assert.equal(stub.seen[2]!.headers.authorization, 'Bearer t0k');
  assert.equal(stub.seen[2]!.headers['x-opaque-id'], 'esferry-test');
});

test('failover: a stopped node is skipped, marked dead, and retried after its backoff', async (t) => {
  const a = await startStub((_q, res) => json(res, 200, { node: 'a' }));
  const b = await startStub((_q, res) => json(res, 200, { node: 'b' }));
  let now = 1_000;
  const tr = new HttpTransport({ nodes: [a.url, b.url], backoff: { baseBackoffMs: 1_000, now: () => now } });
  t.after(async () => { await tr.close(); await b.close(); });
  const first = await tr.request<{ node: string }>({ method: 'POST', path: '/i/_search', body: {} });
  const second = await tr.request<{ node: string }>({ method: 'POST', path: '/i/_search', body: {} });
  assert.deepEqual([first.body.node, second.body.node].sort(), ['a', 'b'], 'round-robin over both nodes');

  await a.close();
  // next in turn is a: the GET fails there (refused or stale socket) and is resent to b
  const failover = await tr.request<{ node: string }>({ method: 'GET', path: '/i/_count' });
  assert.equal(failover.body.node, 'b');
  // a is now resting: even non-idempotent requests go to b only
  const seenByB = b.seen.length;
  for (let i = 0; i < 4; i++) {
    const r = await tr.request<{ node: string }>({ method: 'POST', path: '/i/_search', body: {} });
    assert.equal(r.body.node, 'b');
  }
  assert.equal(b.seen.length - seenByB, 4);

  // a comes back on the same port; once its backoff has passed it gets traffic again
  const again = await startStub((_q, res) => json(res, 200, { node: 'a2' }));
  t.after(() => again.close());
  const tr2 = new HttpTransport({ nodes: [`http://127.0.0.1:${await deadPort()}`, again.url], backoff: { baseBackoffMs: 1_000, now: () => now } });
  t.after(() => tr2.close());
  assert.equal((await tr2.request<{ node: string }>({ method: 'GET', path: '/' })).body.node, 'a2');
  now += 5_000;
  const seenBefore = again.seen.length;
  await tr2.request({ method: 'GET', path: '/' });
  await tr2.request({ method: 'GET', path: '/' });
  assert.equal(again.seen.length - seenBefore, 2, 'the dead node was tried again and failed over');
});

test('all nodes down: connection error that names no secret', async () => {
  const port = await deadPort();
  const tr = new HttpTransport({ nodes: [`http://bob:hunter2secret@127.0.0.1:${port}`] });
  try {
    await assert.rejects(tr.request({ method: 'GET', path: '/' }), (e: EsferryError) => {
      assert.equal(e.kind, 'connection');
      assert.equal(e.retryable, true);
      assert.ok(!e.message.includes('hunter2secret') && !e.message.includes('bob'), e.message);
      assert.ok(!JSON.stringify(e, Object.getOwnPropertyNames(e)).includes('hunter2secret'));
      assert.match(e.message, /ECONNREFUSED/);
      return true;
    });
  } finally {
    await tr.close();
  }
});

test('no secret in auth errors, with URL credentials, basic auth, apiKey', async (t) => {
  const stub = await startStub((q, res) => json(res, 401, { error: { type: 'security_exception', reason: `unable to authenticate with ${q.headers.authorization}` }, status: 401 }));
  t.after(() => stub.close());
  const cases = [
    { nodes: [`http://bob:hunter2secret@127.0.0.1:${stub.port}`], secret: 'hunter2secret' },
    { nodes: [stub.url], auth: { username: 'bob', password: 'pw-secret-9' }, secret: 'pw-secret-9' },
    { nodes: [stub.url], auth: { apiKey: 'apikey-secret-7' }, secret: 'apikey-secret-7' },
  ];
  for (const c of cases) {
    const tr = new HttpTransport(c);
    await assert.rejects(tr.request({ method: 'GET', path: '/' }), (e: EsferryError) => {
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /^authentication failed for http:\/\/127\.0\.0\.1:\d+\/: check credentials/);
      assert.ok(!e.message.includes(c.secret), e.message);
      assert.ok(!e.message.includes(Buffer.from(`bob:${c.secret}`).toString('base64')), e.message);
      return true;
    });
    await tr.close();
  }
});

test('request timeout gives a timeout error; the server stays usable', async (t) => {
  const stub = await startStub((q, res) => {
    if (q.url === '/slow') setTimeout(() => json(res, 200, {}), 2_000).unref();
    else json(res, 200, { fast: true });
  });
  const tr = new HttpTransport({ nodes: [stub.url], requestTimeoutMs: 100 });
  t.after(async () => { await tr.close(); await stub.close(); });
  await assert.rejects(tr.request({ method: 'GET', path: '/slow' }), (e: EsferryError) => e.kind === 'timeout' && /timed out after 100 ms/.test(e.message));
  await assert.rejects(tr.request({ method: 'GET', path: '/slow', timeoutMs: 50 }), (e: EsferryError) => e.kind === 'timeout');
  assert.deepEqual((await tr.request({ method: 'GET', path: '/fast' })).body, { fast: true });
});

test('caller abort signal cancels the request', async (t) => {
  const stub = await startStub((_q, res) => { setTimeout(() => json(res, 200, {}), 2_000).unref(); });
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  const ac = new AbortController();
  const p = tr.request({ method: 'GET', path: '/', signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  await assert.rejects(p, (e: EsferryError) => e instanceof EsferryError && e.kind === 'aborted' && !e.retryable);
  // the node was not blamed for the caller's cancel
  stub.handler = (_q, res) => json(res, 200, { after: true });
  assert.deepEqual((await tr.request({ method: 'GET', path: '/' })).body, { after: true });
});

test('connect detects version and picks the dialect; non-ES servers fail clearly', async (t) => {
  const stub = await startStub((q, res) => (q.url === '/' ? json(res, 200, ROOT_62) : json(res, 404, {})));
  t.after(() => stub.close());
  const c = await connect({ nodes: stub.url });
  assert.equal(c.info.number, '6.2.0');
  assert.equal(c.info.distribution, 'elasticsearch');
  assert.equal(c.dialect.family, 'es6');
  await c.close();

  stub.handler = (_q, res) => json(res, 200, { version: { number: '2.11.1', distribution: 'opensearch' }, cluster_name: 'os', tagline: 'The OpenSearch Project: https://opensearch.org/' });
  const os = await connect({ nodes: [stub.url] });
  assert.equal(os.dialect.family, 'os2');
  assert.equal(os.dialect.pit, 'opensearch');
  await os.close();

  stub.handler = (_q, res) => json(res, 200, { status: 'ok', name: 'some other service' });
  await assert.rejects(connect({ nodes: stub.url }), (e: EsferryError) => e.kind === 'not_elasticsearch' && /is not Elasticsearch or OpenSearch/.test(e.message));
  stub.handler = (_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>'); };
  await assert.rejects(connect({ nodes: stub.url }), (e: EsferryError) => e.kind === 'not_elasticsearch');
});

test('sniff: GET /_nodes/http publish addresses replace the seed list', async (t) => {
  const other = await startStub((_q, res) => json(res, 200, { node: 'other' }));
  const seed = await startStub((q, res) => {
    if (q.url === '/_nodes/http') {
      json(res, 200, { nodes: { n1: { http: { publish_address: `localhost/127.0.0.1:${other.port}` } } } });
    } else json(res, 200, ROOT_62);
  });
  t.after(async () => { await seed.close(); await other.close(); });
  const c = await connect({ nodes: seed.url, sniff: true, auth: { username: 'u', password: 'p' } });
  t.after(() => c.close());
  assert.deepEqual(c.transport.redactedNodes, [`http://localhost:${other.port}`]);
  const r = await c.transport.request<{ node: string }>({ method: 'GET', path: '/x' });
  assert.equal(r.body.node, 'other');
  assert.equal(other.seen[0]!.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
});

test('connect accepts a comma-separated node list', async (t) => {
  const a = await startStub();
  const b = await startStub();
  t.after(async () => { await a.close(); await b.close(); });
  const c = await connect({ nodes: `${a.url}, ${b.url}` });
  t.after(() => c.close());
  assert.deepEqual(c.transport.redactedNodes, [a.url, b.url]);
});

test('deflate responses are decoded; HEAD answers carry no body', async (t) => {
  const stub = await startStub((q, res) => {
    if (q.method === 'HEAD') { res.writeHead(q.url === '/there' ? 200 : 404, { 'content-type': 'application/json', 'content-length': '120' }).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' }).end(deflateSync('{"d":1}'));
  });
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  assert.deepEqual((await tr.request({ method: 'GET', path: '/' })).body, { d: 1 });
  const there = await tr.request({ method: 'HEAD', path: '/there', okStatuses: [404] });
  assert.equal(there.status, 200);
  assert.equal(there.body, undefined);
  assert.equal((await tr.request({ method: 'HEAD', path: '/missing', okStatuses: [404] })).status, 404);
});

test('a Host header of the user\'s replaces the node address, sent once', async (t) => {
  const stub = await startStub((_q, res) => json(res, 200, { ok: true }));
  const tr = new HttpTransport({ nodes: [stub.url], headers: { Host: 'search.example' } });
  t.after(async () => { await tr.close(); await stub.close(); });
  await tr.request({ method: 'GET', path: '/' });
  assert.equal(stub.seen[0]!.headers.host, 'search.example');
  const plain = new HttpTransport({ nodes: [stub.url] });
  t.after(() => plain.close());
  await plain.request({ method: 'GET', path: '/' });
  assert.equal(stub.seen[1]!.headers.host, `127.0.0.1:${stub.port}`);
});
