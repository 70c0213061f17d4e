// The fault matrix's fast rows (`npm run faults` runs them all): clusters in child processes, the
// real CLI, small indices. Each row must end with every document in the destination or in the
// dead-letter file, and the destination's settings back to what they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../native-free-bench/faults/run.js';
import { SCENARIOS } from '../../native-free-bench/faults/scenarios.js';

for (const scenario of SCENARIOS.filter((s) => s.smoke)) {
  test(`fault matrix: ${scenario.name} — nothing lost`, async () => {
    const row = await runScenario(scenario, 1000);
    assert.equal(row.arrived + row.deadLettered, row.expected, JSON.stringify(row));
    assert.equal(row.exits.at(-1), '0', JSON.stringify(row));
    assert.equal(row.restored, true, JSON.stringify(row));
    assert.equal(row.met, true, JSON.stringify(row));
  });
}
