import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import type { EsferryError } from '../../src/cluster/errors.js';
import { makeCert } from './support/self-signed.js';

const certs = makeCert();
after(() => certs && rmSync(certs.dir, { recursive: true, force: true }));

test('TLS: verification on by default, insecure and caFile both work', { skip: !certs && 'openssl not available: TLS cases skipped' }, async (t) => {
  const c = certs!;
  const server = createServer({ cert: readFileSync(c.cert), key: readFileSync(c.key) }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"tls":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://elastic:tls-secret-1@127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });

  const verifying = new HttpTransport({ nodes: [url] });
  await assert.rejects(verifying.request({ method: 'GET', path: '/' }), (e: EsferryError) => {
    assert.equal(e.kind, 'tls');
    assert.equal(e.retryable, false);
    assert.match(e.message, /self-signed certificate/);
    assert.ok(!e.message.includes('tls-secret-1'), e.message);
    return true;
  });
  await verifying.close();

  const insecure = new HttpTransport({ nodes: [url], tls: { insecure: true } });
  assert.deepEqual((await insecure.request({ method: 'GET', path: '/' })).body, { tls: true });
  await insecure.close();

  const withCa = new HttpTransport({ nodes: [url], tls: { caFile: c.cert } });
  assert.deepEqual((await withCa.request({ method: 'GET', path: '/' })).body, { tls: true });
  await withCa.close();
});

test('TLS: an unreadable CA file is a bad_input error naming the file', () => {
  assert.throws(() => new HttpTransport({ nodes: ['https://h:9200'], tls: { caFile: '/nonexistent/ca.pem' } }),
    (e: EsferryError) => e.kind === 'bad_input' && e.message.includes('/nonexistent/ca.pem'));
});

test('TLS: the CA as PEM text, and a pinned SHA-256 fingerprint (colons or not, any case) instead of a CA; a wrong pin fails clearly', { skip: !certs && 'openssl not available: TLS cases skipped' }, async (t) => {
  const c = certs!;
  const pem = readFileSync(c.cert, 'utf8');
  const server = createServer({ cert: pem, key: readFileSync(c.key) }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"tls":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const get = async (tls: ConstructorParameters<typeof HttpTransport>[0]['tls']) => {
    const tr = new HttpTransport({ nodes: [url], tls });
    try {
      return (await tr.request({ method: 'GET', path: '/' })).body;
    } finally {
      await tr.close();
    }
  };
  assert.deepEqual(await get({ ca: pem }), { tls: true });
  const fp = new X509Certificate(pem).fingerprint256; // "AB:CD:…"
  assert.deepEqual(await get({ caFingerprint: fp }), { tls: true });
  assert.deepEqual(await get({ caFingerprint: fp.replace(/:/g, '').toLowerCase() }), { tls: true });
  const wrong = `${fp.slice(0, -2)}${fp.endsWith('00') ? '01' : '00'}`;
  await assert.rejects(get({ caFingerprint: wrong }), (e: EsferryError) => {
    assert.equal(e.kind, 'tls');
    assert.equal(e.retryable, false);
    assert.match(e.message, new RegExp(`fingerprint ${fp} is not the pinned ${wrong}`));
    return true;
  });
  assert.throws(() => new HttpTransport({ nodes: [url], tls: { caFingerprint: 'abc' } }), /64 hex digits/);
  assert.throws(() => new HttpTransport({ nodes: [url], tls: { ca: 'not a pem' } }), /not a PEM certificate/);
});
