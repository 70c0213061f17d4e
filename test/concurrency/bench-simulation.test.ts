// The adaptive bench's own logic on the simulation backend: table, plot and target checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureAdaptive } from '../../native-free-bench/adaptive/run.js';

test('bench on the simulated pool: adaptive meets its targets and the report shows it', async () => {
  const r = await measureAdaptive({ smoke: true, backend: 'simulation', outFile: null });
  assert.equal(r.backend, 'simulation');
  assert.deepEqual(r.runs.map((x) => x.contender), ['adaptive (start 4)', 'fixed 1', 'fixed 32']);
  for (const run of r.runs) assert.equal(run.written, r.config.totalDocs, `${run.contender} wrote everything`);
  assert.ok(r.checks.length === 4 && r.checks.every((c) => c.ok), JSON.stringify(r.checks));
  const fixed32 = r.runs.find((x) => x.contender === 'fixed 32')!;
  assert.ok(fixed32.rejectedItems > 0);
  assert.match(r.markdown, /\| adaptive \(start 4\) \| [\d.]+ s \| 12500 \|/);
  assert.match(r.markdown, /```\n {3}t {2}throughput/);
});
