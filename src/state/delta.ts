// Delta copies (`since: 'last'`): what is "new" is decided by the time field only. Documents deleted on the
// source since the last run are invisible to a delta copy (they are simply not read), and documents indexed
// late with an older timestamp than the last high-water are missed; see docs/resume-and-cutover.md.
import type { Transport } from '../cluster/types.js';

/**
 * Newest value of `timeField` in a source index: the sort value of the top hit in descending order (epoch millis
 * for date fields). null when the index has no document with the field; undefined when the index is missing.
 * Sorting instead of a max aggregation keeps this to the subset of the search API every version shares.
 */
export async function probeMaxTime(
  transport: Transport,
  index: string,
  timeField: string,
  signal?: AbortSignal,
): Promise<string | number | null | undefined> {
  const res = await transport.request<{ hits?: { hits?: Array<{ sort?: unknown[]; _source?: Record<string, unknown> }> } }>({
    method: 'POST',
    path: `/${encodeURIComponent(index)}/_search`,
    body: {
      size: 1,
      query: { exists: { field: timeField } },
      sort: [{ [timeField]: { order: 'desc' } }],
      _source: [timeField],
    },
    okStatuses: [404],
    ...(signal ? { signal } : {}),
  });
  if (res.status === 404) return undefined;
  const hit = res.body.hits?.hits?.[0];
  if (!hit) return null;
  const v = hit.sort?.[0] ?? readPath(hit._source, timeField);
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}

/** probeMaxTime for several indices, in the shape `planResume({ sourceMaxTime })` takes */
export async function probeSourceMaxTimes(
  transport: Transport,
  indices: string[],
  timeField: string,
  signal?: AbortSignal,
): Promise<Record<string, string | number | null | undefined>> {
  const out: Record<string, string | number | null | undefined> = {};
  for (const index of indices) out[index] = await probeMaxTime(transport, index, timeField, signal);
  return out;
}

function readPath(obj: Record<string, unknown> | undefined, path: string): unknown {
  if (!obj) return undefined;
  if (path in obj) return obj[path];
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
