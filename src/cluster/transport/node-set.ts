// Which node gets the next request: round-robin over live nodes; a node that failed a connection
// is left alone for a growing backoff period, then tried again.

export interface NodeHealth {
  failures: number;
  deadUntil: number;
}

export interface NodeSetOptions {
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

export class NodeSet<T> {
  private nodes: { node: T; health: NodeHealth }[];
  private cursor = 0;
  private readonly base: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(nodes: T[], opts: NodeSetOptions = {}) {
    if (nodes.length === 0) throw new Error('NodeSet needs at least one node');
    this.nodes = nodes.map((node) => ({ node, health: { failures: 0, deadUntil: 0 } }));
    this.base = opts.baseBackoffMs ?? 1_000;
    this.max = opts.maxBackoffMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.nodes.length;
  }

  all(): T[] {
    return this.nodes.map((n) => n.node);
  }

  /** Next live node in turn; when all are resting, the one whose rest ends first. */
  next(exclude: ReadonlySet<T> = new Set()): T | undefined {
    const t = this.now();
    const n = this.nodes.length;
    for (let i = 0; i < n; i++) {
      const entry = this.nodes[(this.cursor + i) % n]!;
      if (entry.health.deadUntil <= t && !exclude.has(entry.node)) {
        this.cursor = (this.cursor + i + 1) % n;
        return entry.node;
      }
    }
    const candidates = this.nodes.filter((e) => !exclude.has(e.node));
    if (candidates.length === 0) return undefined;
    return candidates.reduce((a, b) => (b.health.deadUntil < a.health.deadUntil ? b : a)).node;
  }

  markDead(node: T): void {
    const e = this.nodes.find((x) => x.node === node);
    if (!e) return;
    e.health.failures++;
    const backoff = Math.min(this.max, this.base * 2 ** (e.health.failures - 1));
    e.health.deadUntil = this.now() + backoff;
  }

  markAlive(node: T): void {
    const e = this.nodes.find((x) => x.node === node);
    if (e) e.health = { failures: 0, deadUntil: 0 };
  }

  isAlive(node: T): boolean {
    const e = this.nodes.find((x) => x.node === node);
    return !!e && e.health.deadUntil <= this.now();
  }
}
