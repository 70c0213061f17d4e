// The library's copy(): what `esferry copy`/`run` do, for code. By default the destination index
// is created from the source's settings and mappings converted to the destination version, tuned
// for the load and restored after — the same shared workflow (src/workflow) the CLI runs.
// `metadata: false` copies documents only (the engine alone).
import { EventEmitter } from 'node:events';
import { EsferryError } from '../cluster/errors.js';
import { copy as engineCopy } from '../engine/copy.js';
import { buildCopyReport } from '../engine/copy-report.js';
import type { IndexResult } from '../engine/copy-index.js';
import type { Checkpoint, CopyHandle, CopyOptions, CopyReport, DeadLetterEvent, ProgressEvent } from '../engine/types.js';
import { checkCopyOptions, checkDestinationName } from '../engine/check-options.js';
import type { AliasResult } from '../meta/aliases.js';
import type { TemplateResult } from '../meta/templates.js';
import type { TuningRecord } from '../meta/tuning.js';
import { buildPlan, type Plan } from '../plan/build-plan.js';
import { renderPlan } from '../plan/render-plan.js';
import { unmatchedProblem } from '../plan/resolve.js';
import type { ProgressSink } from '../report/progress.js';
import type { IndexRunResult } from '../report/run-report.js';
import type { VerifyResult } from '../report/verify.js';
import { buildQuery } from '../read/search-body.js';
import { destinationTuner, fastCancel, migrateIndices, migrationOutcome, verifyMigration } from '../workflow/migrate.js';
import { runRefusal } from '../workflow/run-guards.js';
import { connectBoth, type ConnectedSides } from '../workflow/sides.js';
import { runCoordinatedMigration } from '../workflow/coordinated.js';
import { DEFAULT_SPLIT_DOCS } from '../coordinate/work-items.js';
import type { CoordStatus } from '../coordinate/status.js';
import type { ConnectOptions } from '../cluster/connect-options.js';
import { normalizedSides, planOptionsOf, renameRulesOf } from './selection.js';
import type { LogEvent, LogFields, Logger, LogLevel } from './logger.js';

/** Options of the library's copy(): the engine's options plus the metadata steps of `esferry copy`. */
export interface MigrateOptions extends CopyOptions {
  /**
   * Create the destination index from the source's settings and mappings converted to the
   * destination version (default true). `false`: documents only, as the engine alone does.
   */
  metadata?: boolean;
  /** delete and re-create destination indices that exist (default: copy into them as they are) */
  recreate?: boolean;
  /** refresh off and no replicas during the load, restored after — also on failure and abort (default true) */
  tune?: boolean;
  /** copy the legacy and composable index templates first, converted like index metadata */
  copyTemplates?: boolean;
  /** add the source indices' aliases to the copies after their data is in */
  copyAliases?: boolean;
  /** compare counts (and `sample` documents) after the copy; the result is in `report.verification` */
  verify?: boolean;
  /** documents compared per index with `verify` (default 0: counts only) */
  sample?: number;
  /** 2.x/5.x parent/child indices to 6.0+: the join field that replaces `_parent` */
  parentJoinField?: string;
  /** a pattern or name matching no source index is skipped instead of refused */
  allowMissing?: boolean;
  /** receives levelled, structured log events (debug/info/warn/error) */
  logger?: Logger;
  /**
   * `esferry run --coordinate NAME`: this copy is one worker of a migration shared by every process
   * started with the same name (on any host), through leases in a coordination index on the
   * destination (or `coordinator`). Templates are copied once per migration, aliases once per
   * destination index, and `verify` runs in each worker that sees the migration end.
   */
  coordinate?: { name: string; coordinator?: ConnectOptions; leaseMs?: number; splitDocs?: number; retryFailed?: boolean };
}

/** The report of a library copy: the engine's report plus what the metadata steps did. */
export interface MigrateReport extends CopyReport {
  /** what was planned: destination per index, create/recreate/existing, conversion notes */
  plan?: Plan;
  /** per index: status (copied, skipped, failed, cancelled) and the destination action */
  results?: IndexRunResult[];
  templates?: TemplateResult[];
  aliases?: AliasResult[];
  /** destination settings changed for the load and whether they were restored */
  tuning?: TuningRecord[];
  verification?: VerifyResult;
  /** with `coordinate`: this worker, the items it worked on, and every item's state at the end */
  coordination?: { worker: string; planned: boolean; items: Array<{ item: string; sourceIndex: string; destIndex: string; outcome: string; error?: string }>; status: CoordStatus };
}

