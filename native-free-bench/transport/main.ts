// esferry's HTTP transport against undici and @elastic/transport, side by side in one run:
//   node --import tsx native-free-bench/transport/main.ts [--runs 3] [--requests 300] [--small 2000]
// Each contender runs in its own process against the bench sink (native-free-bench/sink, its own
// process): bulk writes (client CPU, wall, peak RSS), tiny GET / requests (per-request overhead),
// and the time to import each module in a fresh node (needs `npx tsc -p tsconfig.json` first:
// it imports dist/). Contenders rotate order every run; medians and ranges are reported.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spread } from '../lib/stats.js';

const { values: v } = parseArgs({ options: { runs: { type: 'string', default: '3' }, requests: { type: 'string', default: '300' }, small: { type: 'string', default: '2000' } } });
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const CONTENDERS = ['esferry', 'undici', 'elastic', 'elastic-raw', 'elastic-http'];

async function startSink(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', here('../sink/main.ts'), '--role', 'sink', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening on (\d+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error('sink exited')));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function runClient(contender: string, url: string, extra: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', here('client.ts'), '--contender', contender, '--url', url, ...extra], { cwd: ROOT, encoding: 'utf8' });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`${contender} failed: ${r.stderr.slice(-500)}`);
  return JSON.parse(last);
}

function importMs(spec: string): number {
  const code = `const t=performance.now();await import(${JSON.stringify(spec)});process.stdout.write(String(performance.now()-t))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`import ${spec}: ${r.stderr}`);
  return Number(r.stdout);
}

const fmt = (s: { median: number; min: number; max: number }, d = 0) => `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;
const runs = Number(v.runs);
const sink = await startSink();
const samples: Record<string, { bulk: Record<string, number>[]; small: Record<string, number>[] }> = Object.fromEntries(CONTENDERS.map((c) => [c, { bulk: [], small: [] }]));
try {
  for (let run = 0; run < runs; run++) {
    const order = CONTENDERS.map((_, i) => CONTENDERS[(i + run) % CONTENDERS.length]!);
    for (const c of order) {
      samples[c]!.bulk.push(runClient(c, sink.url, ['--requests', v.requests!, '--concurrency', '8']));
      samples[c]!.small.push(runClient(c, sink.url, ['--requests', v.small!, '--concurrency', '8', '--small']));
    }
  }
} finally {
  sink.stop();
}
const lines = [
  `| contender | bulk: wall ms | bulk: client CPU ms | bulk: peak RSS MB | ${v.small} × GET /: wall ms | GET /: client CPU ms |`,
  '| --- | --- | --- | --- | --- | --- |',
];
for (const c of CONTENDERS) {
  const b = samples[c]!.bulk;
  const s = samples[c]!.small;
  lines.push(`| ${c} | ${fmt(spread(b.map((x) => x.ms!)))} | ${fmt(spread(b.map((x) => x.cpuMs!)))} | ${fmt(spread(b.map((x) => x.maxRssMB!)))} | ${fmt(spread(s.map((x) => x.ms!)))} | ${fmt(spread(s.map((x) => x.cpuMs!)))} |`);
}
const dist = `${ROOT}dist/src/cluster/transport/http-transport.js`;
const imports: [string, string][] = [['undici', 'undici'], ['@elastic/transport', '@elastic/transport']];
if (existsSync(dist)) imports.unshift(['esferry HttpTransport (dist)', dist]);
lines.push('', '| import in a fresh node | ms, median of 7 (range) |', '| --- | --- |');
for (const [name, spec] of imports) lines.push(`| ${name} | ${fmt(spread(Array.from({ length: 7 }, () => importMs(spec))), 1)} |`);
process.stdout.write(`${lines.join('\n')}\n\n${runs} runs, ${v.requests} bulks of ${samples.esferry!.bulk[0]!.bodyBytes} bytes (1000 docs), 8 in flight; ${new Date().toISOString()}\n`);
