// Every `_id` (and `_type` where the version has types) of one index, read with a scroll without `_source`:
// the one read that works on every version with a scroll, cheap because hits carry metadata only (pit-ids.ts
// reads a cluster without scroll).
import type { EsferryDialect, Transport } from '../cluster/types.js';
import type { KeyedRecord } from './external-sort.js';
import { pitIds, type IdReadOptions } from './pit-ids.js';

export type ScrollIdsOptions = IdReadOptions;

interface Page {
  _scroll_id?: string;
  hits?: { hits?: Array<{ _id: string; _type?: string }> };
}

/** yields [id, type] records in index order; the scroll is always cleared (a point in time where there is no scroll) */
export async function* scrollIds(
  side: { transport: Transport; dialect: EsferryDialect },
  index: string,
  opts: ScrollIdsOptions = {},
): AsyncGenerator<KeyedRecord> {
  const { transport, dialect } = side;
  if (!dialect.features.scroll) {
    yield* pitIds(side, index, opts);
    return;
  }
  const keepAlive = opts.keepAlive ?? '5m';
  const body: Record<string, unknown> = { size: opts.pageSize ?? 5000, sort: ['_doc'], _source: false };
  if (opts.query) body.query = opts.query;
  const ids = new Set<string>();
  try {
    let page = (await transport.request<Page>({ ...dialect.scrollStart(index, body, keepAlive), ...signalOf(opts) })).body;
    for (;;) {
      if (page._scroll_id) ids.add(page._scroll_id);
      const hits = page.hits?.hits ?? [];
      if (hits.length === 0) break;
      for (const h of hits) yield h._type !== undefined ? [h._id, h._type] : [h._id];
      if (!page._scroll_id) break;
      page = (await transport.request<Page>({ ...dialect.scrollContinue(page._scroll_id, keepAlive), ...signalOf(opts) })).body;
    }
  } finally {
    if (ids.size > 0) await transport.request(dialect.scrollClear([...ids])).catch(() => undefined);
  }
}

function signalOf(opts: ScrollIdsOptions): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {};
}
