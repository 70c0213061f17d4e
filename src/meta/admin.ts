// Read/write calls on index metadata that the workflow needs, over the cluster Transport. Shapes
// differ across versions only in ways handled here (typeless mapping responses, hits.total).
import type { Transport } from '../cluster/types.js';
import { mapLimit } from '../plan/map-limit.js';
import type { SourceIndexInfo } from '../plan/resolve.js';

type Obj = Record<string, unknown>;

export function indexPath(name: string, suffix = ''): string {
  return `/${encodeURIComponent(name)}${suffix}`;
}

/** Every index on the cluster with its doc count and primary store size. */
export async function listIndices(t: Transport): Promise<SourceIndexInfo[]> {
  const res = await t.request<Obj[]>({ method: 'GET', path: '/_cat/indices', query: { format: 'json', bytes: 'b' } });
  const rows = Array.isArray(res.body) ? res.body : [];
  return rows.map((r) => ({
    name: String(r.index),
    docs: Number(r['docs.count'] ?? 0) || 0,
    bytes: Number(r['pri.store.size'] ?? r['store.size'] ?? 0) || 0,
    status: typeof r.status === 'string' ? r.status : undefined,
  }));
}

/** alias name → the indices it points to, for the whole cluster */
export async function listAliases(t: Transport): Promise<Map<string, string[]>> {
  const res = await t.request<Record<string, { aliases?: Record<string, unknown> }>>({ method: 'GET', path: '/_alias', okStatuses: [404] });
  const out = new Map<string, string[]>();
  if (res.status !== 200 || !res.body || typeof res.body !== 'object') return out;
  for (const [index, v] of Object.entries(res.body)) {
    for (const alias of Object.keys(v?.aliases ?? {})) out.set(alias, [...(out.get(alias) ?? []), index]);
  }
  return out;
}

export async function indexExists(t: Transport, name: string): Promise<boolean> {
  const res = await t.request({ method: 'HEAD', path: indexPath(name), okStatuses: [404] });
  return res.status === 200;
}

/** The `settings` object of one index (nested `index` block) */
export async function getIndexSettings(t: Transport, name: string): Promise<Obj> {
  const res = await t.request<Record<string, { settings?: Obj }>>({ method: 'GET', path: indexPath(name, '/_settings') });
  return pickIndex(res.body, name)?.settings ?? {};
}

/** The `mappings` object of one index as returned (typed or typeless) */
export async function getIndexMappings(t: Transport, name: string, timeoutMs?: number): Promise<Obj> {
  const res = await t.request<Record<string, { mappings?: Obj }>>({ method: 'GET', path: indexPath(name, '/_mapping'), ...(timeoutMs ? { timeoutMs } : {}) });
  return pickIndex(res.body, name)?.mappings ?? {};
}

export async function getIndexAliases(t: Transport, name: string): Promise<Record<string, Obj>> {
  const res = await t.request<Record<string, { aliases?: Record<string, Obj> }>>({ method: 'GET', path: indexPath(name, '/_alias'), okStatuses: [404] });
  if (res.status === 404) return {};
  return pickIndex(res.body, name)?.aliases ?? {};
}

/** GET responses are keyed by the concrete index name (an alias or pattern resolves to it). */
function pickIndex<T>(body: Record<string, T> | undefined, name: string): T | undefined {
  if (!body || typeof body !== 'object') return undefined;
  return body[name] ?? Object.values(body)[0];
}

export interface CountQuery {
  query?: Obj;
}

/** Exact document count (unlike cat/stats, nested docs are not counted). */
export async function countDocs(t: Transport, name: string, query?: Obj): Promise<number> {
  const res = await t.request<{ count?: number }>({
    method: query ? 'POST' : 'GET',
    path: indexPath(name, '/_count'),
    body: query ? { query } : undefined,
  });
  return Number(res.body?.count ?? 0);
}

export async function refreshIndex(t: Transport, name: string): Promise<void> {
  await t.request({ method: 'POST', path: indexPath(name, '/_refresh') });
}

export interface IndexStats {
  docs: number;
  deleted: number;
  bytes: number;
}

/** docs.count, docs.deleted and store size (primaries) for each of `names` that exists. */
export async function indexStats(t: Transport, names: string[]): Promise<Map<string, IndexStats>> {
  const out = new Map<string, IndexStats>();
  await mapLimit(names, 8, async (name) => {
    const res = await t.request<{ indices?: Record<string, { primaries?: { docs?: Obj; store?: Obj } }> }>({
      method: 'GET',
      path: indexPath(name, '/_stats/docs,store'),
      okStatuses: [404],
    });
    if (res.status === 404) return;
    const p = res.body?.indices?.[name]?.primaries;
    out.set(name, {
      docs: Number(p?.docs?.count ?? 0),
      deleted: Number(p?.docs?.deleted ?? 0),
      bytes: Number(p?.store?.size_in_bytes ?? 0),
    });
  });
  return out;
}
