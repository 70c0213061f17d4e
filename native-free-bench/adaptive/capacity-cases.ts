// The engine itself (read → pipeline → bulk writers) copying into destinations at capacity:
// write pools smaller than the shards one bulk touches, and one whose capacity halves mid-run.
// Each row is a whole `copy()` from a source test cluster into a fresh destination test cluster,
// both in child processes; the last row of a case is a sequential bulk loader (one request at a
// time, full prebuilt bulks, rejected items sent again) on the same destination: the bar to beat.
//   node --import tsx native-free-bench/adaptive/capacity-cases.ts [--docs N] [--dps N] [--cases a,b] [--rows adaptive,perfect] [--readme]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
// the engine alone (documents only); the library's copy() with metadata is tested in test/library
import { copy } from '../../src/engine/copy.js';
import type { ProgressEvent } from '../../src/engine/types.js';
import { createFixedController } from '../../src/write/concurrency/fixed.js';
import { startChildCluster, type ChildCluster } from './cluster-backend.js';
import { runHttpLoad } from './http-load.js';
import { resultsDir } from '../lib/paths.js';
import { defaultRoutingShards, shardFor } from '../../src/cluster/routing.js';

export interface CapacityCase {
  name: string;
  shards: number;
  threads: number;
  queueSize: number;
  /** capacity halves at 1/3 of the ideal time and comes back at 2/3 */
  halves?: boolean;
}

export const CASES: CapacityCase[] = [
  { name: '(a) 5 primaries, 1 thread, queue 1', shards: 5, threads: 1, queueSize: 1 },
  { name: '(b) 5 primaries, 1 thread, queue 2', shards: 5, threads: 1, queueSize: 2 },
  { name: '(c) 2 primaries, 1 thread, queue 10', shards: 2, threads: 1, queueSize: 10 },
  { name: '(d) 5 primaries, 1 thread, queue 2, capacity halves mid-run', shards: 5, threads: 1, queueSize: 2, halves: true },
];

const SEQUENTIAL = 'sequential bulk loader (1 request at a time)';
const PERFECT = 'perfect sequential loader (1 single-shard bulk at a time)';

const ROWS: Array<{ name: string; writers?: number }> = [{ name: 'esferry adaptive' }, { name: 'esferry fixed 1', writers: 1 }, { name: 'esferry fixed 4', writers: 4 }, { name: 'esferry fixed 32', writers: 32 }];

export interface CapacityRow {
  caseName: string;
  contender: string;
  wallMs: number;
  /** wall time a destination running at its (time-varying) capacity needs for these docs */
  idealMs: number;
  written: number;
  deadLettered: number;
  requests?: number;
  docsP10?: number;
  docsP50?: number;
  /** rejected / sent over the second half of the run (after convergence) */
  rejectedLate?: number;
}

interface Options {
  docs: number;
  docsPerSecond: number;
  bulkDocs: number;
  log: (line: string) => void;
}

function idealMs(c: CapacityCase, docs: number, capacity: number): number {
  const full = (docs / capacity) * 1000;
  // a third of the run at half speed writes a sixth less: that sixth takes longer
  return c.halves ? full + full / 6 : full;
}

async function withDestination<T>(c: CapacityCase, o: Options, fn: (dest: ChildCluster) => Promise<T>): Promise<T> {
  const dest = await startChildCluster({ version: '7.17', threads: c.threads, queueSize: c.queueSize, docsPerSecond: o.docsPerSecond });
  const timers: NodeJS.Timeout[] = [];
  try {
    const res = await fetch(`${dest.url}/logs`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: { number_of_shards: c.shards, number_of_replicas: 0 } }) });
    if (res.status !== 200) throw new Error(`creating the destination index: ${res.status} ${await res.text()}`);
    if (c.halves) {
      const t = (o.docs / (c.threads * o.docsPerSecond)) * 1000;
      timers.push(setTimeout(() => dest.setCapacity({ docsPerSecond: o.docsPerSecond / 2 }), t / 3));
      timers.push(setTimeout(() => dest.setCapacity({ docsPerSecond: o.docsPerSecond }), (2 * t) / 3));
    }
    return await fn(dest);
  } finally {
    for (const t of timers) clearTimeout(t);
    await dest.stop();
  }
}

