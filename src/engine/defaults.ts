// Defaults of a copy, sized so one copy stays well under 150 MB RSS: in-flight source bytes are
// held about three times (hit buffer, bulk body, socket buffers), plus Node's own ~50 MB.
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
