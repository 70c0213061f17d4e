// Where esferry's CPU goes, from one V8 CPU profile (node --cpu-prof): each sample is charged to
// the nearest frame on its stack that belongs to a known part (the read scanner, bulk building,
// HTTP), GC and startup (everything before the first read) apart.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
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

/** CPU milliseconds per part; idle time is left out. */
export function breakdown(profileFile: string): Breakdown {
  const p = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, { part: Part | undefined; reads: boolean }>();
  const resolve = (id: number): { part: Part | undefined; reads: boolean } => {
    const hit = memo.get(id);
    if (hit) return hit;
    const n = byId.get(id)!;
    const own = partOf(n.callFrame.url);
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
