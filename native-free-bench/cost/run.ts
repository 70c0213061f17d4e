// The cost bench: esferry (the CLI), elasticdump, the raw byte pump and the official client's
// helpers copy the same documents from a page source into a sink (native-free-bench/sink), each
// in its own process, side by side in one run; then esferry alone at the scaling sizes and once
// under --cpu-prof. Writes results/cost-latest.md and .json; --readme updates README.md.
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCostArgs, type CostArgs } from './args.js';
import { breakdown } from './cpu-breakdown.js';
import { esferryCliSpec } from './esferry-cli.js';
import { renderCost, type CostResults } from './report.js';
import { startClusterProcess, type ClusterProcess } from '../lib/cluster-process.js';
import { CONTENDERS, type CopyJob } from '../contenders/registry.js';
import type { ContenderName } from '../lib/args.js';
import { countDocs, deleteIndex } from '../lib/es-admin.js';
import { machineInfo } from '../lib/machine.js';
import { repoRoot, resultsDir } from '../lib/paths.js';
import { runChild, type ChildSpec } from '../lib/run-child.js';
import { SHARED_SETTINGS, SOURCE_SHARDS } from '../lib/shared-settings.js';
import { corpusPool } from '../sink/page-templates.js';
import { updateReadme } from '../report/readme-section.js';
import type { ContenderResult, RunSample } from '../report/types.js';

const DEST_VERSION = '8.15';
const HELPERS_SOURCE_VERSION = '8.15';
const SOURCE_INDEX = 'bench-src';
const log = (s: string) => process.stderr.write(`[cost ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const pool = corpusPool();
const avgDocBytes = pool.reduce((n, s) => n + Buffer.byteLength(s), 0) / pool.length;

function startSource(version: string, docs: number): Promise<ClusterProcess> {
  return startClusterProcess(version, log, { module: 'native-free-bench/sink/main', args: ['--role', 'source', '--docs', String(docs), '--index', SOURCE_INDEX, '--shards', String(SOURCE_SHARDS)] });
}

function specFor(name: ContenderName, job: CopyJob, profileDir?: string): ChildSpec {
  return name === 'esferry' ? esferryCliSpec(job, profileDir) : CONTENDERS[name].spec(job, SHARED_SETTINGS);
}

async function measure(name: ContenderName, job: CopyJob, run: number, profileDir?: string): Promise<RunSample> {
  await deleteIndex(job.dest, job.destIndex);
  const m = await runChild(specFor(name, job, profileDir));
  const docsInDest = await countDocs(job.dest, job.destIndex);
  const s: RunSample = { run, ok: m.ok, wallMs: m.wallMs, peakRssMB: m.peakRssMB, cpuMs: m.cpuMs, docsInDest, summary: m.summary };
  if (!m.ok) s.error = `exit ${m.exitCode}: ${m.stderrTail.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`;
  else if (docsInDest !== job.docs) s.error = `sink accepted ${docsInDest} docs, expected ${job.docs}`;
  await deleteIndex(job.dest, job.destIndex);
  return s;
}

function resultFor(name: ContenderName, docs: number, sourceVersion: string): ContenderResult {
  const esferry = name === 'esferry';
  return {
    contender: name, label: esferry ? 'esferry (CLI)' : CONTENDERS[name].label,
    settings: esferry ? 'defaults, --progress none' : CONTENDERS[name].settings(SHARED_SETTINGS), samples: [],
    corpus: { kind: 'small', docs, sourceBytes: Math.round(docs * avgDocBytes), sourceVersion, destVersion: DEST_VERSION },
  };
}

async function runSize(a: CostArgs, docs: number, contenders: ContenderName[], sink: ClusterProcess): Promise<ContenderResult[]> {
  const source = await startSource(a.sourceVersion, docs);
  const helpersSource = contenders.includes('helpers') ? await startSource(HELPERS_SOURCE_VERSION, docs) : undefined;
  try {
    const results = new Map(contenders.map((n) => [n, resultFor(n, docs, CONTENDERS[n].sourceKind === 'product-header' ? HELPERS_SOURCE_VERSION : a.sourceVersion)]));
    for (let run = 1; run <= a.runs; run++) {
      // rotate the order each run so no contender always goes first
      for (const name of contenders.map((_, i) => contenders[(i + run - 1) % contenders.length]!)) {
        const src = CONTENDERS[name].sourceKind === 'product-header' ? helpersSource! : source;
        const job: CopyJob = { source: src.url, sourceIndex: SOURCE_INDEX, dest: sink.url, destIndex: `copy-${name}`, docs };
        const s = await measure(name, job, run);
        results.get(name)!.samples.push(s);
        log(`${docs} docs run ${run} ${name}: ${(s.wallMs / 1000).toFixed(2)} s, ${(s.cpuMs / 1000).toFixed(2)} CPU-s, peak RSS ${s.peakRssMB.toFixed(0)} MB${s.error ? `, ERROR ${s.error}` : ''}`);
      }
    }
    return [...results.values()];
  } finally {
    await source.stop();
    await helpersSource?.stop();
  }
}

async function profileRun(a: CostArgs, docs: number, sink: ClusterProcess): Promise<CostResults['breakdown']> {
  const dir = mkdtempSync(join(tmpdir(), 'esferry-cost-prof-'));
  const source = await startSource(a.sourceVersion, docs);
  try {
    const s = await measure('esferry', { source: source.url, sourceIndex: SOURCE_INDEX, dest: sink.url, destIndex: 'copy-profiled', docs }, 1, dir);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (s.error || !file) { log(`profiled run failed: ${s.error ?? 'no profile written'}`); return undefined; }
    const parts = breakdown(join(dir, file));
    return { docs, parts, profiledMs: Object.values(parts).reduce((x, y) => x + y, 0), rusageMs: s.cpuMs };
  } finally {
    await source.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<CostResults> {
  const a = parseCostArgs(argv);
  const res: CostResults = { machine: machineInfo(a.command), sourceVersion: a.sourceVersion, destVersion: DEST_VERSION, side: [], scaling: [] };
  const sink = await startClusterProcess(DEST_VERSION, log, { module: 'native-free-bench/sink/main', args: ['--role', 'sink'] });
  try {
    for (const docs of a.sizes) res.side.push(...(await runSize(a, docs, a.only, sink)));
    if (a.only.includes('esferry')) {
      for (const docs of a.scale) res.scaling.push(...(await runSize(a, docs, ['esferry'], sink)));
      if (a.profile && a.sizes[0]) res.breakdown = await profileRun(a, a.sizes[0], sink);
    }
  } finally {
    await sink.stop();
  }
  res.machine.loadEnd = loadavg()[0]!;
  const outDir = a.outDir ?? resultsDir;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'cost-latest.json'), JSON.stringify(res, null, 2) + '\n');
  const md = renderCost(res);
  writeFileSync(join(outDir, 'cost-latest.md'), md);
  log(`wrote ${join(outDir, 'cost-latest.md')}`);
  if (a.readme) {
    updateReadme(join(repoRoot, 'README.md'), md, a.command, 'bench-cost', 'cost-latest.md');
    log('updated the cost section of README.md');
  }
  const failed = [...res.side, ...res.scaling].flatMap((r) => r.samples.filter((x) => x.error).map((x) => `${r.contender}: ${x.error}`));
  if (failed.length) {
    log(`${failed.length} failed run(s):\n  ${[...new Set(failed)].join('\n  ')}`);
    process.exitCode = 1;
  }
  return res;
}

await main(process.argv.slice(2));
