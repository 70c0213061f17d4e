// The same run --list + verify story through the real binary (node --import tsx src/cli/main.ts),
// spawned, for one version pair (the first of the matrix, or the real pair).
import { test } from 'node:test';
import { clusterPairs } from '../support/clusters.js';
import { cliSpawned } from './support/cli.js';
import { runAndVerify } from './support/run-verify.js';

const pair = clusterPairs()[0]!;
test(`the esferry binary: run --list + verify: ${pair.label}`, () => runAndVerify(pair, cliSpawned));
