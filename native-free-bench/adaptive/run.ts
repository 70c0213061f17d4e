// Adaptive vs fixed writer counts against a capacity-limited destination (1 write thread, small
// queue, fixed docs/s). Prints a markdown table and an ASCII plot of the adaptive run and writes
// them to native-free-bench/results/adaptive.md.
//   node --import tsx native-free-bench/adaptive/run.ts [--smoke] [--backend cluster|simulation]
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchConfig, capacityOf, type AdaptiveBenchConfig } from './bench-config.js';
import { contenders } from './contenders.js';
import type { RunMeasure } from './measure.js';
import { asciiPlot, markdownTable } from './report.js';
import { runOnSimulation } from './sim-backend.js';
import { runOnTestCluster } from './cluster-backend.js';
import { testClusterAvailable } from './test-cluster.js';
import { resultsDir } from '../lib/paths.js';

export type Backend = 'cluster' | 'simulation';

export interface AdaptiveBenchOptions {
  smoke?: boolean;
  /** default: the test cluster when it exists, the simulation otherwise */
  backend?: Backend;
  config?: Partial<AdaptiveBenchConfig>;
  /** results file (default native-free-bench/results/adaptive.md; null = do not write) */
  outFile?: string | null;
  log?: (line: string) => void;
}

export interface AdaptiveBenchResult {
  backend: Backend;
  config: AdaptiveBenchConfig;
  runs: RunMeasure[];
  /** target checks: adaptive ≥ 90 % of capacity, < 2 % rejected after warm-up, beats both fixed extremes */
  checks: { name: string; ok: boolean }[];
  markdown: string;
}

// the repository's results folder, also when running compiled from dist/
const defaultOut = join(resultsDir, 'adaptive.md');

function targetChecks(runs: RunMeasure[]): { name: string; ok: boolean }[] {
  const adaptive = runs.find((r) => r.contender.startsWith('adaptive'));
  if (!adaptive) return [];
  const fixed = runs.filter((r) => r.contender.startsWith('fixed'));
  const low = fixed[0];
  const high = fixed[fixed.length - 1];
  const beats = (f: RunMeasure | undefined) =>
    !!f && (adaptive.wallMs < f.wallMs || adaptive.rejectedItems < f.rejectedItems);
  const after = adaptive.rejectedShareAfterWarmup;
  return [
    { name: 'adaptive throughput ≥ 90% of capacity', ok: adaptive.throughputShare >= 0.9 },
    { name: 'adaptive rejected < 2% after the warm-up', ok: after === undefined || after < 0.02 },
    { name: `adaptive beats ${low?.contender} on wall time or rejections`, ok: beats(low) },
    { name: `adaptive beats ${high?.contender} on wall time or rejections`, ok: beats(high) },
  ];
}

export async function measureAdaptive(opts: AdaptiveBenchOptions = {}): Promise<AdaptiveBenchResult> {
  const smoke = opts.smoke ?? false;
  const log = opts.log ?? (() => {});
  const backend: Backend = opts.backend ?? (testClusterAvailable() ? 'cluster' : 'simulation');
  const config = benchConfig(smoke, opts.config);
  const runs: RunMeasure[] = [];
  const loadBefore = loadavg()[0]!;
  for (const c of contenders(smoke)) {
    log(`adaptive bench: ${c.name} on the ${backend}`);
    runs.push(backend === 'cluster' ? await runOnTestCluster(c, config) : runOnSimulation(c, config));
  }
  const loadAfter = loadavg()[0]!;
  const checks = targetChecks(runs);
  const adaptive = runs.find((r) => r.contender.startsWith('adaptive'));
  const where =
    backend === 'cluster'
      ? `test cluster ${config.version} in a child process, real \`_bulk\` over HTTP`
      : `simulated write pool in virtual time${testClusterAvailable() ? '' : ' (the test cluster was not available)'}`;
  const markdown = [
    '## Adaptive write concurrency',
    '',
    `Destination: ${where}; write pool ${config.threads} thread(s), queue ${config.queueSize}, ${config.docsPerSecond} docs/s per thread ` +
      `(capacity ${capacityOf(config)} docs/s), index with ${config.shards} primaries; ${config.totalDocs} docs in bulks of ${config.bulkDocs}; ` +
      'rejected items are sent again until every document is written.',
    '',
    `Machine: ${cpus().length} cores, 1-minute load ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after ` +
      '(the cluster and the writers share these cores: a busy machine lowers every row).',
    '',
    markdownTable(runs, config.warmupMs),
    '',
    ...checks.map((c) => `- ${c.ok ? '✅' : '❌'} ${c.name}`),
    '',
    ...(adaptive
      ? [`Adaptive run over time (last change: "${adaptive.reason}"):`, '', '```', asciiPlot(adaptive.series, capacityOf(config), config.bucketMs, adaptive.wallMs), '```', '']
      : []),
  ].join('\n');
  const out = opts.outFile === undefined ? defaultOut : opts.outFile;
  if (out) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, markdown);
  }
  return { backend, config, runs, checks, markdown };
}

/** Entry point of the main bench runner: returns the markdown section. */
export async function runAdaptiveBench(opts: AdaptiveBenchOptions = {}): Promise<string> {
  return (await measureAdaptive(opts)).markdown;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { smoke: { type: 'boolean', default: false }, backend: { type: 'string' } },
  });
  const backend = values.backend as Backend | undefined;
  if (backend && backend !== 'cluster' && backend !== 'simulation') throw new Error('--backend is cluster or simulation');
  const result = await measureAdaptive({ smoke: values.smoke, backend, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${result.markdown}\n`);
  process.exitCode = result.checks.every((c) => c.ok) ? 0 : 1;
}
