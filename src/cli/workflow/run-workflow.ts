// `esferry run` / `esferry copy`: plan, metadata, tuned load per index (several in parallel),
// restores, aliases, optional verification, summary, report file and the exit code.
import type { ConnectOptions } from '../../cluster/connect-options.js';
import type { CopyHandle } from '../../engine/types.js';
import { buildPlan, type Plan } from '../../plan/build-plan.js';
import { runRefusal } from '../../workflow/run-guards.js';
import type { CopyFn } from '../../workflow/copy-one-index.js';
import { destinationTuner, fastCancel, migrateIndices, migrationOutcome, verifyMigration } from '../../workflow/migrate.js';
import type { ListEntry } from '../../plan/list-file.js';
import { renderPlan } from '../../plan/render-plan.js';
import { unmatchedProblem } from '../../plan/resolve.js';
import { shardLabel, type ShardBy, type ShardSpec } from '../../plan/shard.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { createProgress, type ProgressStyle } from '../../report/progress.js';
import { renderFailedRestores } from '../../report/run-report.js';
import { formatNumber } from '../../report/table.js';
import { copyChanges, type VerifyResult } from '../../report/verify.js';
import { describeError, ExitError } from '../cli-error.js';
import { curlAuthHint } from '../connection-options.js';
import type { EngineSettings } from '../engine-options.js';
import { buildQuery } from '../../read/search-body.js';
import type { Output } from '../output.js';
import { SignalGuard } from '../signals.js';
import { defaultDeadLetterPath } from '../../write/dead-letter.js';
import { connectBoth } from './sides.js';
import type { CoordinateInput } from './coordinated-run.js';
import { finishRun } from './finish-run.js';
import { openStateStore } from '../../state/open-store.js';
import type { StateLock, StateStore } from '../../state/store.js';

export interface RunInput {
  command: string;
  entries: ListEntry[];
  source: ConnectOptions;
  dest: ConnectOptions;
  engine: EngineSettings;
  parallelIndices: number;
  shard?: ShardSpec;
  shardBy: ShardBy;
  dryRun: boolean;
  json: boolean;
  recreate: boolean;
  /** --allow-missing: a list entry matching no source index is a warning, not exit 2 */
  allowMissing: boolean;
  /** --list FILE, to name lines in messages */
  listFile?: string;
  copyTemplates: boolean;
  copyAliases: boolean;
  tune: boolean;
  verify: boolean;
  sample: number;
  reportFile?: string;
  progress: ProgressStyle;
  progressIntervalMs: number;
  /** --state FILE / --state-index NAME: remember progress, resume, skip what is done */
  state?: { file?: string; index?: string; restart: boolean; forceLock: boolean; since?: string | number | 'last' };
  /** the engine's copy(); loaded lazily so plan/verify/status work without it */
  copy?: CopyFn;
  /** --coordinate NAME: share one migration with every process started with the same NAME */
  coordinate?: CoordinateInput;
}

async function loadCopy(): Promise<CopyFn> {
  const mod = await import('../../engine/copy.js');
  return mod.copy as CopyFn;
}

export async function runWorkflow(input: RunInput, out: Output): Promise<ExitCodeValue> {
  const startedAt = new Date();
  const sides = await connectBoth(input.source, input.dest);
  try {
    const { source, dest } = sides;
    const countQuery = buildQuery(input.engine.options);
    const plan = await buildPlan(source, dest, {
      entries: input.entries,
      rename: input.engine.rename,
      typeHandling: input.engine.typeHandling,
      recreate: input.recreate,
      shard: input.shard,
      shardBy: input.shardBy,
      query: countQuery,
      ...(input.engine.parentJoinField ? { parentJoinField: input.engine.parentJoinField } : {}),
      ...(input.engine.options.idTemplate ? { idTemplate: input.engine.options.idTemplate } : {}),
      ...(input.engine.options.timeField ? { timeField: input.engine.options.timeField } : {}),
    });
    const missing = unmatchedProblem(plan.unmatched, input.allowMissing, input.listFile);
    if (input.dryRun) {
      out.result(input.json ? JSON.stringify(plan, null, 2) : renderPlan(plan));
      if (missing) out.error(missing);
      return plan.conflicts.length > 0 || missing ? ExitCode.badInput : ExitCode.success;
    }
    if (missing) throw new ExitError(`${missing}; nothing was written`, ExitCode.badInput);
    const refusal = runRefusal(input, plan, source, dest);
    if (refusal) {
      // one line, before anything else is printed or touched: this run would damage a cluster
      out.error(refusal);
      return ExitCode.badInput;
    }
    if (plan.conflicts.length > 0) {
      out.warn(renderPlan(plan));
      out.error(`${plan.conflicts.length} conflict(s) found before copying; nothing was written (see above; e.g. --types merge:FIELD, --rename)`);
      return ExitCode.badInput;
    }
    if (plan.items.length === 0) {
      if (plan.resolvedCount > 0) {
        out.info(`nothing to copy for shard ${input.shard ? shardLabel(input.shard) : ''}: the other shares hold all ${plan.resolvedCount} indices`);
        return ExitCode.success;
      }
      const names = plan.unmatched.map((u) => `"${u.pattern}"`).join(', ');
      out.error(`no index on the source matches ${names} (check the names; esferry status --source URL --dest URL --index '*' lists them)`);
      return ExitCode.badInput;
    }
    for (const u of plan.unmatched) out.warn(`warning: "${u.pattern}" (${input.listFile !== undefined ? `${input.listFile}:${u.line}` : '--index'}) matches no index on the source (--allow-missing)`);
    out.info(`esferry ${input.command}: ${plan.items.length} indices, ${formatNumber(plan.totals.docs)} docs from ${plan.source.label} (${plan.source.version}) to ${plan.dest.label} (${plan.dest.version})`);
    if (input.coordinate) {
      const { source: s, dest: d } = sides;
      // loaded only for --coordinate: a plain copy does not pay for the coordination modules
      const { runCoordinated } = await import('./coordinated-run.js');
      return await runCoordinated({
        coordinate: input.coordinate, plan, source: s, dest: d, engine: input.engine, tune: input.tune, copy: input.copy ?? (await loadCopy()),
        copyTemplates: input.copyTemplates, copyAliases: input.copyAliases, verify: input.verify, sample: input.sample, ...(input.reportFile ? { reportFile: input.reportFile } : {}), json: input.json,
      }, out);
    }
    return await execute(input, out, plan, sides, startedAt);
  } finally {
    await sides.close();
  }
}

