// Copies into and out of an Amazon OpenSearch Serverless collection (the test cluster's serverless
// mode, SigV4-checked for service aoss): metadata created with what a collection accepts, no tuning,
// no _cat/thread-pool/_nodes/_refresh/scroll request, 429s (whole bulks and items) and the 402 items
// of a collection at its OCU ceiling absorbed with nothing lost, counts awaited until the documents
// became searchable.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import { runCli } from './support/run-cli.js';
import { es } from './support/http.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
const KEY = { accessKeyId: 'AKIAESFERRYAOSSTEST1', secretAccessKey: 'aoss/test+Secret0123456789abcdefghijKLMN', region: 'us-east-1', service: 'aoss' };
const INDEX = 'logs-2026.11.01';
const DOCS = 3000;
let normal: Cluster;
let collection: Cluster;

const env = {
  AWS_ACCESS_KEY_ID: KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/esferry-aws-credentials',
  AWS_CONFIG_FILE: '/nonexistent/esferry-aws-config',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PROFILE: '',
};

/** requests a serverless run must never send (they do not exist on a collection) */
const FORBIDDEN = [/^GET \/$/, /\/_cat\/thread_pool/, /\/_nodes/, /\/_cluster\//, /\/_refresh/, /\/_stats/, /\/_search\/scroll/, /^PUT \/[^/]+\/_settings/];

function assertOnlyCollectionApis(c: Cluster): void {
  assert.deepEqual(c.serverless!.refused, [], 'the collection refused requests as unsupported');
  const bad = c.stats.log.filter((line) => FORBIDDEN.some((re) => re.test(line)));
  assert.deepEqual(bad, []);
}

async function signedCount(index: string): Promise<number> {
  const t = new HttpTransport({ nodes: [collection.url], aws: { region: KEY.region, service: 'aoss', credentials: KEY } });
  try {
    return (await t.request<{ count: number }>({ method: 'GET', path: `/${index}/_count` })).body.count;
  } finally {
    await t.close();
  }
}

before(async () => {
  normal = await startTestCluster({ version: '6.8' });
  await normal.seedCorpus(INDEX, DOCS);
  // a legacy template: a collection has only composable ones
  await es(normal.url, 'PUT', '/_template/web-logs', {
    index_patterns: ['web-*'], order: 3,
    settings: { number_of_shards: 2, analysis: { analyzer: { folded: { type: 'custom', tokenizer: 'standard', filter: ['lowercase'] } } } },
    mappings: { doc: { properties: { path: { type: 'keyword' } } } },
  });
  // a write pool of two slots against four writers: item-level 429s; a 1 s refresh tick: counts lag
  collection = await startTestCluster({ serverless: { visibilityLagMs: 1000 }, auth: { awsSigV4: KEY }, writePool: { threads: 1, queueSize: 1 } });
});

after(async () => {
  await normal?.close();
  await collection?.close();
});

test('copy into a serverless collection: metadata, no tuning or node APIs, 429s and 402s absorbed, verified', async () => {
  // and a third of the bulks refused whole with HTTP 429, a fifth of the items with 402 (OCU ceiling)
  collection.faults.failRate({ status: 429, fraction: 0.3, routes: /_bulk/ });
  collection.serverless!.quotaExceeded = 0.2;
  const r = await runCli(
    ['copy', '--source', normal.url, '--dest', collection.url, '--dest-aws-region', 'us-east-1', '--dest-aws-service', 'aoss', '--index', INDEX, '--progress', 'lines', '--verify', '--sample', '50', '--copy-templates', '--json'],
    env,
  );
  collection.faults.reset();
  collection.serverless!.quotaExceeded = 0;
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const report = JSON.parse(r.stdout) as { outcome: string; totals: { written: number; deadLettered: number; retries: number }; verification: { ok: boolean }; tuning: unknown[]; indices: Array<{ writers: { min: number; max: number } }> };
  assert.equal(report.outcome, 'success');
  assert.equal(report.totals.written, DOCS);
  assert.equal(report.totals.deadLettered, 0);
  assert.ok(report.totals.retries > 0, 'no 429 was retried');
  // no thread pool to read: the writers came down from what the rejections said alone
  assert.ok(report.indices[0]!.writers.min < report.indices[0]!.writers.max, JSON.stringify(report.indices[0]!.writers));
  assert.equal(report.verification.ok, true);
  assert.deepEqual(report.tuning, []);
  assert.equal(await signedCount(INDEX), DOCS);
  // the legacy template became a composable one, with what a collection takes
  const tpl = collection.state.indexTemplates.get('web-logs') as { index_patterns: string[]; priority: number; template: { settings: { index: Record<string, any> }; mappings: unknown } };
  assert.deepEqual([tpl.index_patterns, tpl.priority, tpl.template.mappings], [['web-*'], 3, { properties: { path: { type: 'keyword' } } }]);
  assert.equal(tpl.template.settings.index.analysis.analyzer.folded.tokenizer, 'standard');
  assert.ok(!('number_of_shards' in tpl.template.settings.index));
  // every id on both sides, the collection's read with a point in time (it has no scroll)
  const ids = await runCli(['verify', '--ids', '--source', normal.url, '--dest', collection.url, '--dest-aws-region', 'us-east-1', '--dest-aws-service', 'aoss', '--index', INDEX, '--json'], env);
  assert.equal(ids.code, 0, ids.stderr + ids.stdout);
  assertOnlyCollectionApis(collection);
  // the index was created from the source mapping, with none of the settings the service manages
  const created = collection.state.indices.get(INDEX)!;
  assert.deepEqual(Object.keys(created.mappings._doc!.properties as object).sort(), Object.keys(normal.state.indices.get(INDEX)!.mappings.doc!.properties as object).sort());
  assert.equal(created.settings.number_of_shards, '1', 'the source had 5 shards: the collection decides');
  assert.ok(!('refresh_interval' in created.settings));
  assert.match(r.stderr, /Amazon OpenSearch Serverless/);
});

test('copy out of a serverless collection reads with a point in time, never a scroll', async () => {
  const dest = await startTestCluster({ version: '8.15' });
  try {
    const r = await runCli(
      ['copy', '--source', collection.url, '--source-aws-region', 'us-east-1', '--source-aws-service', 'aoss', '--dest', dest.url, '--index', INDEX, '--dest-index', 'back', '--progress', 'lines', '--verify', '--sample', '50'],
      env,
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /read mode pit/);
    assert.equal(dest.state.indices.get('back')!.shards.reduce((n, s) => n + s.docs.size, 0), DOCS);
    assertOnlyCollectionApis(collection);
    assert.ok(collection.stats.log.some((l) => l.endsWith('/_search/point_in_time')), 'a point in time was opened');
    // plan, status and an id-by-id verify ask nothing a collection lacks either
    for (const cmd of [['plan'], ['status'], ['verify', '--ids', '--dest-index', 'back']]) {
      const s = await runCli([...cmd, '--source', collection.url, '--source-aws-region', 'us-east-1', '--source-aws-service', 'aoss', '--dest', dest.url, '--index', INDEX], env);
      assert.equal(s.code, 0, s.stderr + s.stdout);
    }
    assertOnlyCollectionApis(collection);
  } finally {
    await dest.close();
  }
});

test('a forced scroll read of a collection fails the index with the reason, nothing copied', async () => {
  const dest = await startTestCluster({ version: '8.15' });
  try {
    const r = await runCli(
      ['copy', '--source', collection.url, '--source-aws-region', 'us-east-1', '--source-aws-service', 'aoss', '--dest', dest.url, '--index', INDEX, '--read-mode', 'scroll', '--progress', 'none'],
      env,
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr + r.stdout, /read mode 'scroll' is not supported by the source Amazon OpenSearch Serverless \(it needs any version except Amazon OpenSearch Serverless, which has no scroll\)/);
    assert.equal(dest.state.indices.get(INDEX)?.shards.reduce((n, s) => n + s.docs.size, 0) ?? 0, 0);
  } finally {
    await dest.close();
  }
});

test('run state and coordination indices cannot live in a collection: refused before anything is written', async () => {
  const fresh = await startTestCluster({ serverless: {} });
  try {
    for (const [extra, message] of [
      [['--state-index', 'run-state'], /--state-index keeps the run state in an index it must refresh; the destination has no _refresh \(Amazon OpenSearch Serverless\): use --state FILE/],
      [['--coordinate', 'mig-1'], /--coordinate keeps its leases in an index it must refresh; Amazon OpenSearch Serverless has no _refresh: give --coordinator/],
    ] as const) {
      const r = await runCli(['run', '--source', normal.url, '--dest', fresh.url, '--dest-aws-region', 'us-east-1', '--dest-aws-service', 'aoss', '--index', INDEX, '--progress', 'none', ...extra], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(fresh.state.indices.size, 0);
    }
  } finally {
    await fresh.close();
  }
});

test('into a TIMESERIES collection, which refuses document ids, every document is dead-lettered with the reason', async () => {
  const ts = await startTestCluster({ serverless: { collection: 'timeseries' } });
  try {
    const r = await runCli(['copy', '--source', normal.url, '--dest', ts.url, '--dest-aws-region', 'us-east-1', '--dest-aws-service', 'aoss', '--index', INDEX, '--progress', 'none', '--json'], env);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { outcome: string; totals: { written: number; deadLettered: number } };
    assert.deepEqual([report.outcome, report.totals.written, report.totals.deadLettered], ['failed', 0, DOCS]);
    assert.match(r.stderr + r.stdout, /refused/);
  } finally {
    await ts.close();
  }
});

test('a wrong secret for a collection fails with one 403 line naming service aoss, never the secret (exit 3)', async () => {
  const wrong = 'WRONG/secret+0123456789abcdefghijklmnop';
  const r = await runCli(['copy', '--source', normal.url, '--dest', collection.url, '--dest-aws-region', 'us-east-1', '--dest-aws-service', 'aoss', '--index', INDEX, '--dest-index', 'never', '--progress', 'none'], { ...env, AWS_SECRET_ACCESS_KEY: wrong });
  assert.equal(r.code, 3, r.stderr);
  assert.ok(!(r.stderr + r.stdout).includes(wrong));
  assert.match(r.stderr, /AWS refused GET \S+ \(HTTP 403\): The request signature we calculated does not match.* region us-east-1, service aoss;/);
  assert.ok(!collection.state.indices.has('never'));
});

test('a copy of a collection index onto itself (no cluster uuid: the URLs decide) is refused, nothing written', async () => {
  const aws = ['--source-aws-region', 'us-east-1', '--source-aws-service', 'aoss', '--dest-aws-region', 'us-east-1', '--dest-aws-service', 'aoss'];
  const before = collection.state.indices.get(INDEX)!.shards.reduce((n, s) => n + s.docs.size, 0);
  const r = await runCli(['copy', '--source', collection.url, '--dest', `${collection.url}/`, ...aws, '--index', INDEX, '--recreate', '--progress', 'none'], env);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /refusing to copy: .*same index on the same cluster.*nothing was written/);
  assert.equal(collection.state.indices.get(INDEX)!.shards.reduce((n, s) => n + s.docs.size, 0), before);
});
