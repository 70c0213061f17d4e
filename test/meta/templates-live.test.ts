// Template copying against test clusters of different versions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/connect.js';
import { copyTemplates } from '../../src/meta/templates.js';
import { versionFacts } from '../../src/meta/versions.js';
import { es } from '../cli/support/http.js';

async function side(url: string) {
  const c = await connect({ nodes: url });
  return { c, transport: c.transport, facts: versionFacts(c.info, c.dialect.typeModel, c.dialect.defaultType) };
}

test('legacy 5.x template (template key, typed mapping with string) → 7.x: index_patterns, typeless, text/keyword, renamed pattern', async () => {
  const src = await startTestCluster({ version: '5.6' });
  const dst = await startTestCluster({ version: '7.17' });
  const s = await side(src.url);
  const d = await side(dst.url);
  try {
    const put = await es(src.url, 'PUT', '/_template/logs', {
      template: 'logs-*', order: 2,
      mappings: { doc: { properties: { host: { type: 'keyword' }, msg: { type: 'text' } } } },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const results = await copyTemplates(s, d, { rename: [{ from: 'logs-*', to: 'v2-logs-*' }], typeHandling: 'auto' });
    assert.deepEqual(results.map((r) => [r.name, r.kind, r.ok]), [['logs', 'legacy', true]]);
    const got = await es(dst.url, 'GET', '/_template/logs');
    assert.deepEqual(got.body.logs.index_patterns, ['v2-logs-*']);
    assert.equal(got.body.logs.order, 2);
    assert.deepEqual(got.body.logs.mappings.properties.host, { type: 'keyword' });
  } finally {
    await Promise.allSettled([s.c.close(), d.c.close(), src.close(), dst.close()]);
  }
});

test('composable and component templates 7.17 → 8.x', async () => {
  const src = await startTestCluster({ version: '7.17' });
  const dst = await startTestCluster({ version: '8' });
  const s = await side(src.url);
  const d = await side(dst.url);
  try {
    assert.equal((await es(src.url, 'PUT', '/_component_template/base', { template: { settings: { number_of_shards: 1 } } })).status, 200);
    assert.equal((await es(src.url, 'PUT', '/_index_template/events', { index_patterns: ['events-*'], composed_of: ['base'], priority: 10, template: { mappings: { properties: { n: { type: 'long' } } } } })).status, 200);
    const results = await copyTemplates(s, d, { rename: [], typeHandling: 'auto' });
    const ok = results.filter((r) => r.ok).map((r) => `${r.kind}:${r.name}`).sort();
    assert.deepEqual(ok, ['component:base', 'composable:events']);
    const got = await es(dst.url, 'GET', '/_index_template/events');
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.index_templates[0].index_template.composed_of, ['base']);
  } finally {
    await Promise.allSettled([s.c.close(), d.c.close(), src.close(), dst.close()]);
  }
});
