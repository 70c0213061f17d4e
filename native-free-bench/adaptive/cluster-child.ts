// Child process: one capacity-limited test cluster, so the bench's own process only writes.
// Prints {"url": "..."} on stdout once listening; exits on SIGTERM/SIGINT or when stdin closes.
import { parseArgs } from 'node:util';
import { loadTestCluster } from './test-cluster.js';

const { values } = parseArgs({
  options: {
    version: { type: 'string', default: '7.17' },
    threads: { type: 'string', default: '1' },
    queue: { type: 'string', default: '10' },
    dps: { type: 'string', default: '10000' },
  },
});

const { startTestCluster } = await loadTestCluster();
const cluster = await startTestCluster({
  version: values.version!,
  writePool: { threads: Number(values.threads), queueSize: Number(values.queue), docsPerSecond: Number(values.dps) },
});
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
process.stdin.resume();
