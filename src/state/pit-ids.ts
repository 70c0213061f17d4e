// Every `_id` (and `_type` where the version has types) of one index, read with a point in time and
// search_after without `_source`: the id read of clusters that have no scroll (OpenSearch Serverless).
// Same records as scroll-ids.ts, in the PIT's sort order; the point in time is always closed.
import type { EsferryDialect, Transport } from '../cluster/types.js';
import type { KeyedRecord } from './external-sort.js';

export interface IdReadOptions {
  query?: Record<string, unknown>;
  pageSize?: number;
  keepAlive?: string;
  signal?: AbortSignal;
}

interface Page {
  pit_id?: string;
  hits?: { hits?: Array<{ _id: string; _type?: string; sort?: unknown[] }> };
}

export async function* pitIds(side: { transport: Transport; dialect: EsferryDialect }, index: string, opts: IdReadOptions = {}): AsyncGenerator<KeyedRecord> {
  const { transport, dialect } = side;
  const keepAlive = opts.keepAlive ?? '5m';
  const signal = opts.signal ? { signal: opts.signal } : {};
  const opened = await transport.request({ ...dialect.openPit(index, keepAlive), ...signal });
  let pitId = dialect.pitId(opened.body);
  try {
    const body: Record<string, unknown> = { size: opts.pageSize ?? 5000, sort: dialect.uniqueSort(true), _source: false };
    if (opts.query) body.query = opts.query;
    let after: unknown[] | undefined;
    for (;;) {
      const page = (await transport.request<Page>({ ...dialect.searchAfterPage(index, body, { pitId, keepAlive, ...(after ? { searchAfter: after } : {}) }), ...signal })).body;
      // a PIT search may hand back a newer id for the same point in time
      if (typeof page.pit_id === 'string' && page.pit_id) pitId = page.pit_id;
      const hits = page.hits?.hits ?? [];
      if (hits.length === 0) break;
      for (const h of hits) yield h._type !== undefined ? [h._id, h._type] : [h._id];
      after = hits[hits.length - 1]!.sort;
      if (!after) break;
    }
  } finally {
    await transport.request(dialect.closePit(pitId)).catch(() => undefined);
  }
}
