// Options shared by several commands and the glue from parsed argv to validated inputs.
import { buildConnectOptions, connectionOptionSpecs } from '../connection-options.js';
import type { ConnectOptions } from '../../cluster/connect-options.js';
import { indexNameProblem, showName } from '../../plan/index-name.js';
import { ListFileError, parseIndexNames, readListFile, type ListEntry } from '../../plan/list-file.js';
import { parseShardSpec, type ShardBy, type ShardSpec } from '../../plan/shard.js';
import { UsageError } from '../cli-error.js';
import { wholeNumberProblem } from '../../engine/check-options.js';
import type { Output } from '../output.js';

export type Argv = Record<string, unknown>;
export type OptionSpecs = Record<string, Record<string, unknown>>;

export const connectionSpecs: OptionSpecs = {
  ...connectionOptionSpecs('source'),
  ...connectionOptionSpecs('dest'),
  compress: { type: 'boolean', group: 'Network:', describe: 'ask both clusters for gzip-compressed responses: saves bandwidth across slow or metered links, costs CPU on both ends (off by default: on a LAN it only slows the copy)' },
  proxy: { type: 'string', group: 'Network:', describe: 'HTTP(S) proxy for both clusters, e.g. http://user:pass@proxy:3128 (credentials never printed); without it HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply; "none" ignores them (env ESFERRY_PROXY)' },
  debug: { type: 'boolean', group: 'Output:', describe: 'log every HTTP request on stderr: method, URL (without credentials), status and milliseconds; never headers or bodies' },
  insecure: { type: 'boolean', group: 'TLS:', describe: 'do not verify TLS certificates of either cluster (explicit opt-in; certificates are verified otherwise)' },
};

export const selectionSpecs: OptionSpecs = {
  list: { type: 'string', group: 'Indices:', describe: 'file with one index name or wildcard per line (# comments, blank lines ignored); every line is checked before anything is copied' },
  index: { type: 'string', group: 'Indices:', describe: 'index name(s) or wildcard(s), comma-separated, instead of --list' },
};

export const shardSpecs: OptionSpecs = {
  shard: { type: 'string', group: 'Indices:', describe: 'i/n: take share i of n of the resolved list, counted from 1 (1/3, 2/3, 3/3): n hosts running the same command with 1/n … n/n copy everything exactly once; 0/n is refused' },
  'shard-by': { type: 'string', group: 'Indices:', choices: ['size', 'docs', 'name'], default: 'size', describe: 'how --shard balances: by primary store size, doc count, or round-robin by name (stable even while the source is being written)' },
};

export function sides(argv: Argv, out: Output): { source: ConnectOptions; dest: ConnectOptions } {
  return {
    source: buildConnectOptions('source', argv, process.env, out.redactor),
    dest: buildConnectOptions('dest', argv, process.env, out.redactor),
  };
}

/** --list FILE or --index a,b* → entries; exactly one of them. */
export async function listEntries(argv: Argv, required = true): Promise<ListEntry[]> {
  const list = argv.list as string | undefined;
  const index = argv.index as string | undefined;
  if (list !== undefined && index !== undefined) throw new UsageError('give either --list FILE or --index NAMES, not both');
  if (list !== undefined) {
    if (!String(list).trim()) throw new UsageError('--list needs a file name');
    return readListFile(String(list));
  }
  if (index !== undefined) {
    try {
      return parseIndexNames(String(index));
    } catch (err) {
      if (err instanceof ListFileError) {
        const p = err.problems[0]!;
        throw new UsageError(p.text === undefined ? p.problem : `--index: invalid index name ${showName(p.text)}: ${p.problem}`);
      }
      throw err;
    }
  }
  if (required) throw new UsageError('--list FILE (one index or wildcard per line) or --index NAME is required');
  return [];
}

export const missingSpec: OptionSpecs = {
  'allow-missing': { type: 'boolean', group: 'Indices:', describe: 'go on when a --list line or --index name matches no source index (default: stop with exit 2 before anything is written)' },
};

export const destIndexSpec: OptionSpecs = {
  'dest-index': { type: 'string', group: 'Indices:', describe: 'destination index name (may contain one * matching the * of --index); default: same name' },
};

/**
 * --dest-index NAME as the first rename rule (so it wins over --rename, and over the concrete
 * index an alias in --index stands for). Checked as a destination name, under its own flag.
 */
export function renameArgs(argv: Argv, entries: ListEntry[]): string[] {
  const given = argv.rename;
  const rules = (Array.isArray(given) ? given : given !== undefined ? [given] : []).map(String);
  if (argv['dest-index'] === undefined) return rules;
  const dest = String(argv['dest-index']).trim();
  if (dest.split('*').length > 2) throw new UsageError(`--dest-index supports one "*", got ${showName(dest)}`);
  const problem = indexNameProblem(dest.replace('*', 'x'), false);
  if (problem) throw new UsageError(`--dest-index: invalid index name ${showName(dest)}: ${problem}`);
  if (entries.length !== 1) throw new UsageError('--dest-index works with one --index name or pattern (use --rename FROM=TO for several)');
  const from = entries[0]!.pattern;
  if (dest.includes('*') && !from.includes('*')) throw new UsageError(`--dest-index ${showName(dest)} has a "*" but --index ${showName(from)} has none`);
  return [`${from}=${dest}`, ...rules];
}

export function shardOption(argv: Argv): { shard?: ShardSpec; shardBy: ShardBy } {
  const shardBy = (argv['shard-by'] as ShardBy | undefined) ?? 'size';
  if (argv.shard === undefined) return { shardBy };
  const spec = parseShardSpec(String(argv.shard));
  if (typeof spec === 'string') throw new UsageError(spec);
  return { shard: spec, shardBy };
}

export function positiveInteger(argv: Argv, name: string, dflt: number): number {
  const v = argv[name];
  if (v === undefined) return dflt;
  const problem = wholeNumberProblem(v, 1);
  if (problem) throw new UsageError(`--${name} ${problem}, got "${String(v)}"`);
  return Number(v);
}

export function nonNegativeInteger(argv: Argv, name: string, dflt: number): number {
  const v = argv[name];
  if (v === undefined) return dflt;
  const problem = wholeNumberProblem(v, 0);
  if (problem) throw new UsageError(`--${name} ${problem}, got "${String(v)}"`);
  return Number(v);
}
