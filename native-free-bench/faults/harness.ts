// What every fault scenario needs: a source and a destination test cluster in child processes
// (fault knobs over their stdin), the esferry CLI as a real child process (the tests' spawner), and the destination's
// state afterwards (documents, dead letters, settings).
import { readFile } from 'node:fs/promises';
import { startChildCluster, type ChildCluster } from '../adaptive/cluster-backend.js';
import { esCall } from '../lib/es-admin.js';
import { startCli, type CliResult } from '../../test/cli/support/run-cli.js';

/** Settings the source index carries; a copy creates its destination with them, and must leave them so. */
export const ORIGINAL = { refresh_interval: '2s', number_of_replicas: '1' };

export async function startCluster(version: string, seed: string[] = []): Promise<ChildCluster> {
  return startChildCluster({ version, threads: 2, queueSize: 200, docsPerSecond: Infinity }, seed);
}

export type CliRun = ReturnType<typeof startCli>;
export { startCli, type CliResult };

/** Resolves once the run printed a progress line with documents written (the copy is under way). */
export async function underWay(run: CliRun, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  let exited = false;
  void run.done.then(() => (exited = true));
  while (!/progress [1-9]/.test(run.stderrSoFar())) {
    if (exited) throw new Error(`the run ended before it was under way: ${run.stderrSoFar().slice(-2000)}`);
    if (Date.now() - started > timeoutMs) throw new Error(`no progress after ${timeoutMs} ms: ${run.stderrSoFar().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The index has its original refresh interval and replicas back, and no saved tuning left on it. */
export async function settingsRestored(base: string, index: string): Promise<boolean> {
  const s = await esCall(base, 'GET', `/${index}/_settings?flat_settings=true`);
  const flat = (s.json as Record<string, { settings: Record<string, string> }> | undefined)?.[index]?.settings;
  if (!flat) return false;
  const m = await esCall(base, 'GET', `/${index}/_mapping`);
  return flat['index.refresh_interval'] === ORIGINAL.refresh_interval && flat['index.number_of_replicas'] === ORIGINAL.number_of_replicas && !JSON.stringify(m.json).includes('esferry_tuning');
}

/** Dead letters a run reports (its --report file), 0 when the run wrote no report. */
export async function reportedDeadLetters(reportFile: string): Promise<number> {
  try {
    const r = JSON.parse(await readFile(reportFile, 'utf8')) as { totals?: { deadLettered?: number } };
    return r.totals?.deadLettered ?? 0;
  } catch {
    return 0;
  }
}

/** The line of what the run printed that names the problem. */
export function errorLine(r: CliResult): string {
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim());
  return lines.find((l) => /^(esferry: |failed |ERROR|SIGTERM|SIGINT)/.test(l)) ?? lines.find((l) => /error|fail|cannot|refused/i.test(l) && !/^progress /.test(l)) ?? '';
}

/** Waits until a cluster that was restarted answers again (a user reruns once it is back). */
export async function waitUp(base: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {
      if (Date.now() - started > timeoutMs) throw new Error(`${base} not back after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

