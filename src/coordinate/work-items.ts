// The work items of a coordinated migration: one per index, and several slices for an index above
// the split threshold, so one huge index runs on many hosts. Slices are whole shards read with
// search_after (5.x–7.x) or a sliced PIT (ES 7.15+, OpenSearch 2.4+) where the index has several shards: each checkpoint
// then resumes its slice after the last acknowledged page, on any worker. Otherwise (one shard,
// other versions) slices of a sliced scroll, which a take-over reads again from their start.
import type { EsferryDialect } from '../cluster/types.js';
import { resumableReadMode } from '../read/read-mode.js';
import type { WorkItem } from './types.js';

/** default doc count above which an index is split into slices */
export const DEFAULT_SPLIT_DOCS = 5_000_000;
const MAX_SLICES = 64;

export function workItems(indices: Array<{ source: string; dest: string; docs: number; shards?: number }>, sourceDialect: EsferryDialect, splitDocs = DEFAULT_SPLIT_DOCS): WorkItem[] {
  const out: WorkItem[] = [];
  const resumable = resumableReadMode(sourceDialect);
  // the modes whose slices are whole shards, each resumable from its own checkpoint
  const shardMode = resumable === 'search-after' || (resumable === 'pit' && sourceDialect.supportsSlicedPit) ? resumable : undefined;
  for (const ix of indices) {
    const wanted = ix.docs > splitDocs ? Math.ceil(ix.docs / splitDocs) : 1;
    let n = 1;
    let readMode: WorkItem['readMode'] = 'sliced-scroll';
    if (wanted > 1 && shardMode && (ix.shards ?? 1) > 1) {
      n = Math.min(wanted, ix.shards!, MAX_SLICES);
      readMode = shardMode;
    } else if (wanted > 1 && sourceDialect.supportsSlicedScroll) {
      n = Math.min(MAX_SLICES, wanted);
    }
    if (n === 1) {
      out.push({ id: ix.source, sourceIndex: ix.source, destIndex: ix.dest, docs: ix.docs });
      continue;
    }
    for (let id = 0; id < n; id++) {
      out.push({ id: `${ix.source}#${id + 1}/${n}`, sourceIndex: ix.source, destIndex: ix.dest, slice: { id, max: n }, readMode, docs: Math.round(ix.docs / n) });
    }
  }
  return out;
}
