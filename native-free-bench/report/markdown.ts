// Renders latest.md: the peer table, the esferry scaling table, targets, micro-benchmarks.
import { machineLine } from '../lib/machine.js';
import { derive, type Derived } from './derive.js';
import type { BenchResults, ContenderResult } from './types.js';
import type { Spread } from '../lib/stats.js';

const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';

function cell(s: Spread, digits = 0): string {
  if (s.n === 0) return 'failed';
  if (s.n === 1) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

function corpusName(r: ContenderResult): string {
  const avg = r.corpus.sourceBytes / r.corpus.docs;
  return `${fmt(r.corpus.docs)} × ${avg >= 1024 ? `${fmt(avg / 1024, 1)} KB` : `${fmt(avg)} B`}`;
}

function ratio(d: Derived, esferry: Derived | undefined): string {
  if (!esferry || esferry.okRuns === 0 || d.okRuns === 0) return '–';
  return `${fmt(d.docsPerSec.median / esferry.docsPerSec.median, 2)}×`;
}

function cpuRatio(d: Derived, esferry: Derived | undefined): string {
  if (!esferry || esferry.okRuns === 0 || d.okRuns === 0) return '–';
  return `${fmt(d.cpuS.median / esferry.cpuS.median, 2)}×`;
}

/** When the limit is barely faster than the slowest peer, the cluster, not the copier, sets the pace. */
function ceilingNotes(res: BenchResults): string[] {
  const notes: string[] = [];
  for (const g of groupBy(res.peers, (r) => `${r.corpus.kind}-${r.corpus.docs}`)) {
    const raw = g.find((r) => r.contender === 'raw');
    if (!raw) continue;
    const rd = derive(raw);
    const peers = g.filter((r) => r !== raw).map((r) => ({ r, d: derive(r) })).filter((x) => x.d.okRuns > 0);
    if (rd.okRuns === 0 || peers.length === 0) continue;
    const slowest = peers.reduce((a, b) => (a.d.docsPerSec.median < b.d.docsPerSec.median ? a : b));
    const headroom = rd.docsPerSec.median / slowest.d.docsPerSec.median;
    notes.push(`${corpusName(raw)}: the raw pump (the ceiling) is ${fmt(headroom, 2)}× the slowest contender (${slowest.r.label}); ` +
      (headroom < 3
        ? 'speed ratios between contenders cannot exceed that here — the test clusters, sharing the cores with the copier, set the pace. Compare CPU per doc for the work each copier does.'
        : 'the copier, not the clusters, separates the contenders.'));
  }
  return notes;
}

export function renderMarkdown(res: BenchResults): string {
  const out: string[] = [];
  out.push('# esferry bench results', '');
  out.push('Copy of one index between test clusters running in their own processes; each contender in its own',
    'process. docs/s and MB/s (of `_source` bytes) from wall time spawn→exit; peak RSS is the copying process\'s',
    'high-water mark (getrusage). Median (min–max) over runs; only runs whose destination count matched count.', '');
  out.push('## Peers', '');
  out.push('| corpus | contender | versions | settings | docs/s | MB/s | peak RSS MB | CPU s | speed vs esferry | CPU per doc vs esferry | verified runs |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  const groups = groupBy(res.peers, (r) => `${r.corpus.kind}-${r.corpus.docs}`);
  for (const rows of groups) {
    const e = rows.find((r) => r.contender === 'esferry');
    const ed = e ? derive(e) : undefined;
    for (const r of rows) {
      const d = derive(r);
      out.push(`| ${corpusName(r)} | ${r.label}${r.note ? ` ¹` : ''} | ${r.corpus.sourceVersion} → ${r.corpus.destVersion} | ${r.settings} | ${cell(d.docsPerSec)} | ${cell(d.mbPerSec, 1)} | ${cell(d.peakRssMB)} | ${cell(d.cpuS, 1)} | ${ratio(d, ed)} | ${cpuRatio(d, ed)} | ${d.okRuns}/${d.runs} |`);
    }
  }
  const notes = res.peers.filter((r) => r.note).map((r) => r.note!);
  for (const n of [...new Set(notes)]) out.push('', `¹ ${n}`);
  out.push('');
  const ceiling = ceilingNotes(res);
  if (ceiling.length) out.push('Ceiling:', '', ...ceiling.map((n) => `- ${n}`), '');
  out.push(...renderTargets(res));
  if (res.scaling.length) {
    out.push('## esferry scaling', '');
    out.push('| corpus | wall s | docs/s | peak RSS MB | CPU s | verified runs |', '|---|---|---|---|---|---|');
    for (const r of res.scaling) {
      const d = derive(r);
      out.push(`| ${corpusName(r)} | ${cell(d.wallS, 2)} | ${cell(d.docsPerSec)} | ${cell(d.peakRssMB)} | ${cell(d.cpuS, 1)} | ${d.okRuns}/${d.runs} |`);
    }
    out.push('');
  }
  if (res.micro.length) {
    out.push('## Micro-benchmarks', '', '| suite | case | ops/s | MB/s | ± |', '|---|---|---|---|---|');
    for (const m of res.micro) out.push(`| ${m.suite} | ${m.name} | ${fmt(m.opsPerSec)} | ${m.mbPerSec !== undefined ? fmt(m.mbPerSec, 1) : '–'} | ${fmt(m.rme, 1)} % |`);
    out.push('');
  }
  // the adaptive section brings its own heading
  if (res.adaptive !== undefined) out.push(res.adaptive, '');
  if (res.coordinated !== undefined) out.push(res.coordinated, '');
  if (res.notes.length) out.push('## Notes', '', ...res.notes.map((n) => `- ${n}`), '');
  out.push('```', machineLine(res.machine), '```', '');
  return out.join('\n');
}

function renderTargets(res: BenchResults): string[] {
  const lines: string[] = [];
  const groups = groupBy(res.peers, (r) => `${r.corpus.kind}-${r.corpus.docs}`);
  const rows: string[] = [];
  for (const g of groups) {
    const e = g.find((r) => r.contender === 'esferry');
    if (!e) continue;
    const ed = derive(e);
    const against = (name: string, want: number, mode: 'esferry/peer' | 'esferry/raw') => {
      const p = g.find((r) => r.contender === name);
      if (!p) return;
      const pd = derive(p);
      if (pd.okRuns === 0 || ed.okRuns === 0) return;
      const x = ed.docsPerSec.median / pd.docsPerSec.median;
      const shown = mode === 'esferry/raw' ? `${fmt(x * 100)} % of raw` : `${fmt(x, 1)}× ${name}`;
      rows.push(`| ${corpusName(e)} | ${mode === 'esferry/raw' ? `≥ ${want * 100} % of raw` : `≥ ${want}× ${name}`} | ${shown} | ${x >= want ? 'met' : 'not met'} |`);
    };
    against('raw', 0.7, 'esferry/raw');
    against('elasticdump', 10, 'esferry/peer');
    against('helpers', 2, 'esferry/peer');
  }
  const scale = res.scaling.map((r) => ({ r, d: derive(r) })).filter((x) => x.d.okRuns > 0);
  if (scale.length) {
    const peak = Math.max(...scale.map((x) => x.d.peakRssMB.max));
    rows.push(`| esferry ${scale.map((x) => fmt(x.r.corpus.docs)).join(' / ')} docs | peak RSS ≤ 150 MB, flat | ${scale.map((x) => fmt(x.d.peakRssMB.median)).join(' / ')} MB | ${peak <= 150 ? 'met' : 'not met'} |`);
  }
  if (rows.length) lines.push('## Targets (shown, not asserted)', '', '| corpus | target | measured | |', '|---|---|---|---|', ...rows, '');
  return lines;
}

function groupBy<T>(xs: T[], key: (x: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(x);
  }
  return [...m.values()];
}
