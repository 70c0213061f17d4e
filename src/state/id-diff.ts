// `esferry verify --ids`: which `_id`s exist on one side only. Both sides are read with metadata-only scrolls,
// sorted externally in bounded memory, then merge-joined; memory stays at one sort chunk per side however big
// the index. Optionally deletes destination-only ids (documents deleted on the source during a copy).
import type { EsferryDialect, Transport } from '../cluster/types.js';
import { bulkDelete, type DeleteResult } from './bulk-delete.js';
import { externalSort, type KeyedRecord } from './external-sort.js';
import { scrollIds } from './scroll-ids.js';

export interface ClusterSide {
  transport: Transport;
  dialect: EsferryDialect;
}

export interface IdDifference {
  /** the side the id exists on (it is missing on the other) */
  side: 'source' | 'dest';
  id: string;
  /** mapping type of the document on that side, where the version has types */
  type?: string;
}

export interface DiffIdsOptions {
  /** destination index name (default: the source name) */
  destIndex?: string;
  /** restrict both sides (e.g. the time range a delta copy covered) */
  query?: Record<string, unknown>;
  pageSize?: number;
  /** ids per in-memory sort chunk; more spill to temp files (default 200,000) */
  chunkSize?: number;
  tmpDir?: string;
  keepAlive?: string;
  signal?: AbortSignal;
  /** delete destination-only ids with bulk deletes as they are found */
  deleteDestOnly?: boolean;
  deleteBatchSize?: number;
  /** totals, filled in as the diff runs (read it after the iteration ends) */
  stats?: DiffStats;
}

export interface DiffStats {
  sourceIds: number;
  destIds: number;
  sourceOnly: number;
  destOnly: number;
  deleted?: DeleteResult;
  /** why deleteDestOnly deleted nothing although ids were found on the destination only */
  deleteRefused?: string;
}

/**
 * More destination-only ids than this share of the destination is not "a few documents deleted on
 * the source": the ids were changed on the way (--id-template, a transform, merged types) or the
 * index pair is wrong, and deleting them would empty the copy.
 */
export const MAX_DELETE_SHARE = 0.5;

export function newDiffStats(): DiffStats {
  return { sourceIds: 0, destIds: 0, sourceOnly: 0, destOnly: 0 };
}

export async function* diffIds(
  source: ClusterSide,
  dest: ClusterSide,
  index: string,
  opts: DiffIdsOptions = {},
): AsyncGenerator<IdDifference> {
  const destIndex = opts.destIndex ?? index;
  const stats = opts.stats ?? newDiffStats();
  const read = { ...(opts.query ? { query: opts.query } : {}), ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    ...(opts.keepAlive ? { keepAlive: opts.keepAlive } : {}), ...(opts.signal ? { signal: opts.signal } : {}) };
  const sortOpts = { ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}), ...(opts.tmpDir ? { tmpDir: opts.tmpDir } : {}) };
  // one side at a time: never two sort chunks plus two scrolls in memory together
  const a = await externalSort(scrollIds(source, index, read), sortOpts);
  let b;
  try {
    b = await externalSort(scrollIds(dest, destIndex, read), sortOpts);
  } catch (e) {
    await a.cleanup();
    throw e;
  }
  const deletes: Array<{ id: string; type?: string }> = [];
  const deleted: DeleteResult = { deleted: 0, missing: 0, failed: 0, errors: [] };
  if (opts.deleteDestOnly) stats.deleted = deleted;
  const batch = opts.deleteBatchSize ?? 1000;
  const flushDeletes = async () => {
    await bulkDelete(dest, destIndex, deletes.splice(0), deleted, opts.signal);
  };

  try {
    let deleting = opts.deleteDestOnly === true;
    if (deleting) {
      // a counting pass over the sorted ids first: nothing is deleted when most of the destination would go
      const pre = newDiffStats();
      for await (const _ of mergeSorted(a, b, pre)) void _;
      if (pre.destOnly > 0 && pre.destOnly > pre.destIds * MAX_DELETE_SHARE) {
        deleting = false;
        stats.deleteRefused =
          `nothing deleted: ${pre.destOnly} of ${pre.destIds} destination ids are not on the source — more than ${MAX_DELETE_SHARE * 100} %, ` +
          'so the ids were changed on the way (--id-template, a transform, merged types) or the index pair is wrong';
      }
    }
    for await (const d of mergeSorted(a, b, stats)) {
      if (d.side === 'dest' && deleting) {
        deletes.push(d.type !== undefined ? { id: d.id, type: d.type } : { id: d.id });
        if (deletes.length >= batch) await flushDeletes();
      }
      yield d;
    }
    if (deleting) await flushDeletes();
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
}

/** merge-join of two sorted id streams: the ids on one side only, counted into `stats` */
async function* mergeSorted(a: AsyncIterable<KeyedRecord>, b: AsyncIterable<KeyedRecord>, stats: DiffStats): AsyncGenerator<IdDifference> {
  const ia = dedupe(a, () => stats.sourceIds++)[Symbol.asyncIterator]();
  const ib = dedupe(b, () => stats.destIds++)[Symbol.asyncIterator]();
  try {
    let x = await ia.next();
    let y = await ib.next();
    while (!x.done || !y.done) {
      if (y.done || (!x.done && x.value[0] < y.value[0])) {
        stats.sourceOnly++;
        yield withType('source', x.value!);
        x = await ia.next();
      } else if (x.done || y.value[0] < x.value[0]) {
        stats.destOnly++;
        yield withType('dest', y.value);
        y = await ib.next();
      } else {
        x = await ia.next();
        y = await ib.next();
      }
    }
  } finally {
    await ia.return?.(undefined);
    await ib.return?.(undefined);
  }
}

function withType(side: 'source' | 'dest', r: KeyedRecord): IdDifference {
  const type = r[1];
  return typeof type === 'string' ? { side, id: r[0], type } : { side, id: r[0] };
}

/** one record per id (a multi-type index may hold one id under several types); counts distinct ids */
async function* dedupe(sorted: AsyncIterable<KeyedRecord>, count: () => void): AsyncGenerator<KeyedRecord> {
  let last: string | undefined;
  for await (const r of sorted) {
    if (r[0] === last) continue;
    last = r[0];
    count();
    yield r;
  }
}
