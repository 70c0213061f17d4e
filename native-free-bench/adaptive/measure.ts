// One bench run reduced to the numbers the table shows, whatever backend produced it.

export interface SeriesPoint {
  startMs: number;
  docsWritten: number;
  itemsSent: number;
  rejectedItems: number;
  writers: number;
}

export interface RunMeasure {
  contender: string;
  wallMs: number;
  written: number;
  itemsSent: number;
  rejectedItems: number;
  /** rejected / sent over everything after the warm-up (undefined when the run was shorter) */
  rejectedShareAfterWarmup?: number;
  /** written per second / configured capacity */
  throughputShare: number;
  finalWriters: number;
  minWriters: number;
  maxWriters: number;
  reason: string;
  series: SeriesPoint[];
}

export function measure(
  contender: string,
  run: { wallMs: number; written: number; itemsSent: number; rejectedItems: number; series: SeriesPoint[] },
  capacityDocsPerSecond: number,
  warmupMs: number,
  finalWriters: number,
  reason: string,
): RunMeasure {
  const after = run.series.filter((b) => b.startMs >= warmupMs);
  const sent = after.reduce((a, b) => a + b.itemsSent, 0);
  const writers = run.series.map((b) => b.writers);
  return {
    contender,
    wallMs: run.wallMs,
    written: run.written,
    itemsSent: run.itemsSent,
    rejectedItems: run.rejectedItems,
    rejectedShareAfterWarmup: sent > 0 ? after.reduce((a, b) => a + b.rejectedItems, 0) / sent : undefined,
    throughputShare: run.wallMs > 0 ? run.written / ((run.wallMs / 1000) * capacityDocsPerSecond) : 0,
    finalWriters,
    minWriters: writers.length ? Math.min(...writers) : finalWriters,
    maxWriters: writers.length ? Math.max(...writers) : finalWriters,
    reason,
    series: run.series,
  };
}
