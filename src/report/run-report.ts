// The --report FILE document and the final summary table of a run: per-index accounting,
// throughput, retries, tuning changes and restores, metadata steps, verification and the outcome.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { IndexReport, Outcome } from '../engine/types.js';
import type { AliasResult } from '../meta/aliases.js';
import type { TemplateResult } from '../meta/templates.js';
import type { TuningRecord } from '../meta/tuning.js';
import type { ExitCodeValue } from './exit-codes.js';
import { formatDuration, formatNumber, formatTable } from './table.js';
import type { VerifyResult } from './verify.js';

export interface IndexRunResult {
  sourceIndex: string;
  destIndex: string;
  /** create | existing | recreate */
  destination: string;
  /** skipped: --state says a previous run already copied it */
  status: 'copied' | 'skipped' | 'failed' | 'cancelled' | 'not started';
  error?: string;
  report?: IndexReport;
  docsPerSecond?: number;
  writers?: { final: number; min: number; max: number; reason: string };
  bytesWritten?: number;
  accountingOk?: boolean;
  /** where refused documents of this index went */
  deadLetterFile?: string;
}

export interface RunReport {
  tool: 'esferry';
  command: string;
  outcome: Outcome;
  reason?: string;
  exitCode: ExitCodeValue;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  source: { nodes: string[]; version: string };
  dest: { nodes: string[]; version: string };
  /** --shard i/n, i counted from 1 */
  shard?: { share: number; count: number };
  unmatchedListEntries: { pattern: string; line: number }[];
  indices: IndexRunResult[];
  totals: { read: number; written: number; skipped: number; deadLettered: number; dropped: number; added: number; retries: number; rejectedItems: number; docsPerSecond: number };
  accountingOk: boolean;
  deadLetterFile?: string;
  tuning: TuningRecord[];
  templates: TemplateResult[];
  aliases: AliasResult[];
  conversions: { index: string; notes: string[] }[];
  verification?: VerifyResult;
}

export function totalsOf(indices: IndexRunResult[], durationMs: number): RunReport['totals'] {
  const t = { read: 0, written: 0, skipped: 0, deadLettered: 0, dropped: 0, added: 0, retries: 0, rejectedItems: 0, docsPerSecond: 0 };
  for (const i of indices) {
    const r = i.report;
    if (!r) continue;
    t.read += r.read;
    t.written += r.written;
    t.skipped += r.skipped;
    t.deadLettered += r.deadLettered;
    t.dropped += r.dropped;
    t.added += r.added;
    t.retries += r.retries;
    t.rejectedItems += r.rejectedItems;
  }
  t.docsPerSecond = durationMs > 0 ? Math.round((t.written / durationMs) * 1000) : 0;
  return t;
}

export function renderSummary(report: RunReport): string {
  const rows = report.indices.map((i) => [
    i.sourceIndex,
    i.destIndex,
    i.status,
    i.report?.read,
    i.report?.written,
    i.report?.skipped,
    i.report?.deadLettered,
    i.report?.dropped,
    i.report?.retries,
    // how full the bulks were: a copy collapsing into small bulks shows here first
    i.report?.bulks ? `${formatNumber(i.report.bulks.requests)} (${i.report.bulks.docsP10}/${i.report.bulks.docsP50})` : '-',
    i.report ? formatDuration(i.report.durationMs) : '-',
    i.docsPerSecond,
  ]);
  const lines = ['', formatTable(['source', 'dest', 'status', 'read', 'written', 'skipped', 'dead', 'dropped', 'retries', 'bulks (docs p10/p50)', 'time', 'docs/s'], rows)];
  const t = report.totals;
  lines.push(
    `total: read ${formatNumber(t.read)}, written ${formatNumber(t.written)}, skipped ${formatNumber(t.skipped)}, dead-lettered ${formatNumber(t.deadLettered)}, dropped ${formatNumber(t.dropped)} in ${formatDuration(report.durationMs)} (${formatNumber(t.docsPerSecond)} docs/s)` +
      (report.accountingOk ? '' : ' — ACCOUNTING MISMATCH'),
  );
  for (const i of report.indices.filter((x) => x.error)) lines.push(`${i.sourceIndex}: ${i.error}`);
  for (const i of report.indices.filter((x) => x.deadLetterFile && (x.report?.deadLettered ?? 0) > 0)) {
    lines.push(`${i.sourceIndex}: ${i.report!.deadLettered} refused document(s) in ${i.deadLetterFile}`);
  }
  const failedRestores = report.tuning.filter((r) => r.appliedAt && !r.restoredAt);
  if (report.tuning.length > 0) lines.push(`tuning: ${report.tuning.length - failedRestores.length}/${report.tuning.length} destination indices restored`);
  lines.push(`outcome: ${report.outcome}${report.reason ? ` (${report.reason})` : ''}`);
  return lines.join('\n');
}

/** Loud block for restores that failed: the user must run these by hand. */
export function renderFailedRestores(records: TuningRecord[]): string | undefined {
  const failed = records.filter((r) => r.appliedAt && !r.restoredAt);
  if (failed.length === 0) return undefined;
  const lines = [
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    `!! ${failed.length} destination index setting(s) NOT restored (refresh off, no replicas).`,
    '!! Run these commands to restore them:',
    ...failed.map((r) => `${r.restoreCommand}${r.restoreError ? `   # failed: ${r.restoreError}` : ''}`),
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  ];
  return lines.join('\n');
}

export async function writeReportFile(file: string, report: object, redact: (s: string) => string): Promise<void> {
  await mkdir(dirname(resolve(file)), { recursive: true });
  await writeFile(file, redact(JSON.stringify(report, null, 2)) + '\n');
}
