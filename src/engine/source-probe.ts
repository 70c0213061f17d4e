// What the engine asks the source before reading an index: how many docs, and how big one is.
import type { Cluster } from '../cluster/types.js';
import { buildQuery, buildSearchBody, type ReadFilter } from '../read/search-body.js';
import { scanSearchResponse } from '../read/hits-scanner.js';
import { DEFAULTS } from './defaults.js';

export async function countSource(source: Cluster, index: string, filter: ReadFilter): Promise<number> {
  const res = await source.transport.request<{ count?: number }>(source.dialect.countRequest(index, buildQuery(filter)));
  return typeof res.body.count === 'number' ? res.body.count : 0;
}

/**
 * Page size from the average bytes of a small sample, so even the first page fits maxPageBytes.
 * A scroll keeps its page size for life, so this is where scroll reads adapt; search_after
 * reads adapt again after every page.
 */
export async function probePageSize(source: Cluster, index: string, filter: ReadFilter, pageSize: number, maxPageBytes: number): Promise<number> {
  const body = buildSearchBody(source.dialect, filter, DEFAULTS.probeSize, ['_doc']);
  const res = await source.transport.requestRaw({ method: 'POST', path: `/${encodeURIComponent(index)}/_search`, body });
  const { hits } = scanSearchResponse(res.body);
  if (hits.length === 0) return pageSize;
  const perHit = hits.reduce((n, h) => n + h.bytes, 0) / hits.length;
  return Math.max(1, Math.min(pageSize, Math.floor((maxPageBytes * 0.9) / perHit)));
}
