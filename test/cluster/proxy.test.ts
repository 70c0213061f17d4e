import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { startTestProxy } from '../support/connect-proxy.js';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import type { EsferryError } from '../../src/cluster/errors.js';

test('proxy: an explicit proxy URL carries every request (the node name resolves only through it); a wrong proxy password is a clear auth error without it', async (t) => {
  const cluster = await startTestCluster({ version: '7.17' });
  const proxy = await startTestProxy({ auth: { user: 'puser', password: 'pr0xy-s3cret' }, hosts: { 'es-behind-proxy.invalid': '127.0.0.1' } });
  t.after(async () => {
    await proxy.close();
    await cluster.close();
  });
  const node = `http://es-behind-proxy.invalid:${cluster.port}`;
  const tr = new HttpTransport({ nodes: [node], proxy: proxy.url });
  t.after(() => tr.close());
  for (let i = 0; i < 3; i++) assert.equal((await tr.request<{ version: { number: string } }>({ method: 'GET', path: '/' })).body.version.number, '7.17.25');
  assert.equal(proxy.requests[`es-behind-proxy.invalid:${cluster.port}`], 3);

  const wrong = new HttpTransport({ nodes: [node], proxy: proxy.url.replace('pr0xy-s3cret', 'wr0ng-pr0xy-pw') });
  t.after(() => wrong.close());
  await assert.rejects(wrong.request({ method: 'GET', path: '/' }), (e: EsferryError) => {
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /the proxy refused its credentials .*HTTP 407/);
    assert.ok(!e.message.includes('wr0ng-pr0xy-pw') && !e.message.includes('pr0xy-s3cret'), e.message);
    return true;
  });
  assert.ok(proxy.refused >= 1);
});
