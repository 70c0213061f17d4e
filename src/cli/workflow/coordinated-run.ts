// `esferry run --coordinate NAME`: this process joins a migration shared through a coordination
// index (on the destination or --coordinator) and works items until every item has ended. The
// worker itself is src/workflow/coordinated.ts (the library runs the same); here: signals, output,
// --verify's table and the --report file of this worker.
import type { CopyHandle } from '../../engine/types.js';
import { renderCoordStatus } from '../../coordinate/status.js';
import type { Plan } from '../../plan/build-plan.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { writeReportFile } from '../../report/run-report.js';
import { renderVerification } from '../../report/verify.js';
import { curlAuthHint } from '../connection-options.js';
import type { EngineSettings } from '../engine-options.js';
import { buildQuery } from '../../read/search-body.js';
import type { Output } from '../output.js';
import { SignalGuard } from '../signals.js';
import { defaultDeadLetterPath } from '../../write/dead-letter.js';
import type { CopyFn } from '../../workflow/copy-one-index.js';
import { runCoordinatedMigration, type CoordinateOptions } from '../../workflow/coordinated.js';
import type { ConnectedSide } from '../../workflow/sides.js';

export type CoordinateInput = CoordinateOptions;

export interface CoordinatedRun {
  coordinate: CoordinateInput;
  plan: Plan;
  source: ConnectedSide;
  dest: ConnectedSide;
  engine: EngineSettings;
  tune: boolean;
  copyTemplates: boolean;
  copyAliases: boolean;
  verify: boolean;
  sample: number;
  reportFile?: string;
  copy: CopyFn;
  /** --json: the end status as one JSON document instead of the table */
  json?: boolean;
}

export async function runCoordinated(r: CoordinatedRun, out: Output): Promise<ExitCodeValue> {
  const startedAt = new Date();
  const controller = new AbortController();
  const handles = new Set<CopyHandle>();
  const guard = new SignalGuard(
    (sig) => {
      out.warn(`${sig}: handing the item back (others continue it from its checkpoint); send again to exit at once`);
      controller.abort(new Error(`cancelled by ${sig}`));
      for (const h of handles) h.cancel(`cancelled by ${sig}`);
    },
    (sig) => {
      out.warn(`${sig} again: exiting now; the item's lease expires and another worker takes it over`);
      process.exit(ExitCode.cancelled);
    },
  ).install();
  try {
    const query = buildQuery(r.engine.options);
    const result = await runCoordinatedMigration({
      coordinate: r.coordinate, plan: r.plan, source: r.source, dest: r.dest, copy: r.copy, signal: controller.signal, handles,
      settings: { engineOptions: r.engine.options, rename: r.engine.rename, typeHandling: r.engine.typeHandling, copyTemplates: r.copyTemplates, copyAliases: r.copyAliases, tune: r.tune, deadLetterPath: (index) => defaultDeadLetterPath(index) },
      ...(r.verify ? { verify: { sample: r.sample, ...(query ? { query } : {}) } } : {}),
      log: (line) => out.info(line),
      ...(curlAuthHint(r.dest.options) ? { curlAuthHint: curlAuthHint(r.dest.options)! } : {}),
    });
    const mine = result.items.filter((i) => i.outcome === 'done').length;
    if (r.json) {
      out.result(JSON.stringify({ coordinate: r.coordinate.name, finishedByThisWorker: mine, ...result.status, ...(result.verification ? { verification: result.verification } : {}) }, null, 2));
    } else {
      out.result(renderCoordStatus(result.status, r.coordinate.name));
      if (result.verification) out.result(renderVerification(result.verification));
    }
    out.info(`this worker finished ${mine} item(s)`);
    const code = controller.signal.aborted
      ? ExitCode.cancelled
      : !result.allDone
        ? ExitCode.failed
        : result.verification && !result.verification.ok
          ? ExitCode.verifyMismatch
          : ExitCode.success;
    if (r.reportFile) {
      // one report per worker: what it did, and the whole migration as the coordination index holds it
      const report = {
        tool: 'esferry', command: 'run --coordinate', coordinate: r.coordinate.name, worker: result.owner, planned: result.planned,
        outcome: code === ExitCode.success ? 'success' : code === ExitCode.cancelled ? 'cancelled' : 'failed', exitCode: code,
        startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(),
        source: { nodes: r.source.transport.redactedNodes, version: r.plan.source.version },
        dest: { nodes: r.dest.transport.redactedNodes, version: r.plan.dest.version },
        items: result.items.map((i) => ({ item: i.item.id, sourceIndex: i.item.sourceIndex, destIndex: i.item.destIndex, outcome: i.outcome, error: i.error, totals: i.report?.totals })),
        migration: result.status,
        verification: result.verification,
      };
      try {
        await writeReportFile(r.reportFile, report, (s) => out.redactor.redact(s));
        out.info(`report: ${r.reportFile}`);
      } catch (err) {
        out.error(`cannot write the report to ${r.reportFile}: ${(err as Error).message}`);
        return code === ExitCode.success ? ExitCode.failed : code;
      }
    }
    return code;
  } finally {
    guard.uninstall();
  }
}
