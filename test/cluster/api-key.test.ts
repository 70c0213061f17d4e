import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAuth } from '../../src/cluster/transport/auth.js';

const encoded = Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64');

test('API key as {id, api_key} is sent base64-encoded, not as [object Object]', () => {
  const r = resolveAuth({ apiKey: { id: 'VuaCfGcBCdbkQm-e5aOx', api_key: 'ui2lp2axTNmsyakw9tvNnw' } });
  assert.equal(r.header, `ApiKey ${encoded}`);
  assert.ok(r.secrets.includes('ui2lp2axTNmsyakw9tvNnw'));
});

test('API key as id:api_key is encoded; the base64 form is sent as given', () => {
  assert.equal(resolveAuth({ apiKey: 'VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw' }).header, `ApiKey ${encoded}`);
  assert.equal(resolveAuth({ apiKey: encoded }).header, `ApiKey ${encoded}`);
});
