import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { UndiciTransport } from '../../src/cluster/transport/undici-transport.js';
import type { EsferryError } from '../../src/cluster/errors.js';

function makeCert(): { dir: string; cert: string; key: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'esferry-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { dir, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const certs = makeCert();

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
    rmSync(c.dir, { recursive: true, force: true });
  });

  const verifying = new UndiciTransport({ nodes: [url] });
  await assert.rejects(verifying.request({ method: 'GET', path: '/' }), (e: EsferryError) => {
    assert.equal(e.kind, 'tls');
    assert.equal(e.retryable, false);
    assert.match(e.message, /self-signed certificate/);
    assert.ok(!e.message.includes('tls-secret-1'), e.message);
    return true;
  });
  await verifying.close();

  const insecure = new UndiciTransport({ nodes: [url], tls: { insecure: true } });
  assert.deepEqual((await insecure.request({ method: 'GET', path: '/' })).body, { tls: true });
  await insecure.close();

  const withCa = new UndiciTransport({ nodes: [url], tls: { caFile: c.cert } });
  assert.deepEqual((await withCa.request({ method: 'GET', path: '/' })).body, { tls: true });
  await withCa.close();
});

test('TLS: an unreadable CA file is a bad_input error naming the file', () => {
  assert.throws(() => new UndiciTransport({ nodes: ['https://h:9200'], tls: { caFile: '/nonexistent/ca.pem' } }),
    (e: EsferryError) => e.kind === 'bad_input' && e.message.includes('/nonexistent/ca.pem'));
});
