// Runs one contender in its own process and measures it: wall time (spawn to exit), peak RSS
// (getrusage high-water mark written by the preloaded probe, /proc VmHWM polling as fallback)
// and CPU time. The copy's own summary is the last JSON line on its stdout, when it prints one.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssProbe } from './paths.js';

export interface ChildMeasure {
  ok: boolean;
  exitCode: number | null;
  wallMs: number;
  peakRssMB: number;
  cpuMs: number;
  /** last JSON line the child printed (contender-specific summary) */
  summary?: Record<string, unknown>;
  stderrTail: string;
}

export interface ChildSpec {
  /** node arguments before the script (e.g. --import tsx) */
  execArgv: string[];
  script: string;
  args: string[];
  env?: Record<string, string>;
  timeoutMs: number;
}

let seq = 0;

export async function runChild(spec: ChildSpec): Promise<ChildMeasure> {
  const probeFile = join(tmpdir(), `esferry-bench-probe-${process.pid}-${++seq}.json`);
  rmSync(probeFile, { force: true });
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', pathToImport(rssProbe), ...spec.execArgv, spec.script, ...spec.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...spec.env, BENCH_PROBE_FILE: probeFile },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout = (stdout + d.toString()).slice(-64_000); });
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-8_000); });
  let polledKB = 0;
  const poll = setInterval(() => { polledKB = Math.max(polledKB, vmHwmKB(child.pid!)); }, 100);
  const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(poll);
  clearTimeout(timer);
  let probe: { maxRssKB: number; userUs: number; systemUs: number } | undefined;
  try { probe = JSON.parse(readFileSync(probeFile, 'utf8')); } catch { /* killed before exit hooks */ }
  rmSync(probeFile, { force: true });
  return {
    ok: exitCode === 0,
    exitCode,
    wallMs,
    peakRssMB: Math.max(probe?.maxRssKB ?? 0, polledKB) / 1024,
    cpuMs: probe ? (probe.userUs + probe.systemUs) / 1000 : NaN,
    summary: lastJsonLine(stdout),
    stderrTail: stderr.slice(-2000),
  };
}

function pathToImport(p: string): string {
  return new URL(`file://${p}`).href;
}

function vmHwmKB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function lastJsonLine(out: string): Record<string, unknown> | undefined {
  const lines = out.trim().split('\n').reverse();
  for (const l of lines) {
    const t = l.trim();
    if (t.startsWith('{') && t.endsWith('}')) {
      try { return JSON.parse(t); } catch { /* not ours */ }
    }
  }
  return undefined;
}
