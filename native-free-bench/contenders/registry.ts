// The contenders: how each is started as a child process, and against which source cluster.
import type { ContenderName } from '../lib/args.js';
import type { ChildSpec } from '../lib/run-child.js';
import { elasticdumpBin, nodeScript } from '../lib/paths.js';

export interface CopyJob {
  source: string;
  sourceIndex: string;
  dest: string;
  destIndex: string;
  docs: number;
}

/** Concurrency shared by esferry's defaults and the raw pump, so the ceiling is measured at equal footing. */
export interface SharedSettings {
  slices: number;
  pageSize: number;
  maxPageBytes: number;
  writers: number;
}

export interface Contender {
  name: ContenderName;
  label: string;
  /** 'main': the 6.x source; 'product-header': a source that sends x-elastic-product (ES >= 7.14) */
  sourceKind: 'main' | 'product-header';
  /** settings shown in the table */
  settings(s: SharedSettings): string;
  spec(job: CopyJob, s: SharedSettings): ChildSpec;
}

// elasticdump's fastest settings on this machine (see README): biggest scroll page the source
// allows (index.max_result_window 10000 caps one page), writes overlapped, no refresh after each bulk.
export const ELASTICDUMP_LIMIT = 10_000;
export const ELASTICDUMP_CONCURRENCY = 4;

function timeoutFor(docs: number): number {
  return Math.max(120_000, docs * 5);
}

function esferryNodeFlags(): string[] {
  return (process.env.ESFERRY_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

export const CONTENDERS: Record<ContenderName, Contender> = {
  esferry: {
    name: 'esferry',
    label: 'esferry',
    sourceKind: 'main',
    // ESFERRY_BENCH_NODE_FLAGS (e.g. --max-semi-space-size=4) reaches the esferry process alone, so
    // memory knobs of Node can be measured without slowing the clusters
    settings: () => (esferryNodeFlags().length ? `defaults, node ${esferryNodeFlags().join(' ')}` : 'defaults'),
    spec: (job) => {
      const { execArgv, script } = nodeScript('native-free-bench/contenders/esferry-child');
      return {
        execArgv: [...esferryNodeFlags(), ...execArgv], script, timeoutMs: timeoutFor(job.docs),
        args: ['--source', job.source, '--source-index', job.sourceIndex, '--dest', job.dest, '--dest-index', job.destIndex],
      };
    },
  },
  raw: {
    name: 'raw',
    label: 'raw byte pump (limit)',
    sourceKind: 'main',
    settings: (s) => `${s.slices} slices, page ≤ ${s.pageSize} docs and ≤ ${s.maxPageBytes / 2 ** 20} MB, ${s.writers} writers`,
    spec: (job, s) => {
      const { execArgv, script } = nodeScript('native-free-bench/contenders/raw-pump-child');
      return {
        execArgv, script, timeoutMs: timeoutFor(job.docs),
        args: ['--source', job.source, '--source-index', job.sourceIndex, '--dest', job.dest, '--dest-index', job.destIndex,
          '--slices', String(s.slices), '--page-size', String(s.pageSize), '--max-page-bytes', String(s.maxPageBytes), '--writers', String(s.writers)],
      };
    },
  },
  elasticdump: {
    name: 'elasticdump',
    label: 'elasticdump 6.125',
    sourceKind: 'main',
    settings: () => `--limit ${ELASTICDUMP_LIMIT} --concurrency ${ELASTICDUMP_CONCURRENCY} --noRefresh`,
    spec: (job) => ({
      execArgv: [], script: elasticdumpBin, timeoutMs: timeoutFor(job.docs) * 4,
      args: [`--input=${job.source}/${job.sourceIndex}`, `--output=${job.dest}/${job.destIndex}`, '--type=data',
        `--limit=${ELASTICDUMP_LIMIT}`, `--concurrency=${ELASTICDUMP_CONCURRENCY}`, '--noRefresh', '--quiet'],
    }),
  },
  helpers: {
    name: 'helpers',
    label: 'official client 8 helpers',
    sourceKind: 'product-header',
    settings: () => 'scrollSearch size 1000 + helpers.bulk defaults (5 MB, concurrency 5)',
    spec: (job) => {
      const { execArgv, script } = nodeScript('native-free-bench/contenders/helpers-child');
      return {
        execArgv, script, timeoutMs: timeoutFor(job.docs) * 2,
        args: ['--source', job.source, '--source-index', job.sourceIndex, '--dest', job.dest, '--dest-index', job.destIndex],
      };
    },
  },
};