/** Events of a copy, by name: the listener arguments. */
export interface CopyEvents {
  progress: [ProgressEvent];
  checkpoint: [Checkpoint];
  /** one readable line (the levelled form goes to `logger` and `logEvent`) */
  log: [string];
  logEvent: [LogEvent];
  /** an index finished (copied, skipped, failed or cancelled) */
  index: [IndexRunResult];
  /** a document the destination refused for good, when no `deadLetterFile` was given */
  deadLetter: [DeadLetterEvent];
}

type Listener<K extends keyof CopyEvents> = (...args: CopyEvents[K]) => void;

/** A running copy: typed events, `done`, cancel and abort. */
export interface MigrateHandle extends CopyHandle {
  on<K extends keyof CopyEvents>(event: K, listener: Listener<K>): this;
  once<K extends keyof CopyEvents>(event: K, listener: Listener<K>): this;
  off<K extends keyof CopyEvents>(event: K, listener: Listener<K>): this;
  readonly done: Promise<MigrateReport>;
}

const CANCEL_CAUSE = 'the abort signal';

class MigrateRun extends EventEmitter implements MigrateHandle {
  readonly done: Promise<MigrateReport>;
  private readonly cancelled = new AbortController();
  private readonly handles = new Set<CopyHandle>();
  private cancelNow?: (cause: string) => void;

  private readonly options: MigrateOptions;

  constructor(options: MigrateOptions) {
    super();
    this.options = normalizedSides(options);
    const signal = options?.signal;
    if (signal) {
      if (signal.aborted) this.cancelled.abort();
      else signal.addEventListener('abort', () => this.cancel(CANCEL_CAUSE), { once: true });
    }
    // start on the next turn so listeners attached right after copy() see every event
    this.done = new Promise<void>((r) => setImmediate(r)).then(() => this.run());
  }

  cancel(reason?: string): void {
    if (this.cancelled.signal.aborted) return;
    this.log('info', `cancelling${reason ? `: ${reason}` : ''}; reading stopped, letting the bulks already sent finish`, { event: 'cancel' });
    this.cancelled.abort(new Error(reason ?? 'cancelled'));
    this.cancelNow?.(reason ?? 'cancel()');
  }

  abort(reason?: string): void {
    this.cancel(reason);
    for (const h of this.handles) h.abort(reason);
  }

  private log(level: LogLevel, message: string, fields: LogFields): void {
    this.emit('log', message);
    this.emit('logEvent', { level, message, fields });
    this.options.logger?.[level](message, fields);
  }

