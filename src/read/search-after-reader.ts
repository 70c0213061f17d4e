// search_after reader, with a point in time where the source has one (ES >= 7.10, OpenSearch
// >= 2.4, sort `_shard_doc`) and on the dialect's unique sort (`_id` / `_uid`) otherwise.
// Each page is a fresh request from the last sort values, so an expired PIT is simply reopened
// and reading continues after the last document handed out. (Caveat: `_shard_doc` values come
// from the old PIT; they stay valid as long as the shard's segments were not merged meanwhile.)
import { EsferryError } from '../cluster/errors.js';
import { PositionTracker } from '../pipeline/position-tracker.js';
import { isContextMissing, streamPage } from './page-stream.js';
import { backoffDelay, sleep } from '../write/backoff.js';
import type { SharedPit } from './shared-pit.js';
import { adaptPageSize, type HitReader, type ReaderOptions } from './reader.js';
import type { RawHit } from './raw-hit.js';
import { buildSearchBody } from './search-body.js';

export interface SearchAfterReaderOptions extends ReaderOptions {
  usePit: boolean;
  /** set on the slices of a sliced PIT read: all of them search this one PIT */
  sharedPit?: SharedPit;
  /** retries of one page after connection errors, 429 and 5xx (default 8) */
  maxPageRetries?: number;
  /** how many times an expired PIT may be reopened (default 5) */
  maxPitReopens?: number;
  /**
   * shard count of the index: without a PIT a slice is read as whole shards (`shard % max === id`,
   * the split a sliced scroll makes with max <= shards) through a shard preference, because a plain
   * search refuses `slice`; the shard set is the same in every run, so each slice resumes on its own
   */
  shardCount?: number;
}

/** the shard ids of slice `id` of `max` when slices are whole shards */
export function shardsOfSlice(slice: { id: number; max: number }, shardCount: number): number[] {
  if (slice.max > shardCount) throw new EsferryError('bad_input', `${slice.max} slices of ${shardCount} shard(s): a search_after read slices by whole shards, at most one slice per shard`);
  const out: number[] = [];
  for (let s = slice.id; s < shardCount; s += slice.max) out.push(s);
  return out;
}

function isTransient(err: unknown): boolean {
  if (!(err instanceof EsferryError)) return false;
  if (err.kind === 'connection' || err.kind === 'timeout' || err.kind === 'rejected') return true;
  return err.kind === 'server' && (err.status === undefined || err.status === 502 || err.status === 503 || err.status === 504);
}

export class SearchAfterReader implements HitReader {
  readonly mode: 'search-after' | 'pit';
  readonly tracker: PositionTracker;
  total: number | undefined;
  private pitId: string | undefined;
  private searchAfter: unknown[] | undefined;
  private readonly sort: unknown[];
  private size: number;
  /** shard ids this slice reads when it is sliced without a PIT */
  private readonly shards: number[] | undefined;

  constructor(private readonly o: SearchAfterReaderOptions) {
    this.mode = o.usePit ? 'pit' : 'search-after';
    this.sort = o.resume?.sort ?? o.dialect.uniqueSort(o.usePit);
    this.searchAfter = o.resume?.searchAfter;
    this.size = o.sizing.size;
    this.tracker = new PositionTracker(this.mode, o.slice, this.sort, o.resume);
    if (o.slice && !o.usePit) this.shards = shardsOfSlice(o.slice, o.shardCount ?? 0);
  }


