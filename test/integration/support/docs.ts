// Deterministic documents for integration tests: ids, a share with custom routing, a date field
// spread over days (for --since), and nested values so _source comparison is not trivial.
import type { ItDoc, StoredHit } from '../../support/clusters.js';

export const TIME_PROPERTIES = { '@timestamp': { type: 'date' }, n: { type: 'long' } };

/** `count` docs with ids `<prefix>-<i>`; every 4th has routing `r<i % 3>`; day = 1 + i % days. */
export function makeDocs(prefix: string, count: number, opts: { days?: number; from?: number } = {}): ItDoc[] {
  const days = opts.days ?? 4;
  const from = opts.from ?? 0;
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const day = 1 + (i % days);
    return {
      _id: `${prefix}-${i}`,
      ...(i % 4 === 0 ? { _routing: `r${i % 3}` } : {}),
      _source: {
        '@timestamp': `2026-11-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z`,
        n: i,
        msg: `message ${i} ünïcödé`,
        tags: [`t${i % 5}`, 'all'],
        nested: { level: i % 3, ok: i % 2 === 0 },
      },
    };
  });
}

/** what a doc set should look like when read back: id, routing and source only */
export function expectedHits(docs: ItDoc[]): StoredHit[] {
  return docs
    .map((d) => ({ _id: d._id, ...(d._routing !== undefined ? { _routing: d._routing } : {}), _source: d._source }))
    .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** id → source, ignoring routing (for comparisons where search hits may not carry _routing) */
export function sourcesById(hits: StoredHit[]): Map<string, Record<string, unknown>> {
  return new Map(hits.map((h) => [h._id, h._source]));
}
