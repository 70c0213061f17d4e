// The test clusters one bench needs, each in its own process.
import { startClusterProcess, type ClusterProcess } from './cluster-process.js';

export interface BenchClusters {
  source: ClusterProcess;
  dest: ClusterProcess;
  /** a source that sends x-elastic-product (ES >= 7.14), for the official client */
  productSource?: ClusterProcess;
  /** a fresh destination process: no heap, GC or index leftovers of the previous run */
  restartDest(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchClusters(o: { source: string; dest: string; productSource?: string; log: (s: string) => void }): Promise<BenchClusters> {
  const started: ClusterProcess[] = [];
  const stop = async () => { await Promise.all(started.map((c) => c.stop())); };
  try {
    const source = await startClusterProcess(o.source, o.log);
    started.push(source);
    const dest = await startClusterProcess(o.dest, o.log);
    started.push(dest);
    let productSource: ClusterProcess | undefined;
    if (o.productSource) {
      productSource = await startClusterProcess(o.productSource, o.log);
      started.push(productSource);
    }
    const clusters: BenchClusters = {
      source, dest, productSource, stop,
      restartDest: async () => {
        const old = clusters.dest;
        await old.stop();
        started.splice(started.indexOf(old), 1);
        clusters.dest = await startClusterProcess(o.dest);
        started.push(clusters.dest);
      },
    };
    return clusters;
  } catch (e) {
    await stop();
    throw e;
  }
}
