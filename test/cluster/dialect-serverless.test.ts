// The serverless dialect: chosen from the AWS service name (a collection has no GET / to detect it
// by), it says which APIs a collection lacks and the rest of esferry asks it instead of guessing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '../../src/cluster/connect.js';
import { dialectOf, serverlessDialect } from '../../src/cluster/dialects/index.js';
import { chooseReadMode, resumableReadMode } from '../../src/read/read-mode.js';
import { convertSettings } from '../../src/meta/settings.js';
import { versionFacts } from '../../src/meta/versions.js';

test('a serverless collection has none of the node, scroll, refresh or tuning APIs; other families have them all', () => {
  const d = serverlessDialect();
  assert.equal(d.label(), 'Amazon OpenSearch Serverless');
  assert.deepEqual(
    { ...d.features, creatableSetting: undefined },
    { rootInfo: false, nodeApis: false, scroll: false, refresh: false, tuning: false, indexStats: false, shardLayout: false, legacyTemplates: false, creatableSetting: undefined },
  );
  for (const call of [() => d.scrollStart('a', {}, '1m'), () => d.scrollContinue('x', '1m'), () => d.threadPoolRequest(), () => d.refreshRequest('a'), () => d.updateSettingsRequest('a', {})]) {
    assert.throws(call, /not supported by Amazon OpenSearch Serverless/);
  }
  assert.equal(d.pit, 'opensearch');
  assert.deepEqual(d.openPit('a', '1m'), { method: 'POST', path: '/a/_search/point_in_time', query: { keep_alive: '1m' } });
  assert.equal(d.typeModel, 'none');
  for (const family of ['es2', 'es6', 'es8', 'os1', 'os3'] as const) {
    const f = dialectOf(family, family === 'os1' ? '1.3.0' : family === 'os3' ? '3.1.0' : `${family.slice(2)}.0.0`).features;
    assert.ok(f.rootInfo && f.nodeApis && f.scroll && f.refresh && f.tuning && f.indexStats && f.shardLayout && f.legacyTemplates && !f.creatableSetting, family);
  }
});

test('reads of a collection use a point in time; a forced scroll is refused with the reason', () => {
  const d = serverlessDialect();
  assert.equal(chooseReadMode(d, undefined, 5), 'pit');
  assert.equal(resumableReadMode(d), 'pit');
  assert.equal(chooseReadMode(d, 'search-after', 1), 'search-after');
  assert.throws(() => chooseReadMode(d, 'scroll', 1), /read mode 'scroll' is not supported by the source Amazon OpenSearch Serverless/);
  assert.throws(() => chooseReadMode(d, 'sliced-scroll', 3), /not supported/);
});

test('index creation keeps only the settings a collection takes, and says what it dropped', () => {
  const d = serverlessDialect();
  const facts = versionFacts(d.info, d.typeModel, d.defaultType, d.features);
  const conv = convertSettings({ index: { number_of_shards: '5', number_of_replicas: '1', refresh_interval: '30s', analysis: { analyzer: { a: { type: 'standard' } } }, knn: 'true' } }, facts);
  assert.deepEqual(conv.index, { analysis: { analyzer: { a: { type: 'standard' } } }, knn: 'true' });
  assert.ok(conv.notes.some((n) => /number_of_shards dropped \(the serverless destination manages it\)/.test(n)), conv.notes.join('\n'));
});

test('aws service aoss connects without asking GET / (nothing is sent before the first real request)', async () => {
  const c = await connect({ nodes: 'http://127.0.0.1:9', aws: { region: 'us-east-1', service: 'aoss', credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'y' } } });
  try {
    assert.equal(c.dialect.family, 'aoss');
    assert.equal(c.info.number, 'serverless');
    assert.equal(c.identity, undefined);
  } finally {
    await c.close();
  }
});
