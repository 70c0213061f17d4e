// Engine options through the CLI: --transform (async default export, drops), --rename, --query,
// --since/--until with --time-field.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, count, es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-opts-'));
  src = await startTestCluster({ version: '6.8' });
  for (const day of ['01', '02']) {
    await bulkDocs(
      src.url,
      `logs-2026.11.${day}`,
      Array.from({ length: 60 }, (_, i) => ({ id: `${day}-${i}`, source: { '@timestamp': `2026-11-${day}T${String(i % 24).padStart(2, '0')}:00:00Z`, status: i % 3 === 0 ? 500 : 200, i } })),
      'doc',
    );
  }
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

test('--transform (async default export) with drops, and --rename', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const transform = join(dir, 'transform.mjs');
    await writeFile(transform, `export default async (doc) => {\n  if (doc._source.i % 10 === 0) return null;\n  doc._source.migrated = true;\n  return doc;\n};\n`);
    const report = join(dir, 'transform.json');
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.*', '--rename', 'logs-*=v2-logs-*', '--transform', transform, '--report', report, '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(await count(dst.url, 'v2-logs-2026.11.01'), 54);
    assert.equal(await count(dst.url, 'v2-logs-2026.11.02'), 54);
    const rep = JSON.parse(await readFile(report, 'utf8'));
    assert.equal(rep.totals.dropped, 12);
    assert.equal(rep.totals.written, 108);
    const hit = await es(dst.url, 'POST', '/v2-logs-2026.11.01/_search', { query: { ids: { values: ['01-1'] } } });
    assert.equal(hit.body.hits.hits[0]._source.migrated, true);
  } finally {
    await dst.close();
  }
});

test('--query and --since/--until select documents; counts in the plan follow them', async () => {
  const dst = await startTestCluster({ version: '7.10' });
  try {
    const plan = await runInProcess(['plan', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.01', '--query', '{"term":{"status":500}}', '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(JSON.parse(plan.stdout).items[0].docs, 20);
    const r = await runInProcess([
      'copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.01', '--query', '{"term":{"status":500}}',
      '--time-field', '@timestamp', '--since', '2026-11-01T06:00:00Z', '--until', '2026-11-01T12:00:00Z', '--quiet',
    ]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    // i in [0,60) with status 500 (i % 3 == 0) and hour i % 24 in [6, 12): i = 6, 9, 30, 33, 54, 57
    assert.equal(await count(dst.url, 'logs-2026.11.01'), 6);
  } finally {
    await dst.close();
  }
});

test('several source indices into one destination index (created once, filled one after the other)', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const plan = await runInProcess(['plan', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.*', '--rename', 'logs-2026.11.*=november', '--json']);
    const items = JSON.parse(plan.stdout).items;
    assert.deepEqual(items.map((i: { action: string }) => i.action), ['create', 'existing']);
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.*', '--rename', 'logs-2026.11.*=november', '--parallel-indices', '2', '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(await count(dst.url, 'november'), 120);
  } finally {
    await dst.close();
  }
});

test('copy takes --source-index as the documented spelling of --index', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--source-index', 'logs-2026.11.02', '--dest-index', 'day-two', '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(await count(dst.url, 'day-two'), 60);
  } finally {
    await dst.close();
  }
});
