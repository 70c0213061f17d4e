// Copies through a loopback HTTP proxy: --proxy for both clusters, and HTTP_PROXY with NO_PROXY
// from the environment. The clusters' names resolve only through the proxy, so a request that
// went around it would fail. Proxy credentials never show.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { docCount } from '../../fixtures/cluster/store.js';
import { startTestProxy, type TestProxy } from '../support/connect-proxy.js';
import { runCli } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let proxy: TestProxy;
const PW = 'pr0xy-Passw0rd';
const NO_ENV_PROXY = { HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', NO_PROXY: '', no_proxy: '' };

before(async () => {
  src = await startTestCluster({ version: '6.8' });
  await src.seedCorpus('logs-2026.11.01', 400);
  proxy = await startTestProxy({ auth: { user: 'px', password: PW }, hosts: { 'source.invalid': '127.0.0.1', 'dest.invalid': '127.0.0.1' } });
});

after(async () => {
  await proxy?.close();
  await src?.close();
});

test('copy with --proxy: both clusters reached only through the proxy, which saw the requests', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const r = await runCli(['copy', '--source', `http://source.invalid:${src.port}`, '--dest', `http://dest.invalid:${dst.port}`, '--proxy', proxy.url, '--index', 'logs-2026.11.01', '--progress', 'none'], NO_ENV_PROXY);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.ok(!(r.stdout + r.stderr).includes(PW));
    assert.ok((proxy.requests[`source.invalid:${src.port}`] ?? 0) >= 3, JSON.stringify(proxy.requests));
    assert.ok((proxy.requests[`dest.invalid:${dst.port}`] ?? 0) >= 3, JSON.stringify(proxy.requests));
    assert.equal(docCount(dst.state.indices.get('logs-2026.11.01')!), 400);
  } finally {
    await dst.close();
  }
});

test('HTTP_PROXY from the environment is used, NO_PROXY hosts go direct, and a wrong proxy password fails in one line without it', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const before = proxy.requests[`dest.invalid:${dst.port}`] ?? 0;
    const srcBefore = proxy.requests[`source.invalid:${src.port}`] ?? 0;
    const env = { ...NO_ENV_PROXY, HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' };
    const r = await runCli(['copy', '--source', `http://source.invalid:${src.port}`, '--dest', `http://127.0.0.1:${dst.port}`, '--index', 'logs-2026.11.01', '--progress', 'none'], env);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.ok((proxy.requests[`source.invalid:${src.port}`] ?? 0) > srcBefore, 'source went through the proxy');
    assert.equal(proxy.requests[`127.0.0.1:${dst.port}`], undefined, 'NO_PROXY destination went direct');
    assert.equal(proxy.requests[`dest.invalid:${dst.port}`] ?? 0, before);

    const bad = await runCli(['copy', '--source', `http://source.invalid:${src.port}`, '--dest', `http://127.0.0.1:${dst.port}`, '--index', 'logs-2026.11.01', '--progress', 'none'], { ...env, HTTP_PROXY: proxy.url.replace(PW, 'wr0ngPass') });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /the proxy refused its credentials/);
    assert.ok(!(bad.stdout + bad.stderr).includes('wr0ngPass'), bad.stderr);
  } finally {
    await dst.close();
  }
});

test('--proxy none ignores HTTP_PROXY from the environment: the copy goes direct and the proxy sees nothing', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const env = { ...NO_ENV_PROXY, HTTP_PROXY: proxy.url.replace(PW, 'wr0ngPass') };
    const args = ['copy', '--source', `http://127.0.0.1:${src.port}`, '--dest', `http://127.0.0.1:${dst.port}`, '--index', 'logs-2026.11.01', '--progress', 'none'];
    const through = await runCli(args, env);
    assert.notEqual(through.code, 0, 'without --proxy none the environment proxy is used (and refuses)');
    const seen = JSON.stringify(proxy.requests);
    const direct = await runCli([...args, '--proxy', 'none'], env);
    assert.equal(direct.code, 0, direct.stderr + direct.stdout);
    assert.equal(docCount(dst.state.indices.get('logs-2026.11.01')!), 400);
    assert.equal(JSON.stringify(proxy.requests), seen, 'the proxy saw no request of the direct copy');
  } finally {
    await dst.close();
  }
});
