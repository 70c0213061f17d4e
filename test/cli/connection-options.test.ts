import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../src/cli/cli-error.js';
import { buildConnectOptions, curlAuthHint } from '../../src/cli/connection-options.js';
import { Redactor } from '../../src/report/redact.js';

test('flags, environment fallbacks and secrets registered for redaction', () => {
  const r = new Redactor();
  const o = buildConnectOptions('source', { source: 'https://a:9200, https://b:9200', 'source-user': 'elastic', insecure: true }, { ESFERRY_SOURCE_PASSWORD: 'env-secret-pw' }, r);
  assert.deepEqual(o.nodes, ['https://a:9200', 'https://b:9200']);
  assert.deepEqual(o.auth, { username: 'elastic', password: 'env-secret-pw' });
  assert.equal(o.tls?.insecure, true);
  assert.equal(r.redact('x env-secret-pw y'), 'x *** y');
  assert.equal(curlAuthHint(o), '-u elastic:PASSWORD');
  const k = buildConnectOptions('dest', { dest: 'http://d:9200' }, { ESFERRY_DEST_API_KEY: 'a2V5OnNlY3JldA==' }, r);
  assert.deepEqual(k.auth, { apiKey: 'a2V5OnNlY3JldA==' });
  assert.equal(k.tls, undefined, 'TLS verification stays on unless asked');
  assert.doesNotMatch(r.redact('key a2V5OnNlY3JldA=='), /a2V5/);
});

test('contradictory or incomplete credentials are usage errors', () => {
  const r = new Redactor();
  assert.throws(() => buildConnectOptions('source', { source: 'http://a:9200', 'source-api-key': 'k', 'source-user': 'u' }, {}, r), UsageError);
  assert.throws(() => buildConnectOptions('source', { source: 'http://a:9200', 'source-user': 'u' }, {}, r), /needs a password/);
  assert.throws(() => buildConnectOptions('source', { source: 'http://a:9200', 'source-cert': fileURLToPath(import.meta.url) }, {}, r), /go together/);
  assert.throws(() => buildConnectOptions('source', { source: 'http://a:9200', 'source-ca': '/no/such/ca.pem' }, {}, r), /file "\/no\/such\/ca\.pem" not found/);
  assert.throws(() => buildConnectOptions('dest', { dest: 'http://a:9200', 'dest-timeout': -1 }, {}, r), /--dest-timeout/);
});

test('--compress asks for compressed responses on both sides; off by default', () => {
  const r = new Redactor();
  assert.equal(buildConnectOptions('source', { source: 'http://a:9200', compress: true }, {}, r).compression, true);
  assert.equal(buildConnectOptions('dest', { dest: 'http://b:9200', compress: true }, {}, r).compression, true);
  assert.equal(buildConnectOptions('dest', { dest: 'http://b:9200' }, {}, r).compression, undefined);
});
