import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '../../src/report/redact.js';

test('redactor masks URL user info, given secrets and their encoded forms', () => {
  const r = new Redactor();
  r.addFromUrls(['http://admin:p%40ss-word@h:9200']);
  r.add('api-key-value==');
  const text = r.redact('GET http://admin:p%40ss-word@h:9200/ failed; key api-key-value== or p@ss-word or api-key-value%3D%3D');
  assert.doesNotMatch(text, /p%40ss-word|p@ss-word|api-key-value/);
  assert.match(text, /http:\/\/\*\*\*@h:9200\//);
});
