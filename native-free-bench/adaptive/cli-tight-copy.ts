// Issue-style measurement of a destination at capacity, run as a user runs it: the built CLI
// (`dist/`, build first) copies 100k corpus docs from a 6.8 source (5 primaries) into a 7.17
// destination whose write pool has 1 thread and queue 2; esferry creates the destination index
// from the source settings. Extra arguments go to `esferry copy` (e.g. `--writers 32`).
//   npx tsc -p tsconfig.json && node --import tsx native-free-bench/adaptive/cli-tight-copy.ts [--writers 32]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startChildCluster } from './cluster-backend.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = await startChildCluster({ version: '6.8', threads: 2, queueSize: 200, docsPerSecond: 1e9 }, ['logs:100000']);
const dst = await startChildCluster({ version: '7.17', threads: 1, queueSize: 2, docsPerSecond: 10_000 });
try {
  const started = performance.now();
  const args = ['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs', '--progress', 'none', ...process.argv.slice(2)];
  const cli = spawn(process.execPath, [`${root}dist/src/cli/main.js`, ...args], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));
  process.stdout.write(`exit ${code}, wall ${((performance.now() - started) / 1000).toFixed(1)} s (destination capacity 10,000 docs/s)\n`);
} finally {
  await src.stop();
  await dst.stop();
}
