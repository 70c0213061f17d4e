// Splitting a resolved index list between n hosts so that each index is copied by exactly one.
// Every host runs the same command with its own `--shard i/n`; the split only depends on the
// resolved list, so hosts agree as long as they see the same indices and weights. With a source
// that is still being written to, doc counts can differ between hosts: use `--shard-by name`.

export type ShardBy = 'size' | 'docs' | 'name';

/** share `share` of `count`, counted from 1 as people say it: 1/3, 2/3, 3/3 */
export interface ShardSpec {
  share: number;
  count: number;
}

/**
 * Parses "i/n", 1 <= i <= n ("share 1 of 3" is 1/3). Counting from 0 is refused rather than guessed:
 * 0/3 names no share, and n/n would be out of range for a 0-based reader, so neither is ambiguous.
 * Returns an error message on bad input.
 */
export function parseShardSpec(text: string): ShardSpec | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `--shard must look like i/n, counted from 1 (1/3, 2/3, 3/3 for three hosts), got "${text}"`;
  const share = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return `--shard: n must be at least 1, got "${text}"`;
  if (share === 0) return `--shard counts from 1: "${text}" names no share; the ${count} hosts use 1/${count} … ${count}/${count}`;
  if (share > count) return `--shard: i must be between 1 and ${count} for n=${count}, got "${text}"`;
  return { share, count };
}

/** "2/3" */
export function shardLabel(spec: ShardSpec): string {
  return `${spec.share}/${spec.count}`;
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
  const mine = new Set(splitForShards(items, spec.count, by)[spec.share - 1]!.map((i) => i.name));
  return items.filter((i) => mine.has(i.name));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
