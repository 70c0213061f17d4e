import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactHeaders, redactText, redactUrl } from '../../src/cluster/redact.js';

test('redactUrl masks user:pass and keeps host, port and path', () => {
  assert.equal(redactUrl('https://elastic:s3cr3t@es.example:9200'), 'https://***@es.example:9200');
  assert.equal(redactUrl('http://u:p%40ss@h:9200/prefix/'), 'http://***@h:9200/prefix/');
  assert.equal(redactUrl('http://h:9200'), 'http://h:9200');
  assert.ok(!redactUrl('https://only-user@h').includes('only-user'));
});

test('redactUrl scrubs credentials from something that is not a parseable URL', () => {
  assert.equal(redactUrl('see http://a:b@x:1 and more'), 'see http://***@x:1 and more');
});

test('redactHeaders masks authorization and cookie whatever their case', () => {
  const h = redactHeaders({ Authorization: 'Basic abc', cookie: 'sid=1', 'content-type': 'application/json' });
  assert.deepEqual(h, { Authorization: '***', cookie: '***', 'content-type': 'application/json' });
});

test('redactText masks listed secret values and URL credentials in free text', () => {
  const out = redactText('connect ECONNREFUSED http://bob:hunter22@127.0.0.1:9 token hunter22', ['hunter22']);
  assert.ok(!out.includes('hunter22'));
  assert.ok(!out.includes('bob'));
});
