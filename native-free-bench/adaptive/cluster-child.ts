// Child process: one capacity-limited test cluster, so the bench's own process only writes.
// Prints {"url": "..."} on stdout once listening; exits on SIGTERM/SIGINT or when stdin closes.
// --seed index:count loads the shared log corpus first; a stdin line {"capacity": {...}} changes
// the write pool while it runs (the "capacity halves mid-run" case); a line {"faults": {...}} works
// the fault knobs (see FaultMessage, used by the fault matrix in native-free-bench/faults/).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadTestCluster } from './test-cluster.js';
import type { FaultMessage } from './fault-message.js';

const { values } = parseArgs({
  options: {
    version: { type: 'string', default: '7.17' },
    threads: { type: 'string', default: '1' },
    queue: { type: 'string', default: '10' },
    dps: { type: 'string', default: '10000' },
    seed: { type: 'string', multiple: true, default: [] },
  },
});

const { startTestCluster } = await loadTestCluster();
const cluster = await startTestCluster({
  version: values.version!,
  writePool: { threads: Number(values.threads), queueSize: Number(values.queue), docsPerSecond: Number(values.dps) },
});
for (const spec of values.seed!) {
  const [index, count] = spec.split(':');
  await cluster.seedCorpus(index!, Number(count ?? 1000));
}
process.stdout.write(`${JSON.stringify({ url: cluster.url })}\n`);

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  await cluster.close();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
process.stdin.on('end', close);
createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line) as { capacity?: { threads?: number; queueSize?: number; docsPerSecond?: number }; faults?: FaultMessage };
  const pool = cluster.state.writePool as { setCapacity?: (c: object) => void } | undefined;
  if (msg.capacity) pool?.setCapacity?.(msg.capacity);
  if (msg.faults) {
    applyFaults(msg.faults);
    process.stdout.write('{"applied":"faults"}\n');
  }
});

function applyFaults(f: FaultMessage): void {
  const faults = cluster.faults;
  if (!faults) throw new Error('this test cluster has no fault knobs');
  if (f.reset) faults.reset();
  if (f.latencyMs !== undefined) faults.latencyMs = f.latencyMs;
  if (f.failRate) faults.failRate({ ...f.failRate, routes: f.failRate.routes === undefined ? undefined : new RegExp(f.failRate.routes) });
  if (f.restartOn) faults.restartOn({ ...f.restartOn, routes: new RegExp(f.restartOn.routes) });
  if (f.restartNow) void faults.restart(f.restartNow.downMs);
}
