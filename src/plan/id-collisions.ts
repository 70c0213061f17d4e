// Before a copy that merges or drops mapping types: do ids repeat across the types? Those
// documents would replace each other in the one-type destination. Reading only _id and _type
// (no _source) is cheap for the indices where types were common (2.x/5.x); bigger indices are
// left to the copy's own check (an index that loses documents fails).
import type { EsferryDialect, Transport } from '../cluster/types.js';
import { getIndexMappings } from '../meta/admin.js';

/** indices with more documents than this are not probed in the plan */
export const ID_PROBE_LIMIT = 50_000;

export interface IdCollisions {
  /** documents that would replace another of a different type with the same _id */
  count: number;
  /** a few of them: "7 (post, comment)" */
  examples: string[];
}

interface Page {
  _scroll_id?: string;
  hits?: { hits?: { _id: string; _type?: string }[] };
}

export async function findIdCollisions(transport: Transport, dialect: EsferryDialect, index: string): Promise<IdCollisions> {
  const firstType = new Map<string, string>();
  const out: IdCollisions = { count: 0, examples: [] };
  let res = await transport.request<Page>(dialect.scrollStart(index, { size: 1000, _source: false, sort: ['_doc'] }, '1m'));
  let scrollId = res.body?._scroll_id;
  try {
    for (;;) {
      const hits = res.body?.hits?.hits ?? [];
      if (hits.length === 0) break;
      for (const h of hits) {
        const type = h._type ?? '_doc';
        const seen = firstType.get(h._id);
        if (seen === undefined) firstType.set(h._id, type);
        else if (seen !== type) {
          out.count++;
          if (out.examples.length < 3) out.examples.push(`${h._id} (${seen}, ${type})`);
        }
      }
      if (!scrollId) break;
      res = await transport.request<Page>(dialect.scrollContinue(scrollId, '1m'));
      scrollId = res.body?._scroll_id ?? scrollId;
    }
  } finally {
    if (scrollId) await transport.request(dialect.scrollClear([scrollId])).catch(() => undefined);
  }
  return out;
}

/**
 * The plan's verdict for one source index copied with --types drop/merge and no --id-template:
 * a conflict when ids repeat across its types, a note when it is too big to probe.
 */
export async function typeIdCheck(
  side: { transport: Transport; dialect: EsferryDialect },
  index: string,
  docs: number,
): Promise<{ conflict?: string; note?: string }> {
  if (side.dialect.typeModel !== 'multi' && side.dialect.typeModel !== 'single') return {};
  const types = Object.keys(await getIndexMappings(side.transport, index)).filter((t) => t !== '_default_');
  if (types.length < 2) return {};
  if (docs > ID_PROBE_LIMIT) {
    return { note: `ids repeating across types ${types.join(', ')} not checked here (${docs} docs); the copy fails if documents replace each other (--id-template '{type}#{id}' keeps them apart)` };
  }
  const found = await findIdCollisions(side.transport, side.dialect, index);
  if (found.count === 0) return {};
  return {
    conflict: `${found.count} document(s) share their _id with a document of another type (e.g. ${found.examples.join(', ')}): merged into one index they would replace each other; use --id-template '{type}#{id}'`,
  };
}
