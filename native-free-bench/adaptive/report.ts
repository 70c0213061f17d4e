// Markdown table and ASCII plots of the adaptive bench.
import type { RunMeasure, SeriesPoint } from './measure.js';

const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(x < 0.1 && x > 0 ? 2 : 1)}%`);

export function markdownTable(runs: RunMeasure[], warmupMs: number): string {
  const lines = [
    `| contender | wall time | docs written | throughput (% of capacity) | rejected items (all) | rejected after ${warmupMs / 1000} s | writers (min–max, final) |`,
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of runs) {
    lines.push(
      `| ${r.contender} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.written} | ${pct(r.throughputShare)} | ${r.rejectedItems} (${pct(r.rejectedItems / Math.max(1, r.itemsSent))}) | ${pct(r.rejectedShareAfterWarmup)} | ${r.minWriters}–${r.maxWriters}, ${r.finalWriters} |`,
    );
  }
  return lines.join('\n');
}

/** One line per bucket: throughput as a bar scaled to capacity, then the writer limit as a bar. */
export function asciiPlot(series: SeriesPoint[], capacityDocsPerSecond: number, bucketMs: number, wallMs: number, width = 40): string {
  const maxWriters = Math.max(1, ...series.map((b) => b.writers));
  const out = [`   t  throughput (each # = ${(100 / width).toFixed(1)}% of capacity)${' '.repeat(Math.max(1, width - 39))}  writers`];
  for (const b of series) {
    // the last bucket is usually cut short by the end of the run: a sliver says nothing
    const spanMs = Math.min(bucketMs, wallMs - b.startMs);
    if (spanMs < bucketMs / 2) continue;
    const share = b.docsWritten / ((capacityDocsPerSecond * spanMs) / 1000);
    const bar = '#'.repeat(Math.min(width, Math.round(share * width))).padEnd(width, '.');
    const rej = b.rejectedItems > 0 ? ` rej ${b.rejectedItems}` : '';
    const wBar = '*'.repeat(Math.max(1, Math.round((b.writers / maxWriters) * 20)));
    out.push(`${String(Math.round(b.startMs / 1000)).padStart(3)}s |${bar}| ${pct(share).padStart(6)}  ${String(b.writers).padStart(3)} ${wBar}${rej}`);
  }
  return out.join('\n');
}
