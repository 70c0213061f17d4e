// Templates, aliases, verification and the report in coordinated runs: two library workers share
// one migration; the templates are copied once (by whichever worker got the step), each destination
// gets its aliases once its items are done, and both verify the finished migration. The CLI worker
// writes its own report with --report.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy, type LogEvent } from '../../src/index.js';
import { bulkDocs, count, es } from '../cli/support/http.js';
import { runInProcess } from '../cli/support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;
const INDICES = ['sales-1', 'sales-2', 'sales-3', 'sales-4'];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-coord-meta-'));
  src = await startTestCluster({ version: '6.8' });
  for (const [n, index] of INDICES.entries()) {
    await es(src.url, 'PUT', `/${index}`, { settings: { number_of_shards: 2 }, mappings: { _doc: { properties: { v: { type: 'long' } } } } });
    await bulkDocs(src.url, index, Array.from({ length: 40 + n * 10 }, (_, i) => ({ id: `${index}-${i}`, source: { v: i } })), '_doc');
  }
  await es(src.url, 'POST', '/_aliases', { actions: [{ add: { index: 'sales-1', alias: 'sales-first' } }, { add: { index: 'sales-4', alias: 'sales-last' } }] });
  await es(src.url, 'PUT', '/_template/sales', { index_patterns: ['sales-*'], order: 3, settings: { number_of_shards: 2 }, mappings: { _doc: { properties: { v: { type: 'long' } } } } });
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

test('two library workers: templates once, aliases per index, both verify the finished migration', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const events: LogEvent[] = [];
    const worker = () => {
      const h = copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'sales-*', copyTemplates: true, copyAliases: true, verify: true, coordinate: { name: 'coord-meta', leaseMs: 4000 } });
      h.on('logEvent', (e) => events.push(e));
      return h.done;
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    for (const r of [a, b]) {
      assert.equal(r.outcome, 'success', `${r.reason}\n${events.map((e) => e.message).join('\n')}`);
      assert.equal(r.verification?.ok, true, JSON.stringify(r.verification));
      assert.equal(r.verification?.indices.length, INDICES.length);
    }
    const itemsDone = [...a.coordination!.items, ...b.coordination!.items].filter((i) => i.outcome === 'done').length;
    assert.equal(itemsDone, INDICES.length, 'every item done once between the two workers');
    assert.equal(events.filter((e) => /^templates: copied/.test(e.message)).length, 1, 'templates copied by exactly one worker');
    assert.equal((await es(dst.url, 'GET', '/_template/sales')).status, 200);
    assert.equal((await es(dst.url, 'GET', '/sales-1/_alias/sales-first')).status, 200);
    assert.equal((await es(dst.url, 'GET', '/sales-4/_alias/sales-last')).status, 200);
    for (const [n, index] of INDICES.entries()) assert.equal(await count(dst.url, index), 40 + n * 10);
  } finally {
    await dst.close();
  }
});

test('esferry run --coordinate with --copy-templates --copy-aliases --verify --report', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const report = join(dir, 'worker.json');
    const r = await runInProcess(['run', '--source', src.url, '--dest', dst.url, '--index', 'sales-*', '--coordinate', 'coord-cli', '--lease-ttl', '4',
      '--copy-templates', '--copy-aliases', '--verify', '--report', report]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /verify: OK/);
    const rep = JSON.parse(await readFile(report, 'utf8'));
    assert.equal(rep.outcome, 'success');
    assert.equal(rep.coordinate, 'coord-cli');
    assert.equal(rep.items.filter((i: { outcome: string }) => i.outcome === 'done').length, INDICES.length);
    assert.equal(rep.verification.ok, true);
    assert.equal((await es(dst.url, 'GET', '/_template/sales')).status, 200);
    assert.equal((await es(dst.url, 'GET', '/sales-1/_alias/sales-first')).status, 200);
  } finally {
    await dst.close();
  }
});
