// Picks the read mode for a source and refuses forced modes the source cannot do.
import type { EsferryDialect } from '../cluster/types.js';
import { EsferryError } from '../cluster/errors.js';
import type { ReadMode } from '../engine/types.js';

export type ConcreteReadMode = Exclude<ReadMode, 'auto'>;

const NEEDS: Record<ConcreteReadMode, string> = {
  scroll: 'any version except Amazon OpenSearch Serverless, which has no scroll',
  'sliced-scroll': 'Elasticsearch >= 5.0 or OpenSearch, not Serverless',
  'search-after': 'Elasticsearch 5.x–7.x or OpenSearch (8.x cannot sort on _id without a point in time: use pit)',
  pit: 'Elasticsearch >= 7.10 or OpenSearch >= 2.4',
};

/** can the source give a unique sort for search_after (8.x cannot sort on _id without a PIT) */
function hasUniqueSort(dialect: EsferryDialect, withPit: boolean): boolean {
  try {
    dialect.uniqueSort(withPit);
    return true;
  } catch {
    return false;
  }
}

function supported(dialect: EsferryDialect, mode: ConcreteReadMode): boolean {
  switch (mode) {
    case 'scroll':
      return dialect.features.scroll;
    case 'sliced-scroll':
      return dialect.features.scroll && dialect.supportsSlicedScroll;
    case 'search-after':
      return dialect.supportsSearchAfter && hasUniqueSort(dialect, false);
    case 'pit':
      return dialect.pit !== 'none' && hasUniqueSort(dialect, true);
  }
}

/**
 * auto: a point in time where there is one (consistent snapshot, resumable at any document,
 * survives context expiry); otherwise a sliced scroll when the index has several shards and the
 * version can slice; otherwise a plain scroll, or search_after where there is no scroll.
 */
export function chooseReadMode(dialect: EsferryDialect, requested: ReadMode | undefined, shards: number): ConcreteReadMode {
  const mode = requested ?? 'auto';
  if (mode !== 'auto') {
    if (!supported(dialect, mode)) {
      throw new EsferryError('bad_input', `read mode '${mode}' is not supported by the source ${dialect.label()} (it needs ${NEEDS[mode]})`);
    }
    return mode;
  }
  if (supported(dialect, 'pit')) return 'pit';
  if (supported(dialect, 'sliced-scroll') && shards > 1) return 'sliced-scroll';
  // a source without scroll (serverless) reads with search_after on its unique sort
  if (!supported(dialect, 'scroll') && supported(dialect, 'search-after')) return 'search-after';
  return 'scroll';
}

/**
 * Default slice count: one per shard up to 4. With max <= shards a slice maps to whole shards
 * (no per-document hashing, 6.2 transcripts 26/27); more slices than shards make every slice
 * filter its shard by id hash, which costs more than it gains, and beyond ~4 parallel scroll
 * streams one source node rarely reads faster while the writers are usually the bottleneck.
 */
export function defaultSlices(shards: number, requested: number | 'auto' | undefined): number {
  if (typeof requested === 'number' && requested >= 1) return Math.floor(requested);
  return Math.max(1, Math.min(shards, 4));
}

/**
 * a mode whose positions resume after the last acknowledged document: PIT, else search_after (its
 * slices are whole shards, read through a shard preference), else scroll (2.x has no search_after)
 */
export function resumableReadMode(dialect: EsferryDialect): ConcreteReadMode {
  if (supported(dialect, 'pit')) return 'pit';
  if (supported(dialect, 'search-after')) return 'search-after';
  return 'scroll';
}

/** a checkpointed reader reads at most this far past its last saved position (the engine's readAheadLimit) */
const reCopied = (unit: string) =>
  `it re-copies at most what each ${unit} read past its saved position: a page and a half per ${unit} (a bulk per destination shard group split over the ${unit}s when that is more)`;

/** what a crash of a run with saved progress costs on this source (shown by `plan`) */
export function crashCost(dialect: EsferryDialect): string {
  switch (resumableReadMode(dialect)) {
    case 'pit':
      if (dialect.supportsSlicedPit) {
        return `a resumed run continues every slice (whole shards of a sliced point in time) after its last saved checkpoint (point in time + search_after): ${reCopied('slice')}`;
      }
      return (
        `a resumed run continues its one reader (${dialect.label()} cannot slice a point in time) after its last saved checkpoint (point in time + search_after): ` +
        'it re-copies at most what the reader read past its saved position: a page and a half, or a bulk per destination shard group when that is more'
      );
    case 'search-after':
      return `a resumed run continues every slice (whole shards) after its last saved checkpoint (search_after on ${JSON.stringify(dialect.uniqueSort(false)[0])}): ${reCopied('slice')}`;
    default:
      return `${dialect.label()} has no search_after: a scroll cannot continue where it stopped, so a crash re-copies each unfinished index from its start (finished indices are skipped)`;
  }
}
