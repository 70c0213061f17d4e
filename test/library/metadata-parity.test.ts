// The library's copy() creates the destination as `esferry copy` does: an index copied once with
// the CLI and once with the library (each into a fresh destination) ends with identical settings,
// mappings, aliases and templates — converted across versions, tuning restored, no marker left.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/index.js';
import { bulkDocs, count, es } from '../cli/support/http.js';
import { runInProcess } from '../cli/support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
const clusters: Cluster[] = [];
let src5: Cluster;
let src2: Cluster;

// what differs between two creations of the same index by nature, not by what esferry sent
const VOLATILE = /^index\.(uuid|creation_date|provided_name|version\.)/;

async function metadata(base: string, index: string, template: string | undefined) {
  const settings = (await es(base, 'GET', `/${index}/_settings?flat_settings=true`)).body[index].settings as Record<string, string>;
  const kept = Object.fromEntries(Object.entries(settings).filter(([k]) => !VOLATILE.test(k)).sort(([a], [b]) => a.localeCompare(b)));
  const mappings = (await es(base, 'GET', `/${index}/_mapping`)).body[index];
  const aliases = (await es(base, 'GET', `/${index}/_alias`)).body[index];
  const templates = template ? (await es(base, 'GET', `/_template/${template}`)).body : undefined;
  return { settings: kept, mappings, aliases, templates };
}

async function fresh(version: string): Promise<Cluster> {
  const c = await startTestCluster({ version });
  clusters.push(c);
  return c;
}

before(async () => {
  src5 = await fresh('5.6');
  await es(src5.url, 'PUT', '/orders', {
    settings: { number_of_shards: 3, number_of_replicas: 1, refresh_interval: '5s', analysis: { analyzer: { folded: { type: 'custom', tokenizer: 'standard', filter: ['lowercase'] } } } },
    mappings: { order: { _all: { enabled: false }, properties: { customer: { type: 'keyword' }, note: { type: 'text', analyzer: 'folded' }, total: { type: 'double' } } } },
  });
  await bulkDocs(src5.url, 'orders', Array.from({ length: 60 }, (_, i) => ({ id: `o${i}`, source: { customer: `c${i % 7}`, note: `Note ${i}`, total: i * 1.5 } })), 'order');
  await es(src5.url, 'POST', '/_aliases', { actions: [{ add: { index: 'orders', alias: 'orders-current' } }] });
  await es(src5.url, 'PUT', '/_template/orders', { template: 'orders*', order: 2, settings: { number_of_shards: 3 }, mappings: { order: { properties: { customer: { type: 'keyword' } } } } });

  src2 = await fresh('2.4');
  await es(src2.url, 'PUT', '/shop', {
    settings: { number_of_shards: 2 },
    mappings: { item: { properties: { name: { type: 'string' } } }, review: { properties: { stars: { type: 'integer' }, text: { type: 'string', index: 'not_analyzed' } } } },
  });
  await bulkDocs(src2.url, 'shop', Array.from({ length: 20 }, (_, i) => ({ id: `i${i}`, source: { name: `item ${i}` } })), 'item');
  await bulkDocs(src2.url, 'shop', Array.from({ length: 15 }, (_, i) => ({ id: `r${i}`, source: { stars: i % 5, text: `t${i}` } })), 'review');
});

after(async () => {
  await Promise.all(clusters.map((c) => c.close()));
});

test('5.x → 6.x with templates and aliases: CLI and library leave identical metadata', async () => {
  const viaCli = await fresh('6.8');
  const viaLib = await fresh('6.8');
  const r = await runInProcess(['copy', '--source', src5.url, '--dest', viaCli.url, '--index', 'orders', '--copy-templates', '--copy-aliases', '--progress', 'none']);
  assert.equal(r.code, 0, r.stderr);
  const logs: string[] = [];
  const handle = copy({ source: { nodes: src5.url }, dest: { nodes: viaLib.url }, sourceIndex: 'orders', copyTemplates: true, copyAliases: true, logger: { debug() {}, info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) } });
  const report = await handle.done;
  assert.equal(report.outcome, 'success', `${report.reason}\n${logs.join('\n')}`);
  assert.equal(report.totals.written, 60);
  assert.equal(await count(viaLib.url, 'orders'), 60);

  const want = await metadata(viaCli.url, 'orders', 'orders');
  const got = await metadata(viaLib.url, 'orders', 'orders');
  assert.deepEqual(got, want);
  // not vacuous: the source's shards, analyzer, refresh interval and alias arrived (the engine alone would not create them)
  assert.equal(got.settings['index.number_of_shards'], '3');
  assert.equal(got.settings['index.refresh_interval'], '5s', 'tuning restored');
  assert.equal(got.settings['index.analysis.analyzer.folded.tokenizer'], 'standard');
  assert.deepEqual(Object.keys(got.aliases.aliases), ['orders-current']);
  assert.equal(JSON.stringify(got.mappings).includes('esferry_tuning'), false, 'no tuning marker left');
  assert.ok(report.tuning?.some((t) => t.index === 'orders'), 'the report says what was tuned');
});

test('2.x with two types → 7.x merged into a field: CLI and library leave identical metadata', async () => {
  const viaCli = await fresh('7.17');
  const viaLib = await fresh('7.17');
  const r = await runInProcess(['copy', '--source', src2.url, '--dest', viaCli.url, '--index', 'shop', '--types', 'merge:kind', '--progress', 'none']);
  assert.equal(r.code, 0, r.stderr);
  const handle = copy({ source: { nodes: src2.url }, dest: { nodes: viaLib.url }, sourceIndex: 'shop', typeHandling: { mergeIntoField: 'kind' } });
  const ended: string[] = [];
  handle.on('index', (r) => ended.push(`${r.sourceIndex}:${r.status}`));
  const report = await handle.done;
  assert.deepEqual(ended, ['shop:copied'], 'one index event per index');
  assert.equal(report.outcome, 'success', report.reason);
  assert.equal(await count(viaLib.url, 'shop'), 35);
  const want = await metadata(viaCli.url, 'shop', undefined);
  const got = await metadata(viaLib.url, 'shop', undefined);
  assert.deepEqual(got, want);
  assert.equal(got.settings['index.number_of_shards'], '2');
  assert.equal(got.mappings.mappings.properties.kind.type, 'keyword', 'the merged type field is mapped');
});

test('metadata conflicts reject done before anything is written; metadata: false copies documents only', async () => {
  const dst = await fresh('7.17');
  await assert.rejects(copy({ source: { nodes: src2.url }, dest: { nodes: dst.url }, sourceIndex: 'shop' }).done, /conflict/);
  assert.equal((await es(dst.url, 'GET', '/shop')).status, 404, 'nothing created');
  const docsOnly = await copy({ source: { nodes: src5.url }, dest: { nodes: dst.url }, sourceIndex: 'orders', metadata: false }).done;
  assert.equal(docsOnly.outcome, 'success', docsOnly.reason);
  const settings = (await es(dst.url, 'GET', '/orders/_settings?flat_settings=true')).body.orders.settings;
  assert.notEqual(settings['index.analysis.analyzer.folded.tokenizer'], 'standard', 'no metadata step: the destination made the index itself');
});
