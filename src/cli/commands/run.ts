// `esferry run` (a list of indices) and `esferry copy` (one index or pattern): the full migration.
import type { ProgressStyle } from '../../report/progress.js';
import type { ExitCodeValue } from '../../report/exit-codes.js';
import { indexNameProblem, showName } from '../../plan/index-name.js';
import { prepareOutputFile } from '../../report/output-file.js';
import { FileStateStore } from '../../state/file-store.js';
import { UsageError } from '../cli-error.js';
import { buildEngineSettings, engineOptionSpecs } from '../engine-options.js';
import type { Output } from '../output.js';
import { runWorkflow, type RunInput } from '../workflow/run-workflow.js';
import type { CoordinateInput } from '../workflow/coordinated-run.js';
import { DEFAULT_SPLIT_DOCS } from '../../coordinate/work-items.js';
import { buildConnectOptions } from '../connection-options.js';
import { connectionSpecs, destIndexSpec, listEntries, missingSpec, renameArgs, nonNegativeInteger, positiveInteger, selectionSpecs, shardOption, shardSpecs, sides, type Argv, type OptionSpecs } from './common.js';

const FLOW = 'Workflow:';
const OUT = 'Output:';
const STATE = 'State (resume, delta):';

export const workflowSpecs: OptionSpecs = {
  'parallel-indices': { type: 'number', group: FLOW, describe: 'indices copied at the same time (default 1)' },
  'dry-run': { type: 'boolean', group: FLOW, describe: 'print the plan (indices, counts, sizes, conversions, conflicts) and copy nothing' },
  recreate: { type: 'boolean', group: FLOW, describe: 'delete and re-create destination indices that already exist (default: leave them and copy into them)' },
  'copy-templates': { type: 'boolean', group: FLOW, describe: 'copy legacy and composable index templates before the data (converted for the destination version)' },
  'copy-aliases': { type: 'boolean', group: FLOW, describe: 'add the source indices\' aliases to the destination indices after their data is copied' },
  tune: { type: 'boolean', group: FLOW, default: true, describe: 'during the load set refresh_interval -1 and number_of_replicas 0 on destination indices, restored afterwards even on failure or Ctrl-C (--no-tune to leave them)' },
  verify: { type: 'boolean', group: FLOW, describe: 'after a successful copy, compare counts (and --sample docs); exit 4 on a mismatch' },
  sample: { type: 'number', group: FLOW, describe: 'with --verify: also compare this many random documents by _id (default 0)' },
  report: { type: 'string', group: OUT, describe: 'write the run report (per-index accounting, throughput, retries, tuning, verification, outcome) as JSON to this file' },
  quiet: { type: 'boolean', group: OUT, describe: 'no progress or info messages; only the summary, warnings and errors' },
  progress: { type: 'string', group: OUT, choices: ['auto', 'bars', 'lines', 'json', 'none'], default: 'auto', describe: 'progress display: bars on a terminal, lines otherwise (auto); json: one JSON object per line (the default with --json)' },
  'progress-interval': { type: 'number', group: OUT, describe: 'seconds between progress lines (default 10)' },
  json: { type: 'boolean', group: OUT, describe: 'machine output: stdout gets one JSON document (the run report, as --report writes it; the plan with --dry-run), stderr one JSON object per line (progress, info, warning, error events)' },
  state: { type: 'string', group: STATE, describe: 'state file: checkpoints are saved as the destination acknowledges docs; a rerun resumes unfinished indices and skips finished ones' },
  'state-index': { type: 'string', group: STATE, describe: 'like --state, but kept in this index on the destination cluster (shared by several hosts)' },
  resume: { type: 'boolean', group: STATE, describe: 'with --state: continue unfinished indices from their checkpoints and skip finished ones (what a run with --state always does; stated for scripts)' },
  restart: { type: 'boolean', group: STATE, describe: 'with --state: ignore saved progress and copy everything again' },
  'force-lock': { type: 'boolean', group: STATE, describe: 'with --state: take over the state lock of a run that is known to be gone (e.g. a crashed host)' },
};

const COORD = 'Many hosts, one migration:';

