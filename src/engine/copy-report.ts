// Folds the per-index results into the report of the whole copy.
import type { CopyReport, Outcome } from './types.js';
import type { IndexResult } from './copy-index.js';

export interface ReportInput {
  results: IndexResult[];
  cancelled: boolean;
  deadLetterFiles: string[];
  writers: CopyReport['writers'];
  startedAt: Date;
  finishedAt: Date;
}

export function buildCopyReport(r: ReportInput): CopyReport {
  const sum = (f: (x: IndexResult) => number) => r.results.reduce((n, x) => n + f(x), 0);
  const durationMs = r.finishedAt.getTime() - r.startedAt.getTime();
  const totals = {
    total: sum((x) => x.report.total),
    read: sum((x) => x.report.read),
    written: sum((x) => x.report.written),
    skipped: sum((x) => x.report.skipped),
    deadLettered: sum((x) => x.report.deadLettered),
    dropped: sum((x) => x.report.dropped),
    notWritten: sum((x) => x.report.notWritten ?? 0),
    overwritten: sum((x) => x.report.overwritten ?? 0),
    added: sum((x) => x.report.added),
    retries: sum((x) => x.report.retries),
    rejectedItems: sum((x) => x.report.rejectedItems),
    durationMs,
  };
  const failed = r.results.filter((x) => x.outcome === 'failed');
  let outcome: Outcome = 'success';
  let reason: string | undefined;
  if (failed.length > 0) {
    outcome = 'failed';
    reason = failed.map((x) => x.reason).join('; ');
  } else if (r.cancelled || r.results.some((x) => x.outcome === 'cancelled')) {
    outcome = 'cancelled';
    reason = r.results.find((x) => x.outcome === 'cancelled')?.reason ?? 'cancelled before copying';
  }
  const report: CopyReport = {
    outcome,
    indices: r.results.map((x) => x.report),
    totals,
    accountingOk: r.results.every((x) => x.accountingOk),
    bytesRead: sum((x) => x.report.bytesRead ?? 0),
    bytesWritten: sum((x) => x.report.bytesWritten ?? 0),
    docsPerSecond: durationMs > 0 ? Math.round(((totals.written + totals.skipped) * 1000) / durationMs) : 0,
    writers: r.writers,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
  };
  if (reason) report.reason = reason;
  if (r.deadLetterFiles.length > 0) report.deadLetterFile = r.deadLetterFiles.join(',');
  return report;
}
