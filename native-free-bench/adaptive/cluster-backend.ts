// Runs a contender over real HTTP against a capacity-limited test cluster in a child process:
// fresh cluster per run (clean pool counters), real `_bulk` requests, a `_count` check at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/cluster/index.js';
import { pollThreadPool } from '../../src/write/concurrency/pool-poller.js';
import type { AdaptiveBenchConfig } from './bench-config.js';
import { capacityOf } from './bench-config.js';
import type { Contender } from './contenders.js';
import { runHttpLoad } from './http-load.js';
import { createFixedController } from '../../src/write/concurrency/fixed.js';
import { measure, type RunMeasure } from './measure.js';
import type { FaultMessage } from './fault-message.js';

const here = dirname(fileURLToPath(import.meta.url));
const compiled = import.meta.url.endsWith('.js');

export interface ChildCluster {
  url: string;
  /** change the write pool while it runs */
  setCapacity(c: { threads?: number; queueSize?: number; docsPerSecond?: number }): void;
  /** works the fault knobs (latency, fail rates, restarts); resolves once the child applied them */
  faults(f: FaultMessage): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildCluster(cfg: Pick<AdaptiveBenchConfig, 'version' | 'threads' | 'queueSize' | 'docsPerSecond'>, seed: string[] = []): Promise<ChildCluster> {
  const script = join(here, `cluster-child.${compiled ? 'js' : 'ts'}`);
  const args = [...(compiled ? [] : ['--import', 'tsx']), script, '--version', cfg.version, '--threads', String(cfg.threads), '--queue', String(cfg.queueSize), '--dps', String(cfg.docsPerSecond), ...seed.flatMap((s) => ['--seed', s])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`test cluster child not ready: ${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`unexpected test cluster child output: ${line} ${stderr}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`test cluster child exited with ${code}: ${stderr}`));
    });
  });
  // every later line acknowledges one fault message, in order
  const acks: Array<() => void> = [];
  lines.on('line', () => acks.shift()?.());
  const send = (msg: object) => child.stdin!.write(`${JSON.stringify(msg)}\n`);
  return {
    url,
    setCapacity: (c) => send({ capacity: c }),
    faults: (f) => new Promise<void>((resolve) => {
      acks.push(resolve);
      send({ faults: f });
    }),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function http(url: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

export async function runOnTestCluster(contender: Contender, cfg: AdaptiveBenchConfig, index = 'bench-adaptive'): Promise<RunMeasure> {
  const cluster = await startChildCluster(cfg);
  const poll = new AbortController();
  try {
    await http(`${cluster.url}/${index}`, 'PUT', { settings: { number_of_shards: cfg.shards, number_of_replicas: 0 } });
    // same warm-up for every contender: a cold child (JIT, first sockets) is not the pool's capacity
    await http(`${cluster.url}/warm-up`, 'PUT', { settings: { number_of_shards: 1, number_of_replicas: 0 } });
    await runHttpLoad({ url: cluster.url, index: 'warm-up', totalDocs: 2_000, bulkDocs: 100, controller: createFixedController(1) });
    const controller = contender.make();
    let polling: Promise<void> = Promise.resolve();
    let closeConnection = async () => {};
    if (contender.adaptive) {
      const dest = await connect({ nodes: cluster.url });
      closeConnection = dest.close;
      polling = pollThreadPool(dest.transport, dest.dialect, controller, 500, poll.signal);
    }
    const r = await runHttpLoad({ url: cluster.url, index, totalDocs: cfg.totalDocs, bulkDocs: cfg.bulkDocs, controller, bucketMs: cfg.bucketMs });
    poll.abort();
    await polling;
    await closeConnection();
    const reason = controller.snapshot().reason;
    controller.stop();
    await http(`${cluster.url}/${index}/_refresh`, 'POST');
    const count = ((await http(`${cluster.url}/${index}/_count`, 'GET')) as { count: number }).count;
    if (count !== cfg.totalDocs || r.failed > 0) throw new Error(`${contender.name}: destination holds ${count} of ${cfg.totalDocs} docs (${r.failed} failed items)`);
    return measure(contender.name, { wallMs: r.elapsedMs, written: r.written, itemsSent: r.itemsSent, rejectedItems: r.rejectedItems, series: r.series }, capacityOf(cfg), cfg.warmupMs, controller.current(), reason);
  } finally {
    poll.abort();
    await cluster.stop();
  }
}