  async *groups(signal: AbortSignal): AsyncGenerator<RawHit[]> {
    if (this.o.resume?.done) {
      this.tracker.finishReading();
      return;
    }
    const { transport, dialect, keepAlive } = this.o;
    let pitGeneration = 0;
    if (this.o.sharedPit) {
      pitGeneration = this.o.sharedPit.generation;
      this.pitId = await this.o.sharedPit.id(signal);
    } else if (this.o.usePit) await this.openPit(signal);
    let reopens = 0;
    let pageRetries = 0;
    const what = `${this.mode} read of ${this.o.index}${this.o.slice ? ` slice ${this.o.slice.id}/${this.o.slice.max}` : ''}`;
    while (!signal.aborted) {
      const body = buildSearchBody(dialect, this.o.filter, this.size, this.sort);
      if (this.o.slice && this.o.usePit) body.slice = { id: this.o.slice.id, max: this.o.slice.max };
      const req = dialect.searchAfterPage(this.o.index, body, { pitId: this.pitId, keepAlive, searchAfter: this.searchAfter, ...(this.shards ? { shards: this.shards } : {}) });
      const page = streamPage(transport, { ...req, signal }, what);
      let count = 0;
      let step;
      try {
        while (!(step = await page.next()).done) {
          const hits = step.value;
          const last = hits[hits.length - 1]!;
          if (!last.sort) throw new EsferryError('server', `${what}: hits came back without sort values`);
          this.searchAfter = last.sort;
          count += hits.length;
          yield hits;
          if (signal.aborted) {
            await page.return(undefined as never);
            return;
          }
        }
      } catch (err) {
        // a page is an idempotent read from the last sort values handed out, so a dropped
        // connection or an overloaded source simply asks for it again
        if (!signal.aborted && isTransient(err) && pageRetries < (this.o.maxPageRetries ?? 8)) {
          pageRetries++;
          this.o.log?.(`${what}: ${(err as Error).message}; asking for the page again (retry ${pageRetries})`);
          await sleep(backoffDelay(pageRetries), signal);
          continue;
        }
        if (this.o.sharedPit?.wholeShards && isContextMissing(err) && reopens < (this.o.maxPitReopens ?? 5)) {
          reopens++;
          this.o.log?.(`${what}: point in time expired; continuing this slice (whole shards) on a new one after the last document read`);
          const next = this.o.sharedPit.reopen(pitGeneration, signal);
          pitGeneration = this.o.sharedPit.generation;
          this.pitId = await next;
          continue;
        }
        if (this.o.sharedPit && isContextMissing(err)) {
          // finer slices than shards split each shard anew on a new PIT: continuing one could skip docs
          throw new EsferryError(
            'request',
            `${what}: the point in time expired (keep-alive ${keepAlive}); a PIT sliced finer than its shards cannot continue on a new one. ` +
              `Raise scrollKeepAlive or read with slices: 1, which reopens the PIT and continues`,
            { status: 404, esType: 'search_context_missing_exception', cause: err },
          );
        }
        if (this.o.usePit && isContextMissing(err) && reopens < (this.o.maxPitReopens ?? 5)) {
          reopens++;
          this.o.log?.(`${what}: point in time expired; reopening and continuing after the last document read`);
          this.pitId = undefined;
          await this.openPit(signal);
          continue;
        }
        throw err;
      }
      const summary = step.value;
      pageRetries = 0;
      if (summary.pitId) {
        this.pitId = summary.pitId;
        this.o.sharedPit?.seen(summary.pitId);
      }
      if ((summary.shards?.failed ?? 0) > 0) {
        throw new EsferryError('server', `${what}: ${summary.shards!.failed} shard(s) failed, the page is incomplete`);
      }
      if (count === 0) break;
      this.size = adaptPageSize(this.size, count, summary.bytes, this.o.sizing.maxPageBytes);
    }
    if (!signal.aborted) this.tracker.finishReading();
  }

  private async openPit(signal: AbortSignal): Promise<void> {
    const res = await this.o.transport.request({ ...this.o.dialect.openPit(this.o.index, this.o.keepAlive), signal });
    this.pitId = this.o.dialect.pitId(res.body);
  }

  async close(): Promise<void> {
    // a shared PIT is closed once by its owner, after every slice stopped
    if (this.o.sharedPit) return;
    const id = this.pitId;
    if (!id) return;
    this.pitId = undefined;
    try {
      await this.o.transport.request(this.o.dialect.closePit(id));
    } catch (err) {
      this.o.log?.(`could not close the point in time on ${this.o.index}: ${(err as Error).message}`);
    }
  }
}
