// `npm run demo`: a complete migration on this machine. Two test clusters start in-process (an
// Elasticsearch 6.8 source holding three daily indices of the shared log corpus, an
// Elasticsearch 8.x destination), then the real `esferry plan` and `esferry run` paths copy them
// with progress, verification and a JSON report.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { main } from './main.js';

const DAYS = ['logs-2026.11.01', 'logs-2026.11.02', 'logs-2026.11.03'];
const DOCS_PER_DAY = Number(process.env.ESFERRY_DEMO_DOCS ?? 20_000);

async function demo(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-demo-'));
  process.stderr.write('starting test clusters: source Elasticsearch 6.8, destination Elasticsearch 8.x ...\n');
  const source = await startTestCluster({ version: '6.8' });
  const dest = await startTestCluster({ version: '8' });
  try {
    for (const day of DAYS) {
      await source.seedCorpus(day, DOCS_PER_DAY);
      process.stderr.write(`  seeded ${day}: ${DOCS_PER_DAY.toLocaleString('en-US')} docs\n`);
    }
    const list = join(dir, 'indices.txt');
    await writeFile(list, '# the November log indices\nlogs-2026.11.*\n');
    const report = join(dir, 'report.json');
    const common = ['--source', source.url, '--dest', dest.url, '--list', list];
    process.stderr.write(`\n$ esferry plan --source ${source.url} --dest ${dest.url} --list ${list}\n`);
    const planCode = await main(['plan', ...common]);
    if (planCode !== 0) return planCode;
    process.stderr.write(`\n$ esferry run --source ${source.url} --dest ${dest.url} --list ${list} --parallel-indices 2 --verify --sample 200 --report ${report}\n`);
    const code = await main(['run', ...common, '--parallel-indices', '2', '--verify', '--sample', '200', '--report', report, '--progress-interval', '2']);
    process.stderr.write(`\nexit code ${code}; the JSON report is in ${report}\n`);
    return code;
  } finally {
    await Promise.allSettled([source.close(), dest.close()]);
  }
}

process.exitCode = await demo();
