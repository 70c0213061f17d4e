import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createAwsSigner } from '../../src/cluster/aws/sigv4-signer.js';
import { signatureFor, verifySigV4, MESSAGES } from '../../fixtures/cluster/sigv4-verify.js';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import type { EsferryError } from '../../src/cluster/errors.js';
import { connect } from '../../src/cluster/connect.js';
import { startStub, json } from './support/stub-server.js';

// AWS's SigV4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html):
// fixed key, 2015-08-30T12:36:00Z, us-east-1, service "service", host example.amazonaws.com
const SUITE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service' };
const WHEN = new Date('2015-08-30T12:36:00Z');
const VECTORS: { name: string; method: string; path: string; query?: Record<string, string>; rawQuery?: string; signature: string }[] = [
  { name: 'get-vanilla', method: 'GET', path: '/', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-vanilla-query-order-key-case', method: 'GET', path: '/', query: { Param2: 'value2', Param1: 'value1' }, rawQuery: 'Param2=value2&Param1=value1', signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
  { name: 'get-utf8', method: 'GET', path: '/ሴ', signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85' },
  { name: 'get-space', method: 'GET', path: '/example space/', signature: '652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741' },
  { name: 'post-vanilla', method: 'POST', path: '/', signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
  { name: 'post-vanilla-query', method: 'POST', path: '/', query: { Param1: 'value1' }, rawQuery: 'Param1=value1', signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11' },
];
const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

for (const v of VECTORS) {
  test(`SigV4 test suite ${v.name}: esferry's signer (@smithy/signature-v4) gives AWS's signature`, async () => {
    const signer = await createAwsSigner({ region: SUITE.region, service: 'service' as 'es', credentials: SUITE }, {}, { bodyHashHeader: false });
    const headers = await signer.sign({ method: v.method, host: 'example.amazonaws.com', path: v.path, query: v.query, headers: {} }, WHEN);
    assert.equal(headers.authorization, `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${v.signature}`);
    assert.equal(headers['x-amz-date'], '20150830T123600Z');
  });

  test(`SigV4 test suite ${v.name}: the test cluster's verifier computes AWS's signature`, () => {
    const rawUrl = v.path + (v.rawQuery ? `?${v.rawQuery}` : '');
    const req = { method: v.method, rawUrl, headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' }, body: Buffer.alloc(0) };
    assert.equal(signatureFor(req, { ...SUITE, signedHeaders: 'host;x-amz-date', amzDate: '20150830T123600Z', payloadHash: EMPTY_HASH }), v.signature);
  });
}

const KEY = { accessKeyId: 'AKIAESFERRYTEST00001', secretAccessKey: 'esferry/test+secret/Key0123456789abcdefXYZ', region: 'eu-west-3', service: 'es' };

test('SigV4: gzip bulk bodies, odd index names and query values are signed as sent; tampering is caught', async () => {
  const signer = await createAwsSigner({ region: KEY.region, service: 'es', credentials: KEY }, {});
  const body = gzipSync('{"index":{}}\n{"a":1}\n');
  const path = '/logs%2C%3Cweird%3E/_bulk';
  const query = { refresh: 'false', q: "it's (a) *test*!" };
  const sent = await signer.sign({ method: 'POST', host: 'search-x.eu-west-3.es.amazonaws.com', path, query, headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body });
  const rawUrl = `${path}?refresh=false&q=it%27s%20%28a%29%20%2Atest%2A%21`;
  const headers = { host: 'search-x.eu-west-3.es.amazonaws.com', 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip', ...sent };
  assert.equal(verifySigV4({ method: 'POST', rawUrl, headers, body }, KEY), undefined);
  assert.match(sent['x-amz-content-sha256']!, /^[0-9a-f]{64}$/);
  // one flipped byte of the compressed body, another query, another secret: all refused
  const flipped = Buffer.from(body);
  flipped[flipped.length - 1] ^= 1;
  assert.equal(verifySigV4({ method: 'POST', rawUrl, headers, body: flipped }, KEY), MESSAGES.badPayload);
  assert.equal(verifySigV4({ method: 'POST', rawUrl: `${path}?refresh=true`, headers, body }, KEY), MESSAGES.mismatch);
  assert.equal(verifySigV4({ method: 'POST', rawUrl, headers, body }, { ...KEY, secretAccessKey: 'other' }), MESSAGES.mismatch);
  assert.equal(verifySigV4({ method: 'POST', rawUrl, headers: { ...headers, authorization: undefined }, body }, KEY), MESSAGES.missing);
});

test('SigV4 transport against a verifying test cluster: right key passes (gzip bulks too), a wrong secret is one clear 403 line without the secret', async (t) => {
  const cluster = await startTestCluster({ version: 'opensearch-2.11.1', auth: { awsSigV4: KEY } });
  t.after(() => cluster.close());
  const ok = new HttpTransport({ nodes: [cluster.url], aws: { region: KEY.region, service: 'es', credentials: KEY }, gzipRequests: true });
  t.after(() => ok.close());
  assert.equal(((await ok.request({ method: 'GET', path: '/' })).body as { version: { distribution: string } }).version.distribution, 'opensearch');
  const bulk = await ok.request<{ errors: boolean }>({ method: 'POST', path: '/sig%2Dtest/_bulk', query: { refresh: 'true' }, body: '{"index":{"_id":"1"}}\n{"a":"x (y)*"}\n' });
  assert.equal(bulk.body.errors, false);
  const count = await ok.request<{ count: number }>({ method: 'GET', path: '/sig-test/_count', query: { q: 'a:x' } });
  assert.equal(count.body.count, 1);

  const wrongSecret = 'wrong/secret+KEY0123456789';
  const bad = new HttpTransport({ nodes: [cluster.url], aws: { region: KEY.region, service: 'es', credentials: { ...KEY, secretAccessKey: wrongSecret } } });
  t.after(() => bad.close());
  await assert.rejects(bad.request({ method: 'GET', path: '/' }), (e: EsferryError) => {
    assert.equal(e.kind, 'auth');
    assert.equal(e.status, 403);
    assert.match(e.message, /AWS refused GET http:\/\/127\.0\.0\.1:\d+\/ \(HTTP 403\): The request signature we calculated does not match/);
    assert.match(e.message, /credentials from the credentials given in the connection options \(access key AKIAESFERRYTEST00001\), region eu-west-3, service es/);
    assert.ok(!e.message.includes(wrongSecret) && !e.message.includes('\n'), e.message);
    return true;
  });
});

test('aoss: a collection (no GET /) is connected without asking it, and its requests are signed for aoss', async (t) => {
  const stub = await startStub((req, res) => (req.url === '/' ? json(res, 404, { message: 'Not Found' }) : json(res, 200, { count: 3 })));
  t.after(() => stub.close());
  const c = await connect({ nodes: stub.url, aws: { region: 'eu-west-3', service: 'aoss', credentials: KEY } });
  t.after(() => c.close());
  assert.equal(c.dialect.label(), 'Amazon OpenSearch Serverless');
  assert.equal(stub.seen.length, 0, 'nothing asked at connect time');
  const res = await c.transport.request<{ count: number }>(c.dialect.countRequest('logs'));
  assert.equal(res.body.count, 3);
  // the request was signed for the aoss service, with the body hash header aoss requires
  assert.match(String(stub.seen[0]!.headers.authorization), /\/eu-west-3\/aoss\/aws4_request/);
  assert.match(String(stub.seen[0]!.headers['x-amz-content-sha256']), /^[0-9a-f]{64}$/);
});
