// Seeding a test cluster over HTTP and reading back exactly what it stores.
import type { ClusterState } from '../../../fixtures/cluster/types.js';

export interface SeedDoc {
  id: string;
  type?: string;
  routing?: string;
  parent?: string;
  source: Record<string, unknown>;
}

/** bulk-loads through the public API (refresh=true), so every version stores docs its own way */
export async function bulkLoad(url: string, index: string, docs: SeedDoc[], opts: { defaultType?: string; underscore?: boolean } = {}): Promise<void> {
  for (let at = 0; at < docs.length; at += 2000) {
    const lines: string[] = [];
    for (const d of docs.slice(at, at + 2000)) {
      const meta: Record<string, unknown> = { _index: index, _id: d.id };
      const type = d.type ?? opts.defaultType;
      if (type) meta._type = type;
      const u = opts.underscore ? '_' : '';
      if (d.routing) meta[`${u}routing`] = d.routing;
      if (d.parent) meta[`${u}parent`] = d.parent;
      lines.push(JSON.stringify({ index: meta }), JSON.stringify(d.source));
    }
    const res = await fetch(`${url}/_bulk?refresh=true`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' });
    const body = (await res.json()) as { errors?: boolean; items?: unknown[] };
    if (res.status !== 200 || body.errors) throw new Error(`seeding ${index} failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  }
}

export async function createIndex(url: string, index: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/${index}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`creating ${index} failed: ${res.status} ${await res.text()}`);
}

export interface StoredView {
  type: string;
  routing?: string;
  parent?: string;
  source: unknown;
}

/** every stored doc of `index`, keyed by id (type#id when several types share an id space) */
export function docsOf(state: ClusterState, index: string): Map<string, StoredView> {
  const out = new Map<string, StoredView>();
  const idx = state.indices.get(index);
  if (!idx) return out;
  for (const shard of idx.shards) {
    for (const d of shard.docs.values()) {
      const view: StoredView = { type: d.type, source: JSON.parse(d.source) };
      if (d.routing !== undefined) view.routing = d.routing;
      if (d.parent !== undefined) view.parent = d.parent;
      out.set(d.id, view);
    }
  }
  return out;
}

export function makeDocs(n: number, prefix = 'd', extra: (i: number) => Partial<SeedDoc> = () => ({})): SeedDoc[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    source: { n: i, '@timestamp': new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), msg: `message "${i}" \\ ż 🐢`, tags: ['a', String(i % 7)] },
    ...extra(i),
  }));
}

/** ids and sources of two stores are the same (types/routing compared when asked) */
export function sameDocs(a: Map<string, StoredView>, b: Map<string, StoredView>, opts: { routing?: boolean } = {}): string | undefined {
  if (a.size !== b.size) return `sizes differ: ${a.size} vs ${b.size}`;
  for (const [id, d] of a) {
    const o = b.get(id);
    if (!o) return `missing ${id}`;
    if (JSON.stringify(d.source) !== JSON.stringify(o.source)) return `source of ${id} differs`;
    if (opts.routing && d.routing !== o.routing) return `routing of ${id} differs: ${d.routing} vs ${o.routing}`;
  }
  return undefined;
}
