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
    docsPerSecond: 10_000,
    shards: 2,
    bulkDocs: 500,
    // ~30 s at capacity for the full run, ~3 s for the smoke run
    totalDocs: smoke ? 30_000 : 300_000,
    warmupMs: 10_000,
    bucketMs: 1000,
  };
  return { ...base, ...over };
}

export const capacityOf = (c: AdaptiveBenchConfig) => c.threads * c.docsPerSecond;
