// Several `esferry run --coordinate` workers (separate processes) over one list, test clusters in
// their own processes on loopback, some workers killed with SIGKILL at random moments. Checks that
// every document is present once with the expected versions, every item is done once and the
// destination tuning is back. Used by the smoke test in the suite and by `npm run test:coordinate-long`.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClusterProcess, type ClusterProcess } from '../../../native-free-bench/lib/cluster-process.js';
import { bulkDocs, es, flatSettings } from '../../cli/support/http.js';
import { startCli, type CliResult } from '../../cli/support/run-cli.js';

export interface Scenario {
  sourceVersion: string;
  destVersion: string;
  workers: number;
  smallIndices: number;
  smallDocs: number;
  largeIndices: number;
  largeDocs: number;
  /** split threshold: a large index becomes ceil(largeDocs / splitDocs) items */
  splitDocs: number;
  kills: number;
  /** a victim is killed after its k-th claim, k drawn from 1..maxClaimsBeforeKill (default 3) */
  maxClaimsBeforeKill?: number;
  leaseTtlS: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ScenarioResult {
  items: number;
  killed: number;
  takenOver: number;
  /** documents written more than once (re-copied after a take-over) */
  rewritten: number;
  docs: number;
  wallMs: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function runScenario(sc: Scenario): Promise<ScenarioResult> {
  const log = sc.log ?? (() => {});
  const random = rng(sc.seed);
  const clusters: ClusterProcess[] = [];
  try {
    const source = await startClusterProcess(sc.sourceVersion);
    clusters.push(source);
    const dest = await startClusterProcess(sc.destVersion);
    clusters.push(dest);
    const type = ['2.4', '5.6', '6.2', '6.8'].some((v) => sc.sourceVersion.startsWith(v)) ? 'doc' : undefined;
    const names: string[] = [];
    let total = 0;
    const seedIndex = async (name: string, n: number, shards: number) => {
      await es(source.url, 'PUT', `/${name}`, { settings: { number_of_shards: shards } });
      for (let from = 0; from < n; from += 2000) {
        const docs = Array.from({ length: Math.min(2000, n - from) }, (_, i) => ({ id: `${name}-${from + i}`, source: { n: from + i, msg: `doc ${from + i} of ${name}` } }));
        await bulkDocs(source.url, name, docs, type);
      }
      names.push(name);
      total += n;
    };
    for (let i = 0; i < sc.largeIndices; i++) await seedIndex(`big-${i}`, sc.largeDocs, 3);
    for (let i = 0; i < sc.smallIndices; i++) await seedIndex(`small-${String(i).padStart(2, '0')}`, sc.smallDocs, 1);
    const dir = mkdtempSync(join(tmpdir(), 'esferry-coord-'));
    const list = join(dir, 'indices.txt');
    writeFileSync(list, names.join('\n') + '\n');
    const args = ['run', '--source', source.url, '--dest', dest.url, '--list', list, '--coordinate', 'coord-it', '--lease-ttl', String(sc.leaseTtlS),
      '--split-docs', String(sc.splitDocs), '--progress', 'none', '--bulk-docs', '200', '--page-size', '200'];
    const started = Date.now();
    const workers = Array.from({ length: sc.workers }, () => startCli(args));
    // kill some workers at random moments while they hold items
    const victims = new Set<number>();
    while (victims.size < Math.min(sc.kills, sc.workers - 1)) victims.add(Math.floor(random() * sc.workers));
    const kills = [...victims].map(async (w) => {
      const worker = workers[w]!;
      const claimsBefore = 1 + Math.floor(random() * (sc.maxClaimsBeforeKill ?? 3));
      for (let t = 0; t < 600; t++) {
        const claims = (worker.stderrSoFar().match(/: claimed/g) ?? []).length;
        if (claims >= claimsBefore || worker.child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, random() * 100));
      if (worker.child.exitCode === null) {
        worker.child.kill('SIGKILL');
        log(`killed worker ${w}`);
        return true;
      }
      return false;
    });
    const killed = (await Promise.all(kills)).filter(Boolean).length;
    const results: CliResult[] = await Promise.all(workers.map((w) => w.done));
    const wallMs = Date.now() - started;
    results.forEach((r, i) => {
      if (victims.has(i) && r.signal === 'SIGKILL') return;
      assert.equal(r.code, 0, `worker ${i} exit ${r.code}\n${r.stderr.slice(-3000)}`);
    });

    // every item done, each by exactly one final owner; the coordination index says so
    const coord = await es<{ hits: { hits: Array<{ _source: { kind: string; status: string; attempts: number; item: string } }> } }>(dest.url, 'POST', '/coord-it/_search', { size: 10000, query: { match_all: {} } });
    const items = coord.body.hits.hits.map((h) => h._source).filter((d) => d.kind === 'item');
    const plan = coord.body.hits.hits.map((h) => h._source as unknown as { kind: string; items?: unknown[] }).find((d) => d.kind === 'plan')!;
    assert.equal(items.length, plan.items!.length, 'one record per planned item');
    assert.deepEqual(items.filter((d) => d.status !== 'done').map((d) => `${d.item}:${d.status}`), []);
    const takenOver = items.filter((d) => d.attempts > 1).length;

    // every document present once, with its id; versions > 1 only for re-copied documents
    let rewritten = 0;
    for (const name of names) {
      await es(dest.url, 'POST', `/${name}/_refresh`);
      const src = await es<{ count: number }>(source.url, 'GET', `/${name}/_count`);
      const dst = await es<{ count: number }>(dest.url, 'GET', `/${name}/_count`);
      assert.equal(dst.body.count, src.body.count, `${name}: destination count`);
      const hits = await allHits(dest.url, name);
      const ids = new Set(hits.map((h) => h._id));
      assert.equal(ids.size, src.body.count, `${name}: distinct ids`);
      rewritten += hits.reduce((n, h) => n + (h._version - 1), 0);
      // tuning restored: the refresh interval is not left at -1 and replicas are back
      const settings = await flatSettings(dest.url, name);
      assert.notEqual(settings['index.refresh_interval'], '-1', `${name}: refresh interval restored`);
      assert.notEqual(settings['index.number_of_replicas'], '0', `${name}: replicas restored`);
    }
    if (killed === 0) assert.equal(rewritten, 0, 'nothing copied twice without a take-over');
    return { items: items.length, killed, takenOver, rewritten, docs: total, wallMs };
  } finally {
    await Promise.all(clusters.map((c) => c.stop().catch(() => undefined)));
  }
}

type VersionHit = { _id: string; _version: number };

async function allHits(url: string, index: string): Promise<VersionHit[]> {
  type Page = { _scroll_id: string; hits: { hits: VersionHit[] } };
  let page = await es<Page>(url, 'POST', `/${index}/_search?scroll=1m`, { size: 5000, version: true, _source: false, sort: ['_doc'] });
  const out: VersionHit[] = [];
  while (page.body.hits.hits.length > 0) {
    out.push(...page.body.hits.hits);
    page = await es<Page>(url, 'POST', '/_search/scroll', { scroll: '1m', scroll_id: page.body._scroll_id });
  }
  await es(url, 'DELETE', '/_search/scroll', { scroll_id: [page.body._scroll_id] });
  return out;
}
