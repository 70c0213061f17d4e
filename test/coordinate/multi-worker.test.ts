// Smoke version of the multi-worker kill scenario (the long one: npm run test:coordinate-long).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from './support/scenario.js';

test('3 workers share one list (one index split in 3 items); one killed with SIGKILL; every doc present once, every item done, tuning restored', async () => {
  const r = await runScenario({
    sourceVersion: '6.8', destVersion: '8.15', workers: 3, smallIndices: 5, smallDocs: 300, largeIndices: 1, largeDocs: 3000, splitDocs: 1000,
    kills: 1, maxClaimsBeforeKill: 1, leaseTtlS: 2, seed: 7,
  });
  assert.equal(r.items, 8);
  assert.equal(r.killed, 1, 'a worker was killed while it held an item');
});
