// `esferry run` end to end against in-process test clusters: a 5.x source with ten daily indices,
// a legacy template and aliases, copied to 7.x.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, count, es, flatSettings } from './support/http.js';
import { runCli, runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;
const DAYS = Array.from({ length: 10 }, (_, i) => `logs-2026.11.${String(i + 1).padStart(2, '0')}`);
const docsOf = (i: number) => 20 + i * 7;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-run-'));
  src = await startTestCluster({ version: '5.6' });
  const mappings = { doc: { _all: { enabled: false }, properties: { '@timestamp': { type: 'date' }, msg: { type: 'text' }, host: { type: 'keyword' } } } };
  for (const [i, day] of DAYS.entries()) {
    const created = await es(src.url, 'PUT', `/${day}`, { settings: { number_of_shards: 2, number_of_replicas: 1 }, mappings });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await bulkDocs(
      src.url,
      day,
      Array.from({ length: docsOf(i) }, (_, n) => ({ id: `${day}-${n}`, source: { '@timestamp': `2026-11-${String(i + 1).padStart(2, '0')}T00:00:${String(n % 60).padStart(2, '0')}Z`, msg: `m ${n}`, host: `h${n % 3}` } })),
      'doc',
    );
  }
  assert.equal((await es(src.url, 'POST', '/_aliases', { actions: [{ add: { index: 'logs-2026.11.01', alias: 'logs-first' } }, { add: { index: 'logs-2026.11.10', alias: 'logs-latest' } }] })).status, 200);
  assert.equal((await es(src.url, 'PUT', '/_template/logs', { template: 'logs-*', order: 1, settings: { number_of_shards: 2 }, mappings: { doc: { properties: { host: { type: 'keyword' } } } } })).status, 200);
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

async function listFile(name: string, text: string): Promise<string> {
  const f = join(dir, name);
  await writeFile(f, text);
  return f;
}

test('ten daily indices 5.x → 7.x with templates, aliases, tuning restored and a report', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const list = await listFile('days.txt', '# november\nlogs-2026.11.*\n');
    const report = join(dir, 'report.json');
    const r = await runCli(['run', '--source', src.url, '--dest', dst.url, '--list', list, '--copy-templates', '--copy-aliases', '--parallel-indices', '3', '--verify', '--sample', '20', '--report', report, '--progress', 'lines']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /verify: OK/);
    for (const [i, day] of DAYS.entries()) assert.equal(await count(dst.url, day), docsOf(i), day);
    const rep = JSON.parse(await readFile(report, 'utf8'));
    assert.equal(rep.outcome, 'success');
    assert.equal(rep.exitCode, 0);
    assert.equal(rep.indices.length, 10);
    assert.equal(rep.totals.written, DAYS.reduce((a, _, i) => a + docsOf(i), 0));
    assert.equal(rep.accountingOk, true);
    assert.equal(rep.tuning.length, 10);
    for (const t of rep.tuning) assert.ok(t.restoredAt, `restored ${t.index}`);
    // originals back: the source's replica count, refresh not left at -1
    const s = await flatSettings(dst.url, 'logs-2026.11.05');
    assert.equal(s['index.number_of_replicas'], '1');
    assert.notEqual(s['index.refresh_interval'], '-1');
    assert.equal(s['index.number_of_shards'], '2');
    // typeless mapping on 7.x, _all gone
    const m = await es(dst.url, 'GET', '/logs-2026.11.05/_mapping');
    const mapping = m.body['logs-2026.11.05'].mappings;
    assert.equal(mapping.properties.host.type, 'keyword');
    assert.equal(mapping._all, undefined);
    const tmpl = await es(dst.url, 'GET', '/_template/logs');
    assert.equal(tmpl.status, 200);
    assert.deepEqual(tmpl.body.logs.index_patterns, ['logs-*']);
    const aliases = await es(dst.url, 'GET', '/_alias/logs-latest');
    assert.deepEqual(Object.keys(aliases.body), ['logs-2026.11.10']);
  } finally {
    await dst.close();
  }
});

test('--shard 1/3, 2/3 and 3/3 together copy the list exactly once', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const list = await listFile('shard.txt', DAYS.join('\n') + '\n');
    const seen: string[][] = [];
    for (const i of [1, 2, 3]) {
      const report = join(dir, `shard-${i}.json`);
      // in-process: three "hosts" without three tsx start-ups
      const r = await runInProcess(['run', '--source', src.url, '--dest', dst.url, '--list', list, '--shard', `${i}/3`, '--parallel-indices', '4', '--report', report, '--quiet']);
      assert.equal(r.code, 0, r.stderr);
      const rep = JSON.parse(await readFile(report, 'utf8'));
      seen.push(rep.indices.map((x: { sourceIndex: string }) => x.sourceIndex));
    }
    for (const part of seen) assert.ok(part.length >= 3 && part.length <= 4, `balanced: ${part.join(',')}`);
    const all = seen.flat();
    assert.equal(new Set(all).size, all.length, 'disjoint');
    assert.deepEqual([...all].sort(), [...DAYS].sort());
    for (const [i, day] of DAYS.entries()) assert.equal(await count(dst.url, day), docsOf(i), day);
  } finally {
    await dst.close();
  }
});

test('bad list lines are rejected up front with the line number and nothing is written', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const list = await listFile('bad.txt', 'logs-2026.11.01\nlogs 2026\nlogs-2026.11.02\n');
    const r = await runInProcess(['run', '--source', src.url, '--dest', dst.url, '--list', list]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.txt:2: invalid index name "logs 2026": must not contain spaces/);
    const indices = await es<unknown[]>(dst.url, 'GET', '/_cat/indices?format=json');
    assert.deepEqual(indices.body, []);
  } finally {
    await dst.close();
  }
});

test('a pattern matching nothing is reported, an alias stands for its index; dry-run plans without writing', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const list = await listFile('dry.txt', 'logs-2026.11.0*\nmetrics-*\nlogs-latest # an alias\n');
    // an entry matching nothing stops even a dry run (exit 2) unless --allow-missing says it is expected
    const strict = await runInProcess(['run', '--source', src.url, '--dest', dst.url, '--list', list, '--dry-run']);
    assert.equal(strict.code, 2, strict.stderr);
    assert.match(strict.stderr, /no source index matches "metrics-\*" \(.*dry\.txt:2\)/);
    const r = await runInProcess(['run', '--source', src.url, '--dest', dst.url, '--list', list, '--dry-run', '--allow-missing']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no match: "metrics-\*" \(list line 2\)/);
    assert.match(r.stdout, /logs-2026\.11\.09 +logs-2026\.11\.09 +76/);
    assert.match(r.stdout, /logs-2026\.11\.10 +logs-2026\.11\.10 +83/);
    assert.match(r.stdout, /total: 10 indices/);
    const indices = await es<unknown[]>(dst.url, 'GET', '/_cat/indices?format=json');
    assert.deepEqual(indices.body, []);
  } finally {
    await dst.close();
  }
});