async function esferryRow(c: CapacityCase, row: (typeof ROWS)[number], source: string, o: Options): Promise<CapacityRow> {
  return withDestination(c, o, async (dest) => {
    const events: ProgressEvent[] = [];
    const started = performance.now();
    const handle = copy({
      source: { nodes: source },
      dest: { nodes: dest.url },
      sourceIndex: 'logs',
      bulkDocs: o.bulkDocs,
      progressIntervalMs: 250,
      deadLetterFile: join(tmpdir(), `esferry-capacity-${process.pid}.ndjson`),
      ...(row.writers ? { writers: row.writers } : {}),
    });
    handle.on('progress', (p) => events.push(p));
    const report = await handle.done;
    const wallMs = performance.now() - started;
    const idx = report.indices[0]!;
    const mid = events[Math.floor(events.length / 2)];
    const end = events[events.length - 1];
    let rejectedLate: number | undefined;
    if (mid && end) {
      const rejected = end.rejectedItems - mid.rejectedItems;
      const sent = end.written - mid.written + rejected;
      rejectedLate = sent > 0 ? rejected / sent : 0;
    }
    return {
      caseName: c.name,
      contender: row.name,
      wallMs,
      idealMs: idealMs(c, o.docs, c.threads * o.docsPerSecond),
      written: idx.written,
      deadLettered: idx.deadLettered,
      requests: idx.bulks?.requests,
      docsP10: idx.bulks?.docsP10,
      docsP50: idx.bulks?.docsP50,
      rejectedLate,
    };
  });
}

/**
 * One request at a time, full prebuilt bulks, rejected items sent again. `perShard` sends the
 * documents ordered by destination shard, so each bulk is one shard task: what a perfect
 * sequential loader that knows the layout does — a single-thread pool never rejects it.
 */
async function sequentialRow(c: CapacityCase, o: Options, perShard: boolean): Promise<CapacityRow> {
  return withDestination(c, o, async (dest) => {
    let order: number[] | undefined;
    if (perShard) {
      const routingShards = defaultRoutingShards(c.shards, 7);
      const shardOf = Array.from({ length: o.docs }, (_, i) => shardFor(String(i), c.shards, routingShards));
      order = Array.from({ length: o.docs }, (_, i) => i).sort((x, y) => shardOf[x]! - shardOf[y]! || x - y);
    }
    const r = await runHttpLoad({ url: dest.url, index: 'logs', totalDocs: o.docs, bulkDocs: o.bulkDocs, controller: createFixedController(1), order });
    return {
      caseName: c.name,
      contender: perShard ? PERFECT : SEQUENTIAL,
      wallMs: r.elapsedMs,
      idealMs: idealMs(c, o.docs, c.threads * o.docsPerSecond),
      written: r.written,
      deadLettered: r.failed,
      requests: r.bulks,
      rejectedLate: r.itemsSent > 0 ? r.rejectedItems / r.itemsSent : 0,
    };
  });
}

