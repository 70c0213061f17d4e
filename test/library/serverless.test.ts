// The library's equivalent of --dest-aws-service aoss: `aws: { region, service: 'aoss' }` makes copy()
// and status() speak to a serverless collection as the CLI does — the index created with the settings a
// collection takes (the custom analyzer kept, shards/replicas/refresh dropped), no tuning, nothing the
// collection lacks asked, the copy verified once the documents became searchable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy, status } from '../../src/index.js';
import { bulkDocs, es } from '../cli/support/http.js';

const KEY = { accessKeyId: 'AKIAESFERRYAOSSLIB01', secretAccessKey: 'aoss/lib+Secret0123456789abcdefghijKLMN', region: 'eu-west-1', service: 'aoss' };

test('library copy() into a serverless collection with its metadata, then status()', async () => {
  const src = await startTestCluster({ version: '7.17' });
  const dst = await startTestCluster({ serverless: { visibilityLagMs: 500 }, auth: { awsSigV4: KEY } });
  try {
    await es(src.url, 'PUT', '/orders', {
      settings: { number_of_shards: 3, number_of_replicas: 1, refresh_interval: '5s', analysis: { analyzer: { folded: { type: 'custom', tokenizer: 'standard', filter: ['lowercase'] } } } },
      mappings: { properties: { customer: { type: 'keyword' }, note: { type: 'text', analyzer: 'folded' } } },
    });
    await bulkDocs(src.url, 'orders', Array.from({ length: 400 }, (_, i) => ({ id: `o${i}`, source: { customer: `c${i % 7}`, note: `Note ${i}` } })));
    const aws = { region: KEY.region, service: 'aoss' as const, credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey } };
    const selection = { source: { nodes: src.url }, dest: { nodes: dst.url, aws }, sourceIndex: 'orders' };
    const report = await copy({ ...selection, verify: true, sample: 20 }).done;
    assert.equal(report.outcome, 'success', report.reason);
    assert.equal(report.totals.written, 400);
    assert.equal(report.verification?.ok, true);
    assert.deepEqual(report.tuning, []);
    const created = dst.state.indices.get('orders')!;
    assert.equal(created.settings['analysis.analyzer.folded.tokenizer'], 'standard');
    assert.equal(created.settings.number_of_shards, '1');
    assert.ok(!('refresh_interval' in created.settings) && created.settings.number_of_replicas !== '0');
    assert.equal((created.mappings._doc!.properties as Record<string, { analyzer?: string }>).note!.analyzer, 'folded');
    const rows = await status(selection);
    assert.equal(rows[0]!.destCount, 400);
    assert.equal(rows[0]!.remaining, 0);
    assert.deepEqual(dst.serverless!.refused, []);
  } finally {
    await src.close();
    await dst.close();
  }
});
