// The capacity-limited destination every contender writes to, and the load it gets.

export interface AdaptiveBenchConfig {
  /** test-cluster version of the destination */
  version: string;
  threads: number;
  queueSize: number;
  /** docs/s one write thread indexes (the pool's capacity is threads × this) */
  docsPerSecond: number;
  shards: number;
  bulkDocs: number;
  totalDocs: number;
  /** rejections before this are the warm-up every strategy is allowed */
  warmupMs: number;
  bucketMs: number;
}

export function benchConfig(smoke: boolean, over: Partial<AdaptiveBenchConfig> = {}): AdaptiveBenchConfig {
  const base: AdaptiveBenchConfig = {
    version: '7.17',
    threads: 1,
    queueSize: 10,
    // slow enough that the test cluster's own per-request work (parsing, storing) is small next
    // to the modelled indexing time, so "% of capacity" measures the writers, not the simulator
    docsPerSecond: 2_500,
    shards: 2,
    bulkDocs: 500,
    // ~40 s at capacity for the full run, ~5 s for the smoke run
    totalDocs: smoke ? 12_500 : 100_000,
    warmupMs: 10_000,
    bucketMs: 1000,
  };
  return { ...base, ...over };
}

export const capacityOf = (c: AdaptiveBenchConfig) => c.threads * c.docsPerSecond;
