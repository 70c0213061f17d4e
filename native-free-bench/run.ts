// esferry bench: copies the same corpus with esferry, the raw byte pump and the peers, each in
// its own process between test clusters in their own processes, and writes results/latest.md
// and latest.json. `npm run bench -- --help` lists the flags.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseBenchArgs, type BenchArgs, type ContenderName } from './lib/args.js';
import { startBenchClusters, type BenchClusters } from './lib/clusters.js';
import { deleteIndex } from './lib/es-admin.js';
import { machineInfo } from './lib/machine.js';
import { measureRun } from './lib/measure-contender.js';
import { repoRoot, resultsDir } from './lib/paths.js';
import { SHARED_SETTINGS } from './lib/shared-settings.js';
import { CONTENDERS } from './contenders/registry.js';
import { seedCorpus, type CorpusKind } from './corpus/seed.js';
import { runMicroBenches } from './micro/run-micro.js';
import { runAdaptive } from './lib/adaptive.js';
import { runCoordinatedBench } from './coordinate/run.js';
import { renderMarkdown } from './report/markdown.js';
import { updateReadme } from './report/readme-section.js';
import type { BenchResults, ContenderResult } from './report/types.js';
import { personality } from '../fixtures/cluster/personality.js';

interface Dataset {
  kind: CorpusKind;
  docs: number;
  peers: boolean;
  scale: boolean;
}

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

function datasets(a: BenchArgs): Dataset[] {
  const all = new Map<number, Dataset>();
  for (const n of a.sizes) all.set(n, { kind: 'small', docs: n, peers: true, scale: false });
  if (a.only.includes('esferry')) {
    for (const n of a.scaleSizes) {
      const d = all.get(n) ?? { kind: 'small', docs: n, peers: false, scale: true };
      d.scale = true;
      all.set(n, d);
    }
  }
  const list = [...all.values()].sort((x, y) => x.docs - y.docs);
  if (a.largeDocs > 0) list.push({ kind: 'large', docs: a.largeDocs, peers: true, scale: false });
  return list;
}

/** mapping type the source needs in bulk action lines: 'doc' like the shared corpus before 7.x */
function typeFor(version: string): string | undefined {
  const p = personality(version);
  return p.typeModel === 'multi' || p.typeModel === 'single' ? 'doc' : undefined;
}

async function runDataset(a: BenchArgs, c: BenchClusters, d: Dataset, res: BenchResults): Promise<void> {
  const index = `bench-${d.kind}-${d.docs}`;
  const contenders: ContenderName[] = d.peers ? a.only : ['esferry'];
  log(`seeding ${index} (${d.docs} ${d.kind} docs) on ${c.source.version}`);
  const corpus = await seedCorpus({ url: c.source.url, index, kind: d.kind, count: d.docs, type: typeFor(c.source.version) });
  if (c.productSource && contenders.includes('helpers')) {
    log(`seeding ${index} on ${c.productSource.version} for the official client`);
    await seedCorpus({ url: c.productSource.url, index, kind: d.kind, count: d.docs, type: typeFor(c.productSource.version) });
  }
  const results = new Map<ContenderName, ContenderResult>();
  for (const name of contenders) {
    const def = CONTENDERS[name];
    const src = def.sourceKind === 'product-header' ? c.productSource! : c.source;
    results.set(name, {
      contender: name, label: def.label, settings: def.settings(SHARED_SETTINGS), samples: [],
      corpus: { kind: d.kind, docs: d.docs, sourceBytes: corpus.sourceBytes, sourceVersion: src.version, destVersion: c.dest.version },
      note: name === 'helpers' ? `The official client 8 refuses clusters without the x-elastic-product header (ES < 7.14) and sends compatible-with=8 media types that 7.x refuses (400 media_type_header_exception), so it reads the same corpus from a ${src.version} source.` : undefined,
    });
  }
  for (let run = 1; run <= a.runs; run++) {
    // rotate the order each run so no contender always goes first on a cold cluster
    const order = contenders.map((_, i) => contenders[(i + run - 1) % contenders.length]!);
    for (const name of order) {
      const src = CONTENDERS[name].sourceKind === 'product-header' ? c.productSource! : c.source;
      // every run writes into a destination process of its own
      await c.restartDest();
      const job = { source: src.url, sourceIndex: index, dest: c.dest.url, destIndex: `copy-${name}`, docs: d.docs };
      const s = await measureRun(name, job, SHARED_SETTINGS, run);
      results.get(name)!.samples.push(s);
      log(`${index} run ${run} ${name}: ${(s.wallMs / 1000).toFixed(2)} s, ${Math.round(d.docs / (s.wallMs / 1000))} docs/s, peak RSS ${s.peakRssMB.toFixed(0)} MB${s.error ? `, ERROR ${s.error}` : ''}`);
    }
  }
  if (d.peers) res.peers.push(...results.values());
  if (d.scale && results.has('esferry')) res.scaling.push(results.get('esferry')!);
  await deleteIndex(c.source.url, index);
  if (c.productSource) await deleteIndex(c.productSource.url, index);
}

export async function main(argv: string[]): Promise<BenchResults> {
  const a = parseBenchArgs(argv);
  const res: BenchResults = { machine: machineInfo(a.command), shared: SHARED_SETTINGS, peers: [], scaling: [], micro: [], notes: [] };
  const clusters = await startBenchClusters({
    source: a.sourceVersion, dest: a.destVersion, productSource: a.only.includes('helpers') ? a.helpersSourceVersion : undefined, log,
  });
  try {
    for (const d of datasets(a)) await runDataset(a, clusters, d, res);
  } finally {
    await clusters.stop();
  }
  if (a.micro) {
    log('micro-benchmarks');
    res.micro = await runMicroBenches();
  }
  if (a.adaptive) res.adaptive = await runAdaptive(log);
  if (a.coordinated) {
    log('coordinated workers bench');
    res.coordinated = await runCoordinatedBench({ indices: 12, docsPerIndex: 20_000, workers: [1, 2, 4], log }).catch((e: unknown) => `## Many workers, one migration\n\ncoordinated bench failed: ${(e as Error).message}`);
  }
  res.machine.loadEnd = loadavg()[0]!;
  const outDir = a.outDir ?? resultsDir;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(res, null, 2) + '\n');
  const markdown = renderMarkdown(res);
  writeFileSync(join(outDir, 'latest.md'), markdown);
  log(`wrote ${join(outDir, 'latest.md')}`);
  // only a full run into the committed results speaks for the README
  if (!a.smoke && a.outDir === undefined) {
    updateReadme(join(repoRoot, 'README.md'), markdown, `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`);
    log('updated the benchmark section of README.md');
  }
  const failed = [...res.peers, ...res.scaling].flatMap((r) => r.samples.filter((x) => x.error).map((x) => `${r.contender}: ${x.error}`));
  if (failed.length) {
    log(`${failed.length} failed run(s):\n  ${[...new Set(failed)].join('\n  ')}`);
    process.exitCode = 1;
  }
  return res;
}

await main(process.argv.slice(2));
