// cost-latest.md: per-contender cost on the sink, esferry's scaling rows and its CPU breakdown.
import { machineLine, type MachineInfo } from '../lib/machine.js';
import { derive } from '../report/derive.js';
import type { ContenderResult } from '../report/types.js';
import type { Spread } from '../lib/stats.js';
import { PARTS, type Breakdown } from './cpu-breakdown.js';

export interface CostResults {
  machine: MachineInfo;
  sourceVersion: string;
  destVersion: string;
  side: ContenderResult[];
  scaling: ContenderResult[];
  breakdown?: { docs: number; parts: Breakdown; profiledMs: number; rusageMs: number };
}

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');
const cell = (s: Spread, d = 0) => (s.n === 0 ? 'failed' : s.n === 1 ? fmt(s.median, d) : `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`);
const per100k = (s: Spread, docs: number): Spread => ({ median: (s.median * 1e5) / docs, min: (s.min * 1e5) / docs, max: (s.max * 1e5) / docs, n: s.n });

function sideTable(rows: ContenderResult[]): string[] {
  const out = ['| contender | docs | wall s | docs/s | CPU-s per 100k docs | peak RSS MB | speed vs esferry | CPU vs esferry | settings |', '|---|---|---|---|---|---|---|---|---|'];
  for (const docs of [...new Set(rows.map((r) => r.corpus.docs))]) {
    const group = rows.filter((r) => r.corpus.docs === docs);
    const e = group.find((r) => r.contender === 'esferry');
    const ed = e ? derive(e) : undefined;
    for (const r of group) {
      const d = derive(r);
      const speed = ed && ed.okRuns && d.okRuns ? `${fmt(d.docsPerSec.median / ed.docsPerSec.median, 2)}×` : '–';
      const cpu = ed && ed.okRuns && d.okRuns ? `${fmt(d.cpuS.median / ed.cpuS.median, 2)}×` : '–';
      out.push(`| ${r.label} | ${fmt(docs)} | ${cell(d.wallS, 2)} | ${cell(d.docsPerSec)} | ${cell(per100k(d.cpuS, docs), 2)} | ${cell(d.peakRssMB)} | ${speed} | ${cpu} | ${r.settings} |`);
    }
  }
  return out;
}

export function renderCost(res: CostResults): string {
  const lines = ['# esferry cost per document (sink)', '', machineLine(res.machine), ''];
  lines.push(`Source: the bench page source as Elasticsearch ${res.sourceVersion} (pre-rendered pages, ~620 B small-log documents, 5 shards); destination: the bench sink as ${res.destVersion} (checks the NDJSON shape of every _bulk, answers per-item results, indexes nothing). Neither does real work, so each row is the copier's own cost. Wall time from spawn to exit; CPU = user + system of the copier process (getrusage); the official client reads from an 8.15 page source (it refuses clusters without x-elastic-product).`, '');
  lines.push('## Side by side', '', ...sideTable(res.side), '');
  if (res.scaling.length) {
    lines.push('## esferry scaling (sink)', '', '| docs | wall s | docs/s | CPU-s per 100k docs | peak RSS MB |', '|---|---|---|---|---|');
    for (const r of res.scaling) {
      const d = derive(r);
      lines.push(`| ${fmt(r.corpus.docs)} | ${cell(d.wallS, 2)} | ${cell(d.docsPerSec)} | ${cell(per100k(d.cpuS, r.corpus.docs), 2)} | ${cell(d.peakRssMB)} |`);
    }
    lines.push('');
  }
  if (res.breakdown) {
    const b = res.breakdown;
    lines.push(`## Where esferry's CPU goes (${fmt(b.docs)} docs, one run under --cpu-prof)`, '');
    lines.push(`Shares of the main thread's non-idle profile samples (${fmt(b.profiledMs)} ms sampled); CPU-s per 100k docs is the share applied to the process's measured CPU (${fmt(b.rusageMs)} ms, which also holds V8's background GC and compiler threads). Startup is everything before the first search page is scanned (module loading, CLI, cluster checks, index creation); GC is the main thread's pauses.`, '');
    lines.push('| part | share | ≈ CPU-s per 100k docs |', '|---|---|---|');
    for (const p of PARTS) {
      const share = b.parts[p] / b.profiledMs;
      lines.push(`| ${p} | ${fmt(100 * share, 1)} % | ${fmt((share * b.rusageMs * 100) / b.docs, 2)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
