// Defaults of a copy. In-flight documents are held once, in their bulk bodies (the writer copies a
// source when it is added); the rest of a copy's RSS is Node itself (~45 MB of binary pages, a
// 32 MB young generation at full speed) and garbage waiting for collection.
export const DEFAULTS = {
  pageSize: 1000,
  maxPageBytes: 10 * 1024 * 1024,
  scrollKeepAlive: '5m',
  bulkDocs: 1000,
  bulkBytes: 5 * 1024 * 1024,
  writers: 4,
  retryBudget: 8,
  /** an index whose destination acknowledged nothing for this long (while retrying rejections) fails */
  stallTimeoutMs: 10 * 60 * 1000,
  maxInFlightDocs: 10_000,
  maxInFlightBytes: 12 * 1024 * 1024,
  progressIntervalMs: 1000,
  indexParallelism: 1,
  /** documents fetched to estimate the size of one before choosing the page size */
  probeSize: 10,
} as const;
