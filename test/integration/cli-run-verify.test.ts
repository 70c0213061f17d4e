// CLI: `run --list` copies three indices of a list file, `verify` agrees (exit 0), and after one
// document is deleted on the destination `verify` reports the mismatch (exit 4). In-process over
// the version matrix (the spawned binary: cli-binary.test.ts).
import { test } from 'node:test';
import { clusterPairs } from '../support/clusters.js';
import { cliInProcess } from './support/cli.js';
import { runAndVerify } from './support/run-verify.js';

for (const pair of clusterPairs()) {
  test(`run --list + verify (exit 0, then 4 after a destination delete): ${pair.label}`, () => runAndVerify(pair, cliInProcess));
}
