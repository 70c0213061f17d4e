// The fault matrix: every scenario against test clusters in child processes, with the real CLI.
//   node --import tsx native-free-bench/faults/run.ts [--docs N] [--only TEXT] [--readme]
// Exit 1 when a row does not meet its expected outcome.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/paths.js';
import { withMarkedSection } from '../report/readme-section.js';
import { SCENARIOS, type FaultRow, type Scenario } from './scenarios.js';
import { faultTable } from './table.js';

export async function runScenario(s: Scenario, docs: number): Promise<FaultRow> {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-faults-'));
  try {
    return { scenario: s.name, ...(await s.run({ docs, dir })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { docs: { type: 'string', default: '20000' }, only: { type: 'string' }, readme: { type: 'boolean', default: false } } });
  const docs = Number(values.docs);
  const chosen = SCENARIOS.filter((s) => !values.only || s.name.includes(values.only));
  const rows: FaultRow[] = [];
  for (const s of chosen) {
    const started = Date.now();
    process.stderr.write(`${s.name} ... `);
    const row = await runScenario(s, docs);
    process.stderr.write(`${row.met ? 'met' : 'NOT MET'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    rows.push(row);
  }
  const table = faultTable(rows);
  process.stdout.write(`${table}\n`);
  if (values.readme) {
    const command = `npm run faults -- --docs ${docs} --readme`;
    const readme = join(repoRoot, 'README.md');
    await writeFile(readme, withMarkedSection(await readFile(readme, 'utf8'), 'faults', `Produced by \`${command}\`.\n\n${table}\n`));
  }
  return rows.every((r) => r.met) ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) process.exitCode = await main();
