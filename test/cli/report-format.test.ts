import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { exitCodeForOutcome, ExitCode } from '../../src/report/exit-codes.js';
import { renderFailedRestores, renderSummary, totalsOf, type RunReport } from '../../src/report/run-report.js';
import { formatBytes, formatNumber, formatTable } from '../../src/report/table.js';
import { deepEqualJson } from '../../src/report/verify.js';

test('deep JSON equality ignores key order, not values or array order', () => {
  assert.ok(deepEqualJson({ a: 1, b: { c: [1, { d: 'x' }] } }, { b: { c: [1, { d: 'x' }] }, a: 1 }));
  assert.ok(!deepEqualJson({ a: [1, 2] }, { a: [2, 1] }));
  assert.ok(!deepEqualJson({ a: 1 }, { a: 1, b: null }));
  assert.ok(!deepEqualJson({ a: '1' }, { a: 1 }));
  assert.ok(!deepEqualJson(undefined, {}));
});

test('tables right-align numeric columns and show missing cells as -', () => {
  const t = formatTable(['name', 'docs'], [['a', 1000], ['bb', null]]);
  assert.equal(t, 'name   docs\n----  -----\na     1,000\nbb        -');
  assert.equal(formatBytes(1536), '1.5 KiB');
});

test('numbers print as toLocaleString en-US with at most one decimal, without ICU', () => {
  const icu = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  for (const n of [0, -0, 12, -12345, 1234567, 0.05, 0.15, 0.95, 1.45, 999.95, -999.95, -0.01, 2.5e-7, 123456789.123, 4503599627370495.5, 1e21, 1.7976931348623157e308, 5e-324, NaN, Infinity]) {
    assert.equal(formatNumber(n), Number.isFinite(n) ? icu(n) : String(n), String(n));
  }
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => formatNumber(n) === icu(n)), { numRuns: 5000 });
  fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 999 }), (i, f) => formatNumber(i + f / 1000) === icu(i + f / 1000)), { numRuns: 5000 });
});

test('exit codes follow the outcome and the verification', () => {
  assert.equal(exitCodeForOutcome('success'), ExitCode.success);
  assert.equal(exitCodeForOutcome('success', false), ExitCode.verifyMismatch);
  assert.equal(exitCodeForOutcome('failed'), 1);
  assert.equal(exitCodeForOutcome('cancelled'), 130);
});

test('summary shows accounting problems and unrestored settings', () => {
  const base = { sourceIndex: 'a', destIndex: 'a', total: 10, read: 10, written: 9, skipped: 0, deadLettered: 1, dropped: 0, added: 0, retries: 3, rejectedItems: 2, durationMs: 1000, readMode: 'scroll' as const, bulks: { requests: 12, docsP10: 450, docsP50: 1000, bytesMean: 600_000 } };
  const indices = [{ sourceIndex: 'a', destIndex: 'a', destination: 'create', status: 'failed' as const, report: base, deadLetterFile: 'dl.ndjson', accountingOk: false }];
  const tuning = [{ index: 'a', original: { refresh_interval: null, number_of_replicas: '1' }, applied: { refresh_interval: '-1', number_of_replicas: '0' }, appliedAt: 'x', restoreCommand: 'curl ...', restoreError: 'boom' }];
  const report = {
    tool: 'esferry', command: 'run', outcome: 'failed', exitCode: 1, startedAt: '', finishedAt: '', durationMs: 1000,
    source: { nodes: [], version: '' }, dest: { nodes: [], version: '' }, unmatchedListEntries: [], indices, totals: totalsOf(indices, 1000),
    accountingOk: false, tuning, templates: [], aliases: [], conversions: [],
  } as RunReport;
  const text = renderSummary(report);
  assert.match(text, /ACCOUNTING MISMATCH/);
  assert.match(text, /bulks \(docs p10\/p50\)/);
  assert.match(text, /12 \(450\/1000\)/);
  assert.match(text, /a: 1 refused document\(s\) in dl\.ndjson/);
  assert.match(text, /tuning: 0\/1 destination indices restored/);
  assert.match(renderFailedRestores(tuning)!, /curl \.\.\.   # failed: boom/);
});