export const coordinateSpecs: OptionSpecs = {
  coordinate: { type: 'string', group: COORD, describe: 'share this migration with every process started with the same NAME (any host): the first plans it into the index NAME on the destination, all claim work items under leases until every item is done' },
  coordinator: { type: 'string', group: COORD, describe: 'with --coordinate: keep the coordination index on this cluster URL instead of the destination (credentials in the URL or env ESFERRY_COORDINATOR_USER/_PASSWORD/_API_KEY)' },
  'lease-ttl': { type: 'number', group: COORD, describe: 'with --coordinate: seconds without a renewal after which another worker takes an item over (default 60; set by the first worker for all)' },
  'split-docs': { type: 'number', group: COORD, describe: 'with --coordinate: an index with more documents is split into slices that run on several workers at once (default 5000000)' },
  'retry-failed': { type: 'boolean', group: COORD, describe: 'with --coordinate: claim failed items again (once each)' },
};

export function runOptionSpecs(kind: 'run' | 'copy'): OptionSpecs {
  const index = { ...selectionSpecs.index!, alias: 'source-index', describe: 'source index name(s) or wildcard(s), comma-separated (alias --source-index)' };
  const selection: OptionSpecs = kind === 'run'
    ? { list: selectionSpecs.list!, index: { ...index, describe: `${index.describe as string}, instead of --list` }, ...destIndexSpec, ...shardSpecs }
    : { index, ...destIndexSpec };
  return { ...connectionSpecs, ...selection, ...missingSpec, ...engineOptionSpecs, ...workflowSpecs, ...coordinateSpecs };
}

/** every file the run will write, and a saved state, are checked before connecting (exit 2) */
async function checkOutputs(argv: Argv, stateFile: string | undefined): Promise<void> {
  if (argv['dead-letter'] !== undefined) await prepareOutputFile(String(argv['dead-letter']), '--dead-letter');
  if (argv.report !== undefined) await prepareOutputFile(String(argv.report), '--report');
  if (stateFile !== undefined) {
    await prepareOutputFile(stateFile, '--state');
    await prepareOutputFile(`${stateFile}.lock`, '--state (its lock file)');
    // a damaged state file is refused now, not after destination indices were created
    await new FileStateStore(stateFile).load();
  }
  if (argv['state-index'] !== undefined) {
    const name = String(argv['state-index']);
    const problem = indexNameProblem(name, false);
    if (problem) throw new UsageError(`--state-index: invalid index name ${showName(name)}: ${problem}`);
  }
}

