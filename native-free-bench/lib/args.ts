// Command-line flags of the bench.
import { parseArgs } from 'node:util';

export const ALL_CONTENDERS = ['esferry', 'raw', 'elasticdump', 'helpers'] as const;
export type ContenderName = (typeof ALL_CONTENDERS)[number];

export interface BenchArgs {
  smoke: boolean;
  /** small-doc corpus sizes for the peer comparison */
  sizes: number[];
  /** esferry scaling sizes (time and memory must stay linear / flat) */
  scaleSizes: number[];
  /** number of large (~20 KB) documents in the large corpus; 0 skips it */
  largeDocs: number;
  runs: number;
  only: ContenderName[];
  /** skip the micro-benchmarks / the adaptive bench */
  micro: boolean;
  adaptive: boolean;
  /** the 1/2/4 coordinated workers bench */
  coordinated: boolean;
  sourceVersion: string;
  destVersion: string;
  /** source version for the official-client script (it demands x-elastic-product, ES >= 7.14, and its compatible-with=8 media types are refused by 7.x: 8.x) */
  helpersSourceVersion: string;
  outDir?: string;
  command: string;
}

function list(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

export function counts(s: string): number[] {
  return list(s).map((x) => {
    const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(x);
    if (!m) throw new Error(`bad size "${x}" (use 100000, 100k or 1m)`);
    const mult = m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1;
    return Math.round(Number(m[1]) * mult);
  });
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      scale: { type: 'string' },
      large: { type: 'string' },
      runs: { type: 'string' },
      only: { type: 'string' },
      'no-micro': { type: 'boolean', default: false },
      'no-adaptive': { type: 'boolean', default: false },
      'no-coordinated': { type: 'boolean', default: false },
      source: { type: 'string', default: '6.8' },
      dest: { type: 'string', default: '8.15' },
      'helpers-source': { type: 'string', default: '8.15' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const smoke = values.smoke ?? false;
  const only = values.only ? list(values.only) : [...ALL_CONTENDERS];
  for (const o of only) {
    if (!(ALL_CONTENDERS as readonly string[]).includes(o)) throw new Error(`unknown contender "${o}": use ${ALL_CONTENDERS.join(',')}`);
  }
  return {
    smoke,
    sizes: values.sizes ? counts(values.sizes) : smoke ? [2000] : [100_000],
    scaleSizes: values.scale !== undefined ? counts(values.scale) : smoke ? [] : [10_000, 100_000, 1_000_000],
    largeDocs: values.large !== undefined ? counts(values.large)[0] ?? 0 : smoke ? 100 : 10_000,
    runs: values.runs ? Math.max(1, Number(values.runs)) : smoke ? 1 : 3,
    only: only as ContenderName[],
    micro: !values['no-micro'] && !smoke,
    adaptive: !values['no-adaptive'] && !smoke,
    coordinated: !values['no-coordinated'] && !smoke,
    sourceVersion: values.source!,
    destVersion: values.dest!,
    helpersSourceVersion: values['helpers-source']!,
    outDir: values.out,
    command: ['npm run bench --', ...argv].join(' '),
  };
}

export const USAGE = `esferry bench: copy the same corpus with esferry and its peers, report speed and memory.

  npm run bench -- [flags]        (or: node --import tsx native-free-bench/run.ts [flags])

  --smoke               tiny sizes, one run, no micro/adaptive (CI, < 60 s)
  --sizes 100000,1m     small-doc (~600 B) corpus sizes for the peer table
  --scale 10k,100k,1m   esferry scaling sizes (empty: skip)
  --large 10000         number of ~20 KB docs in the large corpus (0: skip)
  --runs 3              runs per contender and size (median, min-max)
  --only esferry,raw    contenders: ${ALL_CONTENDERS.join(', ')}
  --source 6.8 --dest 8.15 --helpers-source 8.15   test-cluster versions
  --no-micro --no-adaptive --no-coordinated
  --out DIR             where latest.md / latest.json go (default native-free-bench/results)
`;