  private async run(): Promise<MigrateReport> {
    const o = this.options;
    // the engine's checks, before connecting: a bad option is one clear error, nothing touched
    checkCopyOptions(o);
    if (o.metadata === false) return this.documentsOnly();
    const startedAt = new Date();
    const sides = await connectBoth(o.source, o.dest);
    try {
      const { source, dest } = sides;
      const typeHandling = o.typeHandling ?? 'auto';
      const rename = renameRulesOf(o);
      const plan = await buildPlan(source, dest, planOptionsOf(o));
      for (const item of plan.items) checkDestinationName(item.dest, item.source);
      const missing = unmatchedProblem(plan.unmatched, o.allowMissing === true);
      if (missing) throw new EsferryError('bad_input', `${missing}; nothing was written`);
      if (plan.items.length === 0) throw new EsferryError('bad_input', `no index on the source matches "${o.sourceIndex}"`);
      const refusal = runRefusal({ copyTemplates: o.copyTemplates === true, copyAliases: o.copyAliases === true }, plan, source, dest);
      if (refusal) throw new EsferryError('bad_input', refusal);
      if (plan.conflicts.length > 0) throw new EsferryError('bad_input', `${plan.conflicts.length} conflict(s) found before copying; nothing was written:\n${renderPlan(plan)}`);
      for (const item of plan.items) for (const note of item.notes) this.log('info', `${item.source}: ${note}`, { index: item.source, destIndex: item.dest, event: 'conversion' });

      if (o.coordinate) return await this.coordinated(o, o.coordinate, sides, plan, startedAt);
      const tuner = destinationTuner(dest);
      this.cancelNow = (cause) => fastCancel(this.handles, tuner, cause);
      if (this.cancelled.signal.aborted) this.cancelNow(CANCEL_CAUSE);
      const { signal: _s, logger: _l, metadata: _m, recreate: _r, tune, copyTemplates, copyAliases, verify, sample, parentJoinField: _p, allowMissing: _a, coordinate: _c, ...engine } = o;
      const { destIndex: _d, ...engineOptions } = engine;
      const run = await migrateIndices({
        plan, source, dest, tuner,
        progress: this.progressSink(),
        signal: this.cancelled.signal,
        copy: (opts) => this.watch(engineCopy(opts)),
        handles: this.handles,
        onIndex: (r) => this.emit('index', r),
        settings: {
          engineOptions,
          rename,
          typeHandling,
          parallelIndices: o.indexParallelism ?? 1,
          copyTemplates: copyTemplates === true,
          copyAliases: copyAliases === true,
          tune: tune !== false,
        },
      });
      const cancelled = this.cancelled.signal.aborted;
      const end = migrationOutcome(run, cancelled, `cancelled by ${CANCEL_CAUSE}`, tuner.pending.length);
      let verification: VerifyResult | undefined;
      if (verify && end.outcome === 'success') {
        const query = buildQuery(o);
        verification = await verifyMigration({ plan, source, dest }, run.results, { sample: sample ?? 0, ...(query ? { query } : {}) });
      }
      const report: MigrateReport = { ...this.foldReports(run.results, cancelled, startedAt), plan, results: run.results, templates: run.templates, aliases: run.aliases, tuning: tuner.all };
      report.outcome = end.outcome;
      // failed indices: their own reasons (the engine's words), not only how many
      const failed = run.results.filter((x) => x.status === 'failed' && x.error).map((x) => `${x.sourceIndex}: ${x.error}`);
      if (end.outcome === 'failed' && !run.fatal && failed.length > 0 && tuner.pending.length === 0) report.reason = failed.join('; ');
      else if (end.reason) report.reason = end.reason;
      else delete report.reason;
      if (verification) report.verification = verification;
      return report;
    } finally {
      await sides.close();
    }
  }

  /** one worker of a coordinated migration (the same worker `esferry run --coordinate` runs) */
  private async coordinated(o: MigrateOptions, c: NonNullable<MigrateOptions['coordinate']>, sides: ConnectedSides, plan: Plan, startedAt: Date): Promise<MigrateReport> {
    if (o.recreate) throw new EsferryError('bad_input', 'recreate with coordinate could delete what other workers copied: delete the destination indices before starting the workers');
    const { signal: _s, logger: _l, metadata: _m, recreate: _r, tune, copyTemplates, copyAliases, verify, sample, parentJoinField: _p, allowMissing: _a, coordinate: _c, destIndex: _d, ...engineOptions } = o;
    const query = buildQuery(o);
    const r = await runCoordinatedMigration({
      coordinate: { name: c.name, leaseMs: c.leaseMs ?? 60_000, splitDocs: c.splitDocs ?? DEFAULT_SPLIT_DOCS, retryFailed: c.retryFailed === true, ...(c.coordinator ? { coordinator: c.coordinator } : {}) },
      plan, source: sides.source, dest: sides.dest,
      settings: { engineOptions, rename: renameRulesOf(o), typeHandling: o.typeHandling ?? 'auto', copyTemplates: copyTemplates === true, copyAliases: copyAliases === true, tune: tune !== false },
      copy: (opts) => this.watch(engineCopy(opts)),
      signal: this.cancelled.signal,
      handles: this.handles,
      ...(verify ? { verify: { sample: sample ?? 0, ...(query ? { query } : {}) } } : {}),
      log: (line) => this.log('info', line, { event: 'coordinate' }),
    });
    const results: IndexResult[] = r.items.flatMap((i) => (i.report?.indices ?? []).map((report) => ({ report, outcome: i.outcome === 'done' ? ('success' as const) : i.outcome === 'cancelled' ? ('cancelled' as const) : ('failed' as const), ...(i.error ? { reason: i.error } : {}), accountingOk: i.report?.accountingOk ?? true })));
    const writers = r.items.map((i) => i.report?.writers).filter((w) => w !== undefined);
    const cancelled = this.cancelled.signal.aborted;
    const report: MigrateReport = {
      ...buildCopyReport({ results, cancelled, deadLetterFiles: [], writers: writers[writers.length - 1] ?? { final: 0, min: 0, max: 0, reason: 'no item copied by this worker' }, startedAt, finishedAt: new Date() }),
      plan,
      coordination: { worker: r.owner, planned: r.planned, items: r.items.map((i) => ({ item: i.item.id, sourceIndex: i.item.sourceIndex, destIndex: i.item.destIndex, outcome: i.outcome, ...(i.error ? { error: i.error } : {}) })), status: r.status },
      ...(r.verification ? { verification: r.verification } : {}),
    };
    // the migration's outcome, not only this worker's share
    if (cancelled) report.outcome = 'cancelled';
    else if (!r.allDone) {
      report.outcome = 'failed';
      report.reason = `${r.status.rows.filter((row) => row.state !== 'done').length} item(s) of the migration did not finish`;
    } else if (r.verification && !r.verification.ok) {
      report.outcome = 'failed';
      report.reason = 'verification found differences';
    }
    return report;
  }

