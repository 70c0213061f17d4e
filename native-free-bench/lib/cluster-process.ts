// Runs one test cluster in its own child process, so that the memory and CPU the bench measures
// belong to the copying process alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';
import { nodeScript } from './paths.js';

export interface ClusterProcess {
  url: string;
  version: string;
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/** another server taking the same --port/--version flags (the cost bench's sink and page source), with its own extra flags */
export interface ServerModule {
  module: string;
  args: string[];
}

export async function startClusterProcess(version: string, log: (s: string) => void = () => {}, server?: ServerModule): Promise<ClusterProcess> {
  const port = await freePort();
  // ESFERRY_BENCH_CLUSTER points at another ES-compatible simulator script taking the same flags
  const override = process.env.ESFERRY_BENCH_CLUSTER;
  const { execArgv, script } = server ? nodeScript(server.module) : override ? { execArgv: [], script: override } : nodeScript('fixtures/cluster/main');
  // The cluster keeps every document in memory: 1M docs need more than the default heap.
  const child = spawn(process.execPath, ['--max-old-space-size=12288', ...execArgv, script, '--port', String(port), '--version', version, ...(server?.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  child.stdout!.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, () => stderr);
  log(`cluster ${version} up at ${url} (pid ${child.pid})`);
  return {
    url,
    version,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: string | undefined;
  child.once('exit', (code, sig) => { exited = `exited with ${code ?? sig}`; });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`test cluster ${exited}: ${stderr()}`);
    try {
      const r = await fetch(`${url}/`);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`test cluster at ${url} not ready after ${READY_TIMEOUT_MS} ms: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}
