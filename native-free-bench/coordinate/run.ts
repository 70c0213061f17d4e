// Coordinated migration bench: one list copied by 1, 2 and 4 `esferry run --coordinate` workers
// (processes on this host), test clusters in their own processes, a fresh destination per run.
// Reports wall time and throughput per worker; every run's destination counts are checked.
import { loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClusterProcess, type ClusterProcess } from '../lib/cluster-process.js';
import { nodeScript } from '../lib/paths.js';
import { seedCorpus } from '../corpus/seed.js';

export interface CoordinatedBenchOptions {
  indices: number;
  docsPerIndex: number;
  workers: number[];
  log: (line: string) => void;
}

interface Row {
  workers: number;
  wallS: number;
  docsPerS: number;
  perWorker: number;
  verified: boolean;
}

function runWorker(args: string[]): Promise<number | null> {
  const { execArgv, script } = nodeScript('src/cli/main');
  const child = spawn(process.execPath, [...execArgv, script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  return new Promise((resolve) => child.on('close', (code) => resolve(code === 0 ? 0 : (process.stderr.write(err), code))));
}

async function count(url: string, index: string): Promise<number> {
  await fetch(`${url}/${index}/_refresh`, { method: 'POST' }).then((r) => r.arrayBuffer());
  const r = await fetch(`${url}/${index}/_count`);
  return ((await r.json()) as { count?: number }).count ?? -1;
}

export async function runCoordinatedBench(o: CoordinatedBenchOptions): Promise<string> {
  const load0 = loadavg()[0]!;
  const source = await startClusterProcess('6.8', o.log);
  let dest: ClusterProcess | undefined;
  const rows: Row[] = [];
  try {
    const names = Array.from({ length: o.indices }, (_, i) => `coord-bench-${i}`);
    for (const n of names) await seedCorpus({ url: source.url, index: n, kind: 'small', count: o.docsPerIndex, type: 'doc' });
    const list = join(mkdtempSync(join(tmpdir(), 'esferry-coord-bench-')), 'list.txt');
    writeFileSync(list, names.join('\n') + '\n');
    const total = o.indices * o.docsPerIndex;
    for (const w of o.workers) {
      dest = await startClusterProcess('8.15', o.log);
      const args = ['run', '--source', source.url, '--dest', dest.url, '--list', list, '--coordinate', 'bench', '--progress', 'none', '--quiet'];
      const t0 = performance.now();
      const codes = await Promise.all(Array.from({ length: w }, () => runWorker(args)));
      const wallS = (performance.now() - t0) / 1000;
      let verified = codes.every((c) => c === 0);
      for (const n of names) if ((await count(dest.url, n)) !== o.docsPerIndex) verified = false;
      rows.push({ workers: w, wallS, docsPerS: total / wallS, perWorker: total / wallS / w, verified });
      o.log(`coordinated ${w} worker(s): ${wallS.toFixed(2)} s, ${Math.round(total / wallS)} docs/s${verified ? '' : ' NOT VERIFIED'}`);
      await dest.stop();
      dest = undefined;
    }
  } finally {
    await dest?.stop();
    await source.stop();
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    '## Many workers, one migration (`--coordinate`)',
    '',
    `${o.indices} indices × ${fmt(o.docsPerIndex)} small docs (6.8 → 8.15), copied by N \`esferry run --coordinate\` processes on this host; each row starts from an empty destination. The workers share the host's cores with both test clusters, so this shows the coordination overhead and how the queue balances, not the scaling across hosts.`,
    '',
    '| workers | wall s | docs/s | docs/s per worker | verified |',
    '|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.workers} | ${r.wallS.toFixed(2)} | ${fmt(r.docsPerS)} | ${fmt(r.perWorker)} | ${r.verified ? 'yes' : 'NO'} |`),
    '',
    `Machine load (1 min) ${load0.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after.`,
  ].join('\n');
}