export async function runCommand(kind: 'run' | 'copy', argv: Argv, out: Output): Promise<ExitCodeValue> {
  if (argv.quiet === true) out.quiet = true;
  if (argv.json === true) out.jsonLines = true;
  if (kind === 'run' && argv.list === undefined && argv.index === undefined) throw new UsageError('--list FILE (one index name or wildcard per line) or --index NAMES is required');
  if (kind === 'copy' && argv.index === undefined) throw new UsageError('--index is required (the source index name or pattern, e.g. --index logs-2026.11.01)');
  const conn = sides(argv, out);
  const entries = await listEntries(argv);
  const rename = renameArgs(argv, entries);
  const stateFile = argv.state as string | undefined;
  const stateIndex = argv['state-index'] as string | undefined;
  const withState = stateFile !== undefined || stateIndex !== undefined;
  if (stateFile !== undefined && stateIndex !== undefined) throw new UsageError('use either --state FILE or --state-index NAME, not both');
  if (!withState && (argv.restart === true || argv['force-lock'] === true || argv.resume === true)) {
    throw new UsageError('--resume, --restart and --force-lock need --state FILE or --state-index NAME (where the progress is saved)');
  }
  if (argv.resume === true && argv.restart === true) throw new UsageError('--resume and --restart contradict each other: choose one');
  if (withState && argv.recreate === true && argv.restart !== true) {
    throw new UsageError('--recreate with --state would delete documents the saved checkpoints count as copied: add --restart to start over');
  }
  const sinceLast = argv.since === 'last';
  if (sinceLast && !withState) throw new UsageError('--since last needs --state FILE or --state-index NAME (it copies what changed since the previous successful run)');
  if (sinceLast && argv['time-field'] === undefined) throw new UsageError('--since last needs --time-field (the date field that tells new documents apart)');
  const engineArgv: Argv = { ...argv, rename };
  if (sinceLast) delete engineArgv.since;
  const coordinate = coordinateOption(argv, withState, out);
  const engine = await buildEngineSettings(engineArgv);
  await checkOutputs(argv, stateFile);
  const { shard, shardBy } = shardOption(argv);
  const intervalS = argv['progress-interval'] === undefined ? 10 : Number(argv['progress-interval']);
  if (!Number.isFinite(intervalS) || intervalS <= 0) throw new UsageError('--progress-interval must be a number of seconds > 0');
  const input: RunInput = {
    command: kind,
    entries,
    source: conn.source,
    dest: conn.dest,
    engine,
    parallelIndices: positiveInteger(argv, 'parallel-indices', 1),
    shard,
    shardBy,
    dryRun: argv['dry-run'] === true,
    json: argv.json === true,
    recreate: argv.recreate === true,
    allowMissing: argv['allow-missing'] === true,
    ...(argv.list !== undefined ? { listFile: String(argv.list) } : {}),
    copyTemplates: argv['copy-templates'] === true,
    copyAliases: argv['copy-aliases'] === true,
    tune: argv.tune !== false,
    verify: argv.verify === true,
    sample: nonNegativeInteger(argv, 'sample', 0),
    reportFile: argv.report as string | undefined,
    progress: progressStyle(argv),
    progressIntervalMs: intervalS * 1000,
    state: withState
      ? { file: stateFile, index: stateIndex, restart: argv.restart === true, forceLock: argv['force-lock'] === true, ...(sinceLast ? { since: 'last' as const } : {}) }
      : undefined,
    ...(coordinate ? { coordinate } : {}),
  };
  return runWorkflow(input, out);
}

function coordinateOption(argv: Argv, withState: boolean, out: Output): CoordinateInput | undefined {
  const name = argv.coordinate as string | undefined;
  if (name === undefined) {
    for (const k of ['coordinator', 'lease-ttl', 'split-docs', 'retry-failed']) {
      if (argv[k] !== undefined) throw new UsageError(`--${k} works with --coordinate NAME (the shared migration)`);
    }
    return undefined;
  }
  const problem = indexNameProblem(String(name), false);
  if (problem) throw new UsageError(`--coordinate: "${String(name)}" cannot be an index name: ${problem}`);
  if (argv.shard !== undefined) throw new UsageError('--coordinate and --shard are two ways to split a migration: use one (--coordinate balances by itself)');
  if (withState) throw new UsageError('--coordinate keeps its own checkpoints in the coordination index: leave out --state/--state-index');
  if (argv.recreate === true) throw new UsageError('--recreate with --coordinate could delete what other workers copied: delete the destination indices before starting the workers');
  const ttl = argv['lease-ttl'] === undefined ? 60 : Number(argv['lease-ttl']);
  if (!Number.isFinite(ttl) || ttl <= 0) throw new UsageError('--lease-ttl must be a number of seconds > 0');
  const split = argv['split-docs'] === undefined ? DEFAULT_SPLIT_DOCS : Number(argv['split-docs']);
  if (!Number.isInteger(split) || split < 1) throw new UsageError('--split-docs must be a whole number >= 1');
  const coordinatorUrl = argv.coordinator as string | undefined;
  return {
    name: String(name),
    ...(coordinatorUrl !== undefined ? { coordinator: buildConnectOptions('coordinator', argv, process.env, out.redactor) } : {}),
    leaseMs: ttl * 1000,
    splitDocs: split,
    retryFailed: argv['retry-failed'] === true,
  };
}

/** --json turns the automatic progress display into JSON lines */
function progressStyle(argv: Argv): ProgressStyle {
  const given = (argv.progress as ProgressStyle | undefined) ?? 'auto';
  return given === 'auto' && argv.json === true ? 'json' : given;
}
