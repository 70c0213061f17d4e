// The test clusters one bench needs, each in its own process.
import { startClusterProcess, type ClusterProcess } from './cluster-process.js';

export interface BenchClusters {
  source: ClusterProcess;
  dest: ClusterProcess;
  /** a source that sends x-elastic-product (ES >= 7.14), for the official client */
  productSource?: ClusterProcess;
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
    return { source, dest, productSource, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
