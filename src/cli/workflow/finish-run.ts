// The end of a run: the report document, the summary (and verification) tables, the loud block for
// settings that could not be restored, the --report file and the exit code.
import type { AliasResult } from '../../meta/aliases.js';
import type { TemplateResult } from '../../meta/templates.js';
import type { TuningRecord } from '../../meta/tuning.js';
import type { Plan } from '../../plan/build-plan.js';
import { ExitCode, exitCodeForOutcome, type ExitCodeValue } from '../../report/exit-codes.js';
import { renderFailedRestores, renderSummary, totalsOf, writeReportFile, type IndexRunResult, type RunReport } from '../../report/run-report.js';
import { renderVerification, type VerifyResult } from '../../report/verify.js';
import type { Output } from '../output.js';
import type { RunInput } from './run-workflow.js';

export interface RunEnd {
  input: RunInput;
  plan: Plan;
  results: IndexRunResult[];
  startedAt: Date;
  outcome: RunReport['outcome'];
  reason?: string;
  verification?: VerifyResult;
  templates: TemplateResult[];
  aliases: AliasResult[];
  tuning: TuningRecord[];
  sourceNodes: string[];
  destNodes: string[];
  cancelled: boolean;
}

export function buildRunReport(end: RunEnd, finishedAt = new Date()): RunReport {
  const { input, plan, results, outcome, verification } = end;
  const durationMs = finishedAt.getTime() - end.startedAt.getTime();
  const exitCode = exitCodeForOutcome(outcome, verification?.ok ?? true);
  const deadLetterFiles = [...new Set(results.map((r) => r.deadLetterFile).filter((f): f is string => Boolean(f)))];
  return {
    tool: 'esferry',
    command: input.command,
    outcome,
    reason: end.reason,
    exitCode,
    startedAt: end.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs,
    source: { nodes: end.sourceNodes, version: plan.source.version },
    dest: { nodes: end.destNodes, version: plan.dest.version },
    shard: input.shard,
    unmatchedListEntries: plan.unmatched,
    indices: plan.items.map(
      (i) => results.find((r) => r.sourceIndex === i.source) ?? { sourceIndex: i.source, destIndex: i.dest, destination: i.action, status: end.cancelled ? 'cancelled' : 'not started' },
    ),
    totals: totalsOf(results, durationMs),
    accountingOk: results.every((r) => r.accountingOk !== false),
    deadLetterFile: input.engine.options.deadLetterFile ?? (deadLetterFiles.join(',') || undefined),
    tuning: end.tuning,
    templates: end.templates,
    aliases: end.aliases,
    conversions: plan.items.filter((i) => i.notes.length > 0).map((i) => ({ index: i.source, notes: i.notes })),
    verification,
  };
}

export async function finishRun(out: Output, end: RunEnd): Promise<ExitCodeValue> {
  const report = buildRunReport(end);
  if (end.input.json) {
    // --json: the report is the one document on stdout (progress went to stderr as JSON lines)
    out.result(JSON.stringify(report, null, 2));
  } else {
    out.result(renderSummary(report));
    if (report.verification) out.result(renderVerification(report.verification));
  }
  const loud = renderFailedRestores(report.tuning);
  if (loud) out.warn(loud);
  const file = end.input.reportFile;
  if (file) {
    try {
      await writeReportFile(file, report, (s) => out.redactor.redact(s));
      out.info(`report: ${file}`);
    } catch (err) {
      // a run asked for its report: without it the run is not done (exit 1 unless it failed otherwise)
      out.error(`cannot write the report to ${file}: ${(err as Error).message}`);
      return report.exitCode === ExitCode.success ? ExitCode.failed : report.exitCode;
    }
  }
  return report.exitCode;
}
