// Runs one benchmark.js suite synchronously and returns its cases as MicroResult rows.
import Benchmark from 'benchmark';
import type { MicroResult } from '../report/types.js';

export interface MicroCase {
  name: string;
  fn: () => unknown;
  /** input bytes one call processes, for MB/s */
  bytes?: number;
}

let sink: unknown;
/** keeps results alive so the JIT cannot drop the work */
export function consume(x: unknown): void {
  sink = x;
}

export function runSuite(suite: string, cases: MicroCase[], maxTime = 1.5): MicroResult[] {
  const out: MicroResult[] = [];
  for (const c of cases) {
    const b = new Benchmark(c.name, () => consume(c.fn()), { maxTime, minSamples: 5 });
    b.run();
    const hz = b.hz;
    out.push({
      suite, name: c.name, opsPerSec: hz, rme: b.stats.rme,
      ...(c.bytes !== undefined ? { mbPerSec: (hz * c.bytes) / 1e6 } : {}),
    });
  }
  void sink;
  return out;
}
