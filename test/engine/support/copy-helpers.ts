// Shared set-up of the copy() tests against test clusters.
import assert from 'node:assert/strict';
import { startTestCluster } from '../../../fixtures/cluster/index.js';
import type { CopyOptions, CopyReport } from '../../../src/index.js';

export type TestCluster = Awaited<ReturnType<typeof startTestCluster>>;
type Opts = Parameters<typeof startTestCluster>[0];

export async function cluster(t: { after: (fn: () => Promise<void>) => void }, opts: Opts): Promise<TestCluster> {
  const c = await startTestCluster(opts);
  t.after(() => c.close());
  return c;
}

/** read + added === written + skipped + deadLettered + dropped, and the engine says so */
export function balanced(report: CopyReport): void {
  assert.equal(report.accountingOk, true, report.reason);
  const t = report.totals;
  assert.equal(t.read + t.added, t.written + t.skipped + t.deadLettered + t.dropped + (t.notWritten ?? 0));
}

export const base = (src: TestCluster, dst: TestCluster, extra: Partial<CopyOptions> = {}): CopyOptions => ({
  source: { nodes: src.url },
  dest: { nodes: dst.url },
  sourceIndex: 'logs',
  progressIntervalMs: 20,
  ...extra,
});
