// The work items of a coordinated migration: one per index, and several slices for an index above
// the split threshold (when the source can slice a scroll), so one huge index runs on many hosts.
import type { EsferryDialect } from '../cluster/types.js';
import type { WorkItem } from './types.js';

/** default doc count above which an index is split into slices */
export const DEFAULT_SPLIT_DOCS = 5_000_000;
const MAX_SLICES = 64;

export function workItems(indices: Array<{ source: string; dest: string; docs: number }>, sourceDialect: EsferryDialect, splitDocs = DEFAULT_SPLIT_DOCS): WorkItem[] {
  const out: WorkItem[] = [];
  for (const ix of indices) {
    const n = sourceDialect.supportsSlicedScroll && ix.docs > splitDocs ? Math.min(MAX_SLICES, Math.ceil(ix.docs / splitDocs)) : 1;
    if (n === 1) {
      out.push({ id: ix.source, sourceIndex: ix.source, destIndex: ix.dest, docs: ix.docs });
      continue;
    }
    for (let id = 0; id < n; id++) {
      out.push({ id: `${ix.source}#${id + 1}/${n}`, sourceIndex: ix.source, destIndex: ix.dest, slice: { id, max: n }, docs: Math.round(ix.docs / n) });
    }
  }
  return out;
}
