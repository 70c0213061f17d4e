// Splitting a resolved index list between n hosts so that each index is copied by exactly one.
// Every host runs the same command with its own `--shard i/n`; the split only depends on the
// resolved list, so hosts agree as long as they see the same indices and weights. With a source
// that is still being written to, doc counts can differ between hosts: use `--shard-by name`.

export type ShardBy = 'size' | 'docs' | 'name';

export interface ShardSpec {
  index: number;
  count: number;
}

/** Parses "i/n" (0 <= i < n). Returns an error message on bad input. */
export function parseShardSpec(text: string): ShardSpec | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `--shard must look like i/n (e.g. 0/3), got "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return `--shard: n must be at least 1, got "${text}"`;
  if (index >= count) return `--shard: i must be between 0 and ${count - 1} for n=${count}, got "${text}"`;
  return { index, count };
}

interface Weighted {
  name: string;
  docs: number;
  bytes: number;
}

/**
 * Deterministic balanced split: heaviest first (ties by name), each to the least-loaded share
 * (ties to the lowest share number). `name` mode deals sorted names round-robin, which needs no
 * weights at all and therefore survives a live source.
 */
export function splitForShards<T extends Weighted>(items: T[], count: number, by: ShardBy = 'size'): T[][] {
  const shares: T[][] = Array.from({ length: count }, () => []);
  if (by === 'name') {
    [...items].sort((a, b) => cmp(a.name, b.name)).forEach((it, i) => shares[i % count]!.push(it));
    return shares;
  }
  const weight = (it: T) => (by === 'docs' ? it.docs : it.bytes || it.docs);
  const load = new Array<number>(count).fill(0);
  const sorted = [...items].sort((a, b) => weight(b) - weight(a) || cmp(a.name, b.name));
  for (const it of sorted) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[best]!) best = s;
    shares[best]!.push(it);
    load[best]! += weight(it);
  }
  return shares;
}

/** The items of one share, in the original list order. */
export function pickShard<T extends Weighted>(items: T[], spec: ShardSpec, by: ShardBy = 'size'): T[] {
  const mine = new Set(splitForShards(items, spec.count, by)[spec.index]!.map((i) => i.name));
  return items.filter((i) => mine.has(i.name));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