async function execute(
  input: RunInput,
  out: Output,
  plan: Plan,
  sides: Awaited<ReturnType<typeof connectBoth>>,
  startedAt: Date,
): Promise<ExitCodeValue> {
  const { source, dest } = sides;
  const copy = input.copy ?? (await loadCopy());
  const controller = new AbortController();
  const handles = new Set<CopyHandle>();
  // always there: even with --no-tune it restores what an interrupted earlier run left tuned
  const tuner = destinationTuner(dest, curlAuthHint(input.dest));
  const progress = createProgress({
    style: input.progress,
    quiet: out.quiet,
    stream: out.errStream as NodeJS.WritableStream & { isTTY?: boolean },
    write: (line) => out.info(line),
    warn: (line) => out.warn(line),
    intervalMs: input.progressIntervalMs,
    event: (e, always) => out.event(e, always),
  });
  const guard = new SignalGuard(
    (sig) => {
      progress.warn(`${sig}: cancelling — reading stopped, waiting for the bulks already sent, then restoring destination settings (send again to exit at once)`);
      controller.abort(new Error(`cancelled by ${sig}`));
      fastCancel(handles, tuner, sig);
    },
    (sig) => {
      progress.stop();
      const pending = renderFailedRestores(tuner.pending);
      out.warn(`${sig} again: exiting now.${pending ? `\n${pending}` : ''}`);
      process.exit(ExitCode.cancelled);
    },
  ).install();

  let store: StateStore | undefined;
  let lock: StateLock | undefined;
  if (input.state) {
    store = openStateStore({ file: input.state.file, index: input.state.index, dest: { transport: dest.transport, dialect: dest.cluster.dialect } });
    try {
      lock = store?.lock ? await store.lock(undefined, { force: input.state.forceLock }) : undefined;
    } catch (err) {
      guard.uninstall();
      progress.stop();
      throw new ExitError(`${describeError(err)} (another run may be using this state; --force-lock takes it over when that run is gone)`, ExitCode.failed);
    }
  }
  const stateJob = store && input.state ? { store, restart: input.state.restart, ...(input.state.since !== undefined ? { since: input.state.since } : {}) } : undefined;
  const run = await migrateIndices({
    plan, source, dest, tuner, progress, copy, handles, signal: controller.signal,
    settings: {
      engineOptions: { ...input.engine.options, progressIntervalMs: Math.min(input.progressIntervalMs, 1000) },
      rename: input.engine.rename,
      typeHandling: input.engine.typeHandling,
      parallelIndices: input.parallelIndices,
      copyTemplates: input.copyTemplates,
      copyAliases: input.copyAliases,
      tune: input.tune,
      // the CLI keeps refused documents in a file by default (the library does not)
      deadLetterPath: (index) => defaultDeadLetterPath(index),
    },
    ...(stateJob ? { state: stateJob } : {}),
  });
  await lock?.release().catch(() => undefined);
  progress.stop();
  const { results, templates, aliases } = run;
  const cancelled = controller.signal.aborted;
  let { outcome, reason } = migrationOutcome(run, cancelled, `cancelled by ${guard.received ?? 'signal'}`, tuner.pending.length);
  let verification: VerifyResult | undefined;
  if (input.verify && outcome === 'success') {
    try {
      verification = await verifyMigration({ plan, source, dest }, results, { sample: input.sample, query: buildQuery(input.engine.options), changes: copyChanges(input.engine.typeHandling, input.engine.options.idTemplate) });
      if (input.engine.options.transform || input.engine.options.sourceIncludes || input.engine.options.sourceExcludes) {
        out.info('note: a transform or source filtering was used, so sampled _source differences can be expected');
      }
    } catch (err) {
      outcome = 'failed';
      reason = `verification could not run: ${describeError(err)}`;
    }
  }
  guard.uninstall();
  return finishRun(out, {
    input, plan, results, startedAt, outcome, reason, verification, templates, aliases, tuning: tuner.all,
    sourceNodes: source.transport.redactedNodes, destNodes: dest.transport.redactedNodes, cancelled,
  });
}
