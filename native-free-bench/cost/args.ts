// Flags of the cost bench (npm run bench:cost -- --help).
import { parseArgs } from 'node:util';
import { ALL_CONTENDERS, counts, type ContenderName } from '../lib/args.js';

export interface CostArgs {
  /** doc counts where every contender runs */
  sizes: number[];
  /** doc counts where esferry alone runs (scaling rows: 1M, 10M) */
  scale: number[];
  runs: number;
  only: ContenderName[];
  sourceVersion: string;
  /** one extra esferry run under --cpu-prof at the first size, for the breakdown */
  profile: boolean;
  readme: boolean;
  outDir?: string;
  command: string;
}

export const COST_USAGE = `esferry cost bench: each copier's own CPU and memory per document, between a page source that
serves pre-rendered pages and a sink that answers _bulk without indexing (native-free-bench/sink).

  npm run bench:cost -- [flags]

  --sizes 100k          doc counts for the side-by-side table (every contender)
  --scale 1m,10m        doc counts for esferry alone (scaling rows; empty: none)
  --runs 3              runs per contender and size (contenders interleaved)
  --only esferry,raw    contenders: ${ALL_CONTENDERS.join(', ')}
  --source 6.8          page source version (6.8: sliced scroll, 7.17: PIT + search_after)
  --no-profile          skip the esferry CPU breakdown (one extra run under --cpu-prof)
  --readme              write the tables into README.md between the bench-cost markers
  --out DIR             where cost-latest.md / .json go (default native-free-bench/results)
`;

export function parseCostArgs(argv: string[]): CostArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string', default: '100k' }, scale: { type: 'string', default: '1m' }, runs: { type: 'string', default: '3' },
      only: { type: 'string' }, source: { type: 'string', default: '6.8' }, 'no-profile': { type: 'boolean', default: false },
      readme: { type: 'boolean', default: false }, out: { type: 'string' }, help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(COST_USAGE);
    process.exit(0);
  }
  const only = values.only ? values.only.split(',').map((x) => x.trim()) : [...ALL_CONTENDERS];
  for (const o of only) if (!(ALL_CONTENDERS as readonly string[]).includes(o)) throw new Error(`unknown contender "${o}": use ${ALL_CONTENDERS.join(',')}`);
  return {
    sizes: counts(values.sizes!), scale: counts(values.scale!), runs: Math.max(1, Number(values.runs)), only: only as ContenderName[],
    sourceVersion: values.source!, profile: !values['no-profile'], readme: values.readme!, outDir: values.out,
    command: ['npm run bench:cost --', ...argv].join(' '),
  };
}
