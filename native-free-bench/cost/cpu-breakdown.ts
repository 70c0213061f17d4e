// Where esferry's CPU goes, from one V8 CPU profile (node --cpu-prof): each sample is charged to
// the nearest frame on its stack that belongs to a known part (the read scanner, bulk building,
// HTTP), GC and startup (everything before the first read) apart. Frames of the bundled CLI are
// traced back to their source files through the bundle's source maps (npm run build writes them).
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const PARTS = ['startup', 'read scanning', 'bulk building', 'bulk responses', 'HTTP and sockets', 'engine control', 'GC', 'other'] as const;
export type Part = (typeof PARTS)[number];

/** the part a frame belongs to, or undefined when the frame says nothing (native, node internals) */
function partOf(url: string): Part | undefined {
  if (url.includes('/undici/')) return 'HTTP and sockets';
  if (!url.includes('/src/')) return undefined;
  if (/\/src\/read\/|source-arena/.test(url)) return 'read scanning';
  if (/\/src\/write\/(bulk-body|body-pool|bulk-shape|shard-groups)|\/src\/pipeline\//.test(url)) return 'bulk building';
  if (/\/src\/write\/bulk-response/.test(url)) return 'bulk responses';
  if (/\/src\/cluster\/transport/.test(url)) return 'HTTP and sockets';
  if (/\/src\/(engine|write|state)\//.test(url)) return 'engine control';
  return undefined;
}

export type Breakdown = Record<Part, number>;

/** the file a frame's code comes from: through `<file>.map` when one lies beside the file (a bundle) */
function sourceLocator(): (f: CallFrame) => string {
  const maps = new Map<string, SourceMap | undefined>();
  return (f) => {
    if (!f.url.startsWith('file:')) return f.url;
    if (!maps.has(f.url)) {
      const mapFile = `${fileURLToPath(f.url)}.map`;
      maps.set(f.url, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
    }
    const map = maps.get(f.url);
    if (!map || f.lineNumber < 0) return f.url;
    const entry = map.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string };
    return entry.originalSource ?? f.url;
  };
}

/** CPU milliseconds per part; idle time is left out. */
export function breakdown(profileFile: string): Breakdown {
  const p = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sourceOf = sourceLocator();
  const memo = new Map<number, { part: Part | undefined; reads: boolean }>();
  const resolve = (id: number): { part: Part | undefined; reads: boolean } => {
    const hit = memo.get(id);
    if (hit) return hit;
    const n = byId.get(id)!;
    const own = partOf(sourceOf(n.callFrame));
    const up = parent.has(id) ? resolve(parent.get(id)!) : { part: undefined, reads: false };
    const r = { part: own ?? up.part, reads: up.reads || own === 'read scanning' };
    memo.set(id, r);
    return r;
  };
  const out = Object.fromEntries(PARTS.map((k) => [k, 0])) as Breakdown;
  let reading = false;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]!)!;
    const us = p.timeDeltas[i + 1] ?? 0;
    const name = n.callFrame.functionName;
    if (name === '(idle)') continue;
    const r = resolve(n.id);
    reading ||= r.reads;
    if (name === '(garbage collector)') out.GC += us / 1000;
    else if (!reading) out.startup += us / 1000;
    else out[r.part ?? 'other'] += us / 1000;
  }
  return out;
}
