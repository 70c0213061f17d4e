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

test('AWS, CA text, CA fingerprint and proxy options (flags and ESFERRY_* env) reach ConnectOptions; bad values are usage errors', () => {
  const r = new Redactor();
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const fp = 'ab'.repeat(32);
  const o = buildConnectOptions('dest', { dest: 'https://d:443', 'dest-aws-region': 'eu-west-3', 'dest-aws-service': 'aoss', 'dest-ca': pem, proxy: 'http://pu:proxy-pw-1@px:3128' }, { ESFERRY_DEST_AWS_PROFILE: 'migr', ESFERRY_DEST_CA_FINGERPRINT: fp }, r);
  assert.deepEqual(o.aws, { region: 'eu-west-3', service: 'aoss', profile: 'migr' });
  assert.equal(o.tls?.ca, pem);
  assert.equal(o.tls?.caFile, undefined);
  assert.equal(o.tls?.caFingerprint, fp);
  assert.equal(o.proxy, 'http://pu:proxy-pw-1@px:3128');
  assert.doesNotMatch(r.redact('via proxy-pw-1'), /proxy-pw-1/);
  const e = buildConnectOptions('source', { source: 'http://s:9200' }, { ESFERRY_SOURCE_AWS_REGION: 'us-east-1', ESFERRY_PROXY: 'http://px:3128' }, r);
  assert.deepEqual(e.aws, { region: 'us-east-1', service: 'es' });
  assert.equal(e.proxy, 'http://px:3128');
  assert.throws(() => buildConnectOptions('dest', { dest: 'https://d', 'dest-ca-fingerprint': 'zz:11' }, {}, r), /--dest-ca-fingerprint: .*64 hex digits/);
  assert.throws(() => buildConnectOptions('dest', { dest: 'https://d', 'dest-aws-region': 'us-east-1', 'dest-user': 'u', 'dest-password': 'p' }, {}, r), /do not give --dest-user/);
  assert.throws(() => buildConnectOptions('dest', { dest: 'https://d', proxy: 'not a url' }, {}, r), /--proxy: .* is not a URL/);
});
