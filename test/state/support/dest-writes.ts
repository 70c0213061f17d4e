// Writes the destination received per index, from the test cluster's stored `_version`s (an index op
// on an existing id bumps it): docs present, and writes in all (writes - docs = docs written again).
import type { TestCluster } from '../../../fixtures/cluster/index.js';
import { storedDocs } from './docs.js';

export function destWrites(cluster: TestCluster, index: string): { docs: number; writes: number } {
  let docs = 0;
  let writes = 0;
  for (const d of storedDocs(cluster, index).values()) {
    docs++;
    writes += d.version;
  }
  return { docs, writes };
}

/** polls until the destination holds at least `docs` documents of `index` */
export async function waitForWrites(cluster: TestCluster, index: string, docs: number, log: () => string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    let n = 0;
    for (const shard of cluster.state.indices.get(index)?.shards ?? []) n += shard.docs.size;
    if (n >= docs) return;
    if (Date.now() - started > timeoutMs) throw new Error(`the destination never reached ${docs} docs of ${index} (${n}): ${log()}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
