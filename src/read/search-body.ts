// The search body every reader sends: the user's filter, the time window, _source filtering.
import type { Dialect } from '../cluster/types.js';

export interface ReadFilter {
  query?: Record<string, unknown>;
  timeField?: string;
  since?: string | number;
  until?: string | number;
  sourceIncludes?: string[];
  sourceExcludes?: string[];
  /** ask for _version in hits (keepVersion) */
  version?: boolean;
}

export function buildQuery(f: ReadFilter): Record<string, unknown> | undefined {
  const filters: unknown[] = [];
  if (f.query) filters.push(f.query);
  if (f.timeField && (f.since !== undefined || f.until !== undefined)) {
    const range: Record<string, unknown> = {};
    if (f.since !== undefined) range.gte = f.since;
    // until is exclusive so consecutive windows never copy a document twice
    if (f.until !== undefined) range.lt = f.until;
    filters.push({ range: { [f.timeField]: range } });
  }
  if (filters.length === 0) return undefined;
  if (filters.length === 1) return filters[0] as Record<string, unknown>;
  return { bool: { filter: filters } };
}

export function buildSearchBody(dialect: Dialect, f: ReadFilter, size: number, sort: unknown[]): Record<string, unknown> {
  const body: Record<string, unknown> = { size, sort };
  const query = buildQuery(f);
  if (query) body.query = query;
  if (f.sourceIncludes?.length || f.sourceExcludes?.length) {
    // 2.x spells the keys in the singular
    const legacy = dialect.info.distribution === 'elasticsearch' && dialect.info.major <= 2;
    const src: Record<string, unknown> = {};
    if (f.sourceIncludes?.length) src[legacy ? 'include' : 'includes'] = f.sourceIncludes;
    if (f.sourceExcludes?.length) src[legacy ? 'exclude' : 'excludes'] = f.sourceExcludes;
    body._source = src;
  }
  if (f.version) body.version = true;
  return body;
}
