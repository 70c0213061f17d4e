// Throughput and memory figures derived from raw samples (only successful, verified runs count).
import { spread, type Spread } from '../lib/stats.js';
import type { ContenderResult, RunSample } from './types.js';

export interface Derived {
  docsPerSec: Spread;
  mbPerSec: Spread;
  peakRssMB: Spread;
  wallS: Spread;
  cpuS: Spread;
  okRuns: number;
  runs: number;
}

export function verified(r: ContenderResult, s: RunSample): boolean {
  return s.ok && s.docsInDest === r.corpus.docs;
}

export function derive(r: ContenderResult): Derived {
  const good = r.samples.filter((s) => verified(r, s));
  return {
    docsPerSec: spread(good.map((s) => r.corpus.docs / (s.wallMs / 1000))),
    mbPerSec: spread(good.map((s) => r.corpus.sourceBytes / 1e6 / (s.wallMs / 1000))),
    peakRssMB: spread(good.map((s) => s.peakRssMB)),
    wallS: spread(good.map((s) => s.wallMs / 1000)),
    cpuS: spread(good.map((s) => s.cpuMs / 1000)),
    okRuns: good.length,
    runs: r.samples.length,
  };
}
