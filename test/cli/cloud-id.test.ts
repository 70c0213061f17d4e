import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConnectOptions } from '../../src/cli/connection-options.js';
import { UsageError } from '../../src/cli/cli-error.js';
import { Redactor } from '../../src/report/redact.js';

const id = (s: string) => `my-deployment:${Buffer.from(s).toString('base64')}`;

test('--dest-cloud-id resolves to the deployment HTTPS endpoint', () => {
  const o = buildConnectOptions('dest', { 'dest-cloud-id': id('us-east-1.aws.found.io$abc123$kib456') }, {}, new Redactor());
  assert.deepEqual(o.nodes, ['https://abc123.us-east-1.aws.found.io']);
  const p = buildConnectOptions('source', {}, { ESFERRY_SOURCE_CLOUD_ID: id('eu.example.io:9243$es1$kb1') }, new Redactor());
  assert.deepEqual(p.nodes, ['https://es1.eu.example.io:9243']);
});

test('a garbage cloud id or one given with --dest is a usage error', () => {
  assert.throws(() => buildConnectOptions('dest', { 'dest-cloud-id': 'nonsense' }, {}, new Redactor()), (e) => e instanceof UsageError && /cloud id/i.test(e.message));
  assert.throws(() => buildConnectOptions('dest', { dest: 'http://x:9200', 'dest-cloud-id': id('a.io$b$c') }, {}, new Redactor()), /exclusive/);
});