  /** metadata: false — the engine alone, its events passed through */
  private async documentsOnly(): Promise<MigrateReport> {
    if (this.options.coordinate) throw new EsferryError('bad_input', 'coordinate needs the metadata step (each destination index is set up once by one worker): leave out metadata: false');
    const { logger: _l, metadata: _m, signal: _s, coordinate: _c, ...engine } = this.options;
    const h = this.watch(engineCopy({ ...engine, signal: this.cancelled.signal }));
    this.cancelNow = () => undefined;
    return h.done;
  }

  private watch(handle: CopyHandle): CopyHandle {
    this.handles.add(handle);
    handle.on('checkpoint', (cp) => this.emit('checkpoint', cp));
    handle.on('deadLetter', (d) => this.emit('deadLetter', d));
    if (this.options.metadata === false) {
      handle.on('progress', (p) => this.emit('progress', p));
      handle.on('log', (line) => this.log('info', line, { event: 'engine' }));
    }
    void handle.done.finally(() => this.handles.delete(handle)).catch(() => undefined);
    return handle;
  }

  private progressSink(): ProgressSink {
    return {
      start: (index, total) => this.log('debug', `${index}: copying ${total} documents`, { index, event: 'index-started', total }),
      update: (p) => this.emit('progress', p),
      finish: (index, line) => this.log('info', line, { index, event: 'index-finished' }),
      log: (line) => this.log('info', line, { event: 'workflow' }),
      warn: (line) => this.log('warn', line, { event: 'workflow' }),
      stop: () => undefined,
    };
  }

  private foldReports(results: IndexRunResult[], cancelled: boolean, startedAt: Date): CopyReport {
    const copied = results.filter((r): r is IndexRunResult & { report: NonNullable<IndexRunResult['report']> } => r.report !== undefined);
    const asEngine: IndexResult[] = copied.map((r) => ({
      report: r.report,
      outcome: r.status === 'failed' ? 'failed' : r.status === 'cancelled' ? 'cancelled' : 'success',
      ...(r.error ? { reason: r.error } : {}),
      accountingOk: r.accountingOk !== false,
    }));
    const w = copied.map((r) => r.writers).filter((x) => x !== undefined);
    const writers = w.length ? { final: w[w.length - 1]!.final, min: Math.min(...w.map((x) => x.min)), max: Math.max(...w.map((x) => x.max)), reason: w[w.length - 1]!.reason } : { final: 0, min: 0, max: 0, reason: 'nothing copied' };
    const deadLetterFiles = [...new Set(copied.map((r) => r.deadLetterFile).filter((f): f is string => Boolean(f)))];
    return buildCopyReport({ results: asEngine, cancelled, deadLetterFiles, writers, startedAt, finishedAt: new Date() });
  }
}

/**
 * Copies `sourceIndex` (a name, comma list, alias or wildcard pattern) from `source` to `dest` as
 * `esferry copy` does: the destination index is created from the source's settings and mappings
 * converted to the destination version (types kept, merged or dropped per `typeHandling`),
 * existing ones are copied into (or re-created with `recreate`), refresh and replicas are tuned
 * for the load and restored afterwards — on success, failure and abort alike, with the originals
 * kept in the index's `_meta.esferry_tuning` until they are back. `metadata: false` copies
 * documents only.
 *
 * Setup problems (bad input, an unreachable cluster, no matching index, metadata conflicts) reject
 * `done` with an {@link EsferryError} before anything is written; problems during the copy resolve
 * `done` with `outcome: 'failed'` and a `reason`. Aborting `signal` is the CLI's SIGTERM: reading
 * stops, bulks on the wire get 3 s, settings are restored.
 */
export function copy(options: MigrateOptions): MigrateHandle {
  return new MigrateRun(options);
}