const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export function capacityTable(rows: CapacityRow[], o: Pick<Options, 'docs' | 'docsPerSecond' | 'bulkDocs'>): string {
  const out = [
    `${o.docs} log documents (~600 B) from a 6.8 source (5 primaries) into a 7.17 destination whose write pool indexes ${o.docsPerSecond} docs/s per thread; bulks of ${o.bulkDocs}. ` +
      '"of capacity" = the time the destination needs at its capacity / the wall time; "vs sequential" and "vs perfect" = wall time / that loader\'s on the same destination in the same run. ' +
      '"rejected after convergence" = rejected / sent items over the second half of the run (whole run for the loaders).',
    '',
    '| case | contender | wall | of capacity | vs sequential | vs perfect | bulks | docs/bulk p10 / p50 | rejected after convergence | dead-lettered |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const seq = rows.find((x) => x.caseName === r.caseName && x.contender === SEQUENTIAL);
    const perfect = rows.find((x) => x.caseName === r.caseName && x.contender === PERFECT);
    out.push(
      `| ${r.caseName} | ${r.contender} | ${(r.wallMs / 1000).toFixed(1)} s | ${pct(r.idealMs / r.wallMs)} | ${seq ? `${(r.wallMs / seq.wallMs).toFixed(2)}×` : ''} | ${perfect ? `${(r.wallMs / perfect.wallMs).toFixed(2)}×` : ''} | ${r.requests ?? ''} | ${r.docsP10 !== undefined ? `${r.docsP10} / ${r.docsP50}` : ''} | ${pct(r.rejectedLate)} | ${r.deadLettered} |`,
    );
  }
  return out.join('\n');
}

export async function runCapacityCases(o: Options, cases = CASES, rowFilter: (name: string) => boolean = () => true): Promise<{ rows: CapacityRow[]; markdown: string }> {
  const source = await startChildCluster({ version: '6.8', threads: 2, queueSize: 200, docsPerSecond: 1e9 }, [`logs:${o.docs}`]);
  const rows: CapacityRow[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    for (const c of cases) {
      for (const row of ROWS) {
        if (!rowFilter(row.name)) continue;
        o.log(`capacity bench: ${c.name}: ${row.name}`);
        rows.push(await esferryRow(c, row, source.url, o));
      }
      for (const perShard of [false, true]) {
        if (!rowFilter(perShard ? PERFECT : SEQUENTIAL)) continue;
        o.log(`capacity bench: ${c.name}: ${perShard ? PERFECT : SEQUENTIAL}`);
        rows.push(await sequentialRow(c, o, perShard));
      }
    }
  } finally {
    await source.stop();
  }
  const markdown = [
    '## A destination at capacity',
    '',
    capacityTable(rows, o),
    '',
    `Machine: ${cpus().length} cores, 1-minute load ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after (both clusters and the copier share these cores).`,
  ].join('\n');
  return { rows, markdown };
}

const START = '<!-- capacity-bench:start -->';
const END = '<!-- capacity-bench:end -->';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { docs: { type: 'string', default: '30000' }, dps: { type: 'string', default: '5000' }, bulk: { type: 'string', default: '1000' }, readme: { type: 'boolean', default: false }, cases: { type: 'string' }, rows: { type: 'string' } } });
  // --cases a,d and --rows adaptive,perfect pick a part of the table (quick checks; not for --readme)
  const pick = values.cases?.split(',');
  const cases = pick ? CASES.filter((c) => pick.some((p) => c.name.startsWith(`(${p})`))) : CASES;
  const rowWords = values.rows?.split(',');
  const rowFilter = (name: string) => !rowWords || rowWords.some((w) => name.includes(w));
  if (values.readme && (pick || rowWords)) throw new Error('--readme needs the whole table: drop --cases/--rows');
  const o: Options = { docs: Number(values.docs), docsPerSecond: Number(values.dps), bulkDocs: Number(values.bulk), log: (l) => process.stderr.write(`${l}\n`) };
  const { markdown } = await runCapacityCases(o, cases, rowFilter);
  process.stdout.write(`${markdown}\n`);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'capacity.md'), `${markdown}\n`);
  if (values.readme) {
    const readmePath = join(resultsDir, '..', '..', 'README.md');
    const readme = await readFile(readmePath, 'utf8');
    const from = readme.indexOf(START);
    const to = readme.indexOf(END);
    if (from < 0 || to < from) throw new Error(`README has no ${START} … ${END} markers`);
    const body = markdown.replace(/^## .*\n+/, '');
    const command = `npm run bench:capacity -- --docs ${o.docs} --dps ${o.docsPerSecond}`;
    await writeFile(readmePath, `${readme.slice(0, from)}${START}\nProduced by \`${command}\`.\n\n${body}\n${readme.slice(to)}`);
  }
}
