// Resume-cost bench: per source version, `esferry copy --state` is killed with SIGKILL at a random
// point of the copy, then `--resume` finishes it. Documents written twice are counted from the
// destination's `_version`s (an index op on an existing id bumps it; a fresh index starts at 1).
// Test clusters run in their own processes; the copier is the real CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClusterProcess, type ClusterProcess } from '../lib/cluster-process.js';
import { countDocs, esCall } from '../lib/es-admin.js';
import { nodeScript } from '../lib/paths.js';
import { seedCorpus } from '../corpus/seed.js';
import { seededRandom } from '../corpus/rng.js';
import { decodeState } from '../../src/state/state-format.js';
import { defaultRoutingShards, shardFor } from '../../src/cluster/routing.js';

export interface ResumeBenchOptions {
  docs: number;
  versions: string[];
  /** destination version */
  dest: string;
  /** source shards (5.x/6.x defaults: 5) */
  shards: number;
  pageSize: number;
  seed: string;
  log: (line: string) => void;
}

export interface ResumeRow {
  version: string;
  mode: string;
  slices: number;
  killedAt: number;
  recopied: number;
  pagesPerSlice: number;
  /** pages re-copied by the slice that re-copied most */
  worstSlicePages: number;
  firstS: number;
  resumeS: number;
}

const INDEX = 'resume-bench';

function startCopy(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const { execArgv, script } = nodeScript('src/cli/main');
  const child = spawn(process.execPath, [...execArgv, script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

/**
 * sum of `_version` over every doc of the index: docs + writes beyond the first; `bySlice` counts the
 * writes beyond the first per slice of the source read (the slice a doc's id routes to)
 */
async function versionSum(url: string, index: string, sliceOf?: (id: string) => number, bySlice?: number[]): Promise<{ docs: number; writes: number }> {
  // the copy turned refreshes off: without one the search misses the latest writes
  await esCall(url, 'POST', `/${index}/_refresh`);
  let r = await esCall(url, 'POST', `/${index}/_search?scroll=2m`, { size: 5000, _source: false, version: true, sort: ['_doc'] });
  let docs = 0;
  let writes = 0;
  for (;;) {
    const hits = (r.json?.hits?.hits ?? []) as { _id: string; _version: number }[];
    if (hits.length === 0) break;
    for (const h of hits) {
      docs++;
      writes += h._version;
      if (bySlice && sliceOf && h._version > 1) bySlice[sliceOf(h._id)]! += h._version - 1;
    }
    r = await esCall(url, 'POST', '/_search/scroll', { scroll: '2m', scroll_id: r.json._scroll_id });
  }
  return { docs, writes };
}

async function runOne(version: string, o: ResumeBenchOptions, rnd: () => number, dir: string): Promise<ResumeRow> {
  let source: ClusterProcess | undefined;
  let dest: ClusterProcess | undefined;
  try {
    source = await startClusterProcess(version, o.log);
    dest = await startClusterProcess(o.dest, o.log);
    const major = Number(version.split('.')[0]);
    await seedCorpus({ url: source.url, index: INDEX, kind: 'small', count: o.docs, shards: o.shards, ...(major < 7 ? { type: 'doc' } : {}) });
    const state = join(dir, `state-${version}.json`);
    const args = ['copy', '--source', source.url, '--dest', dest.url, '--index', INDEX, '--state', state, '--page-size', String(o.pageSize), '--progress', 'none'];
    // between 10 % and 70 %: late kills can land after the last write, when there is nothing left to lose
    const killAt = Math.round(o.docs * (0.1 + 0.6 * rnd()));
    const t0 = performance.now();
    const first = startCopy(args);
    let exited = false;
    void first.done.then(() => (exited = true));
    // poll what the destination holds (a refresh each time: the copy turned refreshes off)
    while (!exited && (await countDocs(dest.url, INDEX)) < killAt) await new Promise((r) => setTimeout(r, 100));
    if (exited) throw new Error(`${version}: the copy ended before the kill point: ${(await first.done).stderr}`);
    first.child.kill('SIGKILL');
    await first.done;
    const firstS = (performance.now() - t0) / 1000;
    const before = await versionSum(dest.url, INDEX);
    const positions = decodeState(readFileSync(state, 'utf8'), state).indices[INDEX]?.positions ?? [];
    const t1 = performance.now();
    const again = await startCopy([...args, '--resume']).done;
    if (again.code !== 0) throw new Error(`${version}: resume failed (${again.code}): ${again.stderr}`);
    const resumeS = (performance.now() - t1) / 1000;
    const slices = Math.max(1, positions.length);
    // slices are whole source shards (shard % slices); the test cluster routes ids as Elasticsearch does
    const routingShards = defaultRoutingShards(o.shards, /^(opensearch|os)/.test(version) ? 7 : major);
    const bySlice = new Array<number>(slices).fill(0);
    const end = await versionSum(dest.url, INDEX, (id) => shardFor(id, o.shards, routingShards) % slices, bySlice);
    if (end.docs !== o.docs) throw new Error(`${version}: ${end.docs} of ${o.docs} docs after the resume`);
    const recopied = end.writes - o.docs;
    const row: ResumeRow = {
      version,
      mode: positions[0]?.mode ?? 'none saved',
      slices,
      killedAt: before.docs,
      recopied,
      pagesPerSlice: recopied / (o.pageSize * slices),
      worstSlicePages: Math.max(...bySlice) / o.pageSize,
      firstS,
      resumeS,
    };
    o.log(`${version}: killed at ${row.killedAt} docs (${row.mode}, ${slices} slice(s)), re-copied ${recopied} (${row.pagesPerSlice.toFixed(2)} pages per slice, worst slice ${row.worstSlicePages.toFixed(2)}; per slice ${bySlice.join(' ')})`);
    return row;
  } finally {
    await dest?.stop();
    await source?.stop();
  }
}

export async function runResumeBench(o: ResumeBenchOptions): Promise<{ rows: ResumeRow[]; markdown: string }> {
  const load0 = loadavg()[0]!;
  const rnd = seededRandom(o.seed);
  const dir = mkdtempSync(join(tmpdir(), 'esferry-resume-bench-'));
  const rows: ResumeRow[] = [];
  try {
    for (const v of o.versions) rows.push(await runOne(v, o, rnd, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, markdown: resumeTable(rows, o, load0) };
}

export function resumeTable(rows: ResumeRow[], o: Pick<ResumeBenchOptions, 'docs' | 'dest' | 'shards' | 'pageSize' | 'seed'>, load0: number): string {
  const lines = [
    `${o.docs.toLocaleString('en-US')} small log docs per source (${o.shards} shards), \`esferry copy --state\` into ${o.dest} killed with SIGKILL at a random point (seed "${o.seed}"), then \`--resume\`; page size ${o.pageSize}, other settings default. Re-copied = sum of the destination's \`_version\`s minus the doc count.`,
    '',
    '| source | read mode | slices | killed at (docs in dest) | re-copied docs | pages per slice | worst slice (pages) | first run s | resume s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.version} | ${r.mode} | ${r.slices} | ${r.killedAt.toLocaleString('en-US')} | ${r.recopied.toLocaleString('en-US')} | ${r.pagesPerSlice.toFixed(2)} | ${r.worstSlicePages.toFixed(2)} | ${r.firstS.toFixed(1)} | ${r.resumeS.toFixed(1)} |`,
    ),
    '',
    `Machine: ${cpus().length} cores, 1-minute load ${load0.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after (both clusters and the copier share these cores).`,
  ];
  return lines.join('\n');
}
