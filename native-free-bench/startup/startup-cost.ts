// CPU a process spends before it can do anything useful: bare node vs the esferry CLI, from spawn
// to the first HTTP request it sends (a loopback server reads the child's /proc/<pid>/stat the
// moment the request arrives, then kills it), plus whole runs of --version, --help and no arguments
// (CPU of the reaped child from this process's cutime/cstime).
//
//   npm run build && node dist/native-free-bench/startup/startup-cost.js [--runs 15] [--cli dist/bin/esferry.mjs,other/main.js]
//
// Several --cli entries run interleaved in one process, so a before/after comparison sees the same
// machine load. The default compares the package's bin (the bundle) with the unbundled tsc output
// it is made from. Linux only (/proc).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { spread } from '../lib/stats.js';

const TICK_S = 0.01; // USER_HZ is 100 on Linux

/** utime+stime (fields 14, 15) or cutime+cstime (16, 17) of /proc/<pid>/stat, in seconds */
function cpuOf(pid: number | 'self', children = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): field N is fields[N - 3]
  const [a, b] = children ? [fields[13], fields[14]] : [fields[11], fields[12]];
  return (Number(a) + Number(b)) * TICK_S;
}

/** CPU of the child when its first request reaches `server` */
function cpuToFirstRequest(server: Server, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let measured: number | undefined;
    const onRequest = () => {
      if (measured !== undefined || child.pid === undefined) return;
      measured = cpuOf(child.pid);
      child.kill('SIGKILL');
    };
    server.on('request', onRequest);
    child.on('exit', () => {
      server.off('request', onRequest);
      if (measured === undefined) reject(new Error(`${args.join(' ')} exited before sending a request: ${stderr.slice(0, 300)}`));
      else resolve(measured);
    });
  });
}

/** CPU of a whole run of the child (reaped, so counted in our cutime/cstime) */
function cpuOfWholeRun(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const before = cpuOf('self', true);
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => setImmediate(() => resolve(cpuOf('self', true) - before)));
  });
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, cli: { type: 'string', default: 'dist/src/cli/main.js,dist/bin/esferry.mjs' } } });
const runs = Number(values.runs);
const clis = values.cli!.split(',').map((s) => s.trim()).filter(Boolean);

const server = createServer((_req, res) => res.destroy());
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

type Scenario = { name: string; measure: () => Promise<number> };
const scenarios: Scenario[] = [
  { name: 'node -e 0 (whole run)', measure: () => cpuOfWholeRun(['-e', '0']) },
  { name: 'bare node, http.get → first request', measure: () => cpuToFirstRequest(server, ['-e', `require('node:http').get(${JSON.stringify(url)}).on('error', () => {})`]) },
];
for (const cli of clis) {
  const copy = ['copy', '--source', url, '--dest', url, '--index', 'logs', '--progress', 'none'];
  scenarios.push(
    { name: `${cli} copy → first request`, measure: () => cpuToFirstRequest(server, [cli, ...copy]) },
    { name: `${cli} run --dry-run → first request`, measure: () => cpuToFirstRequest(server, [cli, 'run', '--source', url, '--dest', url, '--index', 'a,b', '--dry-run']) },
    { name: `${cli} --version`, measure: () => cpuOfWholeRun([cli, '--version']) },
    { name: `${cli} copy --help`, measure: () => cpuOfWholeRun([cli, 'copy', '--help']) },
    { name: `${cli} (no arguments, exit 2)`, measure: () => cpuOfWholeRun([cli]) },
  );
}

const samples = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
for (let i = 0; i < runs; i++) {
  // interleaved: every scenario sees the same machine load
  for (const s of scenarios) samples.get(s.name)!.push(await s.measure());
}
server.close();

console.log(`| scenario (${runs} runs, CPU-s user+sys) | median | min | max |`);
console.log('|---|---:|---:|---:|');
for (const s of scenarios) {
  const v = spread(samples.get(s.name)!);
  console.log(`| ${s.name} | ${v.median.toFixed(2)} | ${v.min.toFixed(2)} | ${v.max.toFixed(2)} |`);
}
