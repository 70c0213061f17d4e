// The long multi-worker kill scenario: 4 workers over a 40-index list with 2 large indices split
// into several items, two workers killed with SIGKILL at random moments.
// Run: npm run test:coordinate-long [-- --seed N]
import { runScenario } from './support/scenario.js';

const seedArg = process.argv.indexOf('--seed');
const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : Date.now() % 100_000;
const r = await runScenario({
  sourceVersion: process.env.SOURCE_VERSION ?? '6.8', destVersion: process.env.DEST_VERSION ?? '8.15',
  workers: 4, smallIndices: 38, smallDocs: 500, largeIndices: 2, largeDocs: 20_000, splitDocs: 5000,
  kills: 2, leaseTtlS: 3, seed, log: (l) => console.log(l),
});
console.log(`seed ${seed}: ok — ${r.items} items, ${r.docs} docs, ${r.killed} workers killed, ${r.takenOver} items taken over, ${r.rewritten} docs written twice, ${(r.wallMs / 1000).toFixed(1)} s`);
