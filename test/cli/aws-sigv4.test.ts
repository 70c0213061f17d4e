// A copy into a cluster that checks AWS SigV4 signatures, credentials from the standard chain
// (environment variables here), and the one-line 403 a wrong secret gets.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import { runCli } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
const KEY = { accessKeyId: 'AKIAESFERRYCLITEST01', secretAccessKey: 'cli/test+Secret0123456789abcdefghijKLMN', region: 'us-west-2', service: 'es' };
let src: Cluster;
let dst: Cluster;

// only the environment provides credentials: no shared files, no instance metadata lookups
const chainEnv = (secret: string) => ({
  AWS_ACCESS_KEY_ID: KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: secret,
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/esferry-aws-credentials',
  AWS_CONFIG_FILE: '/nonexistent/esferry-aws-config',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PROFILE: '',
});

before(async () => {
  src = await startTestCluster({ version: '6.8' });
  await src.seedCorpus('logs-2026.11.01', 500);
  dst = await startTestCluster({ version: 'opensearch-2.11.1', auth: { awsSigV4: KEY } });
});

after(async () => {
  await src?.close();
  await dst?.close();
});

test('copy into a SigV4-checking cluster with credentials from the AWS chain passes', async () => {
  const r = await runCli(['copy', '--source', src.url, '--dest', dst.url, '--dest-aws-region', 'us-west-2', '--index', 'logs-2026.11.01', '--progress', 'none'], chainEnv(KEY.secretAccessKey));
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const check = new HttpTransport({ nodes: [dst.url], aws: { region: KEY.region, credentials: KEY } });
  try {
    const count = await check.request<{ count: number }>({ method: 'GET', path: '/logs-2026.11.01/_count' });
    assert.equal(count.body.count, 500);
  } finally {
    await check.close();
  }
  assert.ok(dst.stats.requests > 5, 'the destination saw the signed requests');
});

test('a wrong secret fails with one 403 line naming the credential source, never the secret', async () => {
  const wrong = 'WRONG/secret+0123456789abcdefghijklmnop';
  const r = await runCli(['copy', '--source', src.url, '--dest', dst.url, '--dest-aws-region', 'us-west-2', '--index', 'logs-2026.11.01', '--progress', 'none'], chainEnv(wrong));
  assert.notEqual(r.code, 0);
  const all = r.stderr + r.stdout;
  assert.ok(!all.includes(wrong) && !all.includes(KEY.secretAccessKey), all);
  const line = r.stderr.split('\n').find((l) => l.includes('AWS refused'));
  assert.ok(line, r.stderr);
  assert.match(line, /HTTP 403\): The request signature we calculated does not match the signature you provided/);
  assert.match(line, /credentials from environment variables AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY \(access key AKIAESFERRYCLITEST01\), region us-west-2, service es/);
});

test('AWS options are checked before connecting', async () => {
  const r = await runCli(['copy', '--source', src.url, '--dest', dst.url, '--dest-aws-region', 'moon-1', '--index', 'x']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--dest-aws-region: "moon-1" is not an AWS region/);
  const s = await runCli(['copy', '--source', src.url, '--dest', dst.url, '--dest-aws-service', 'aoss', '--index', 'x']);
  assert.equal(s.code, 2, s.stderr);
  assert.match(s.stderr, /need --dest-aws-region/);
});
