// Runs a contender against the model write pool in virtual time (no cluster needed).
import { simulate } from '../../src/write/concurrency/simulate.js';
import type { AdaptiveBenchConfig } from './bench-config.js';
import { capacityOf } from './bench-config.js';
import type { Contender } from './contenders.js';
import { measure, type RunMeasure } from './measure.js';

export function runOnSimulation(contender: Contender, cfg: AdaptiveBenchConfig): RunMeasure {
  const r = simulate({
    pool: { threads: cfg.threads, queueSize: cfg.queueSize, docsPerSecond: cfg.docsPerSecond, shards: cfg.shards },
    bulkDocs: cfg.bulkDocs,
    totalDocs: cfg.totalDocs,
    bucketMs: cfg.bucketMs,
    // loopback HTTP plus building the NDJSON body of a 500-doc bulk
    networkMs: 0.5,
    clientMsPerBulk: 2,
    controller: (now) => contender.make(now),
  });
  return measure(
    contender.name,
    { wallMs: r.elapsedMs, written: r.docsWritten, itemsSent: r.itemsSent, rejectedItems: r.rejectedItems, series: r.series },
    capacityOf(cfg),
    cfg.warmupMs,
    r.finalWriters,
    r.finalSnapshot.reason,
  );
}
