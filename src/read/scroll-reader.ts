// Scroll reader (sort `_doc`, the cheapest order), optionally one slice of a sliced scroll.
// A scroll cannot be re-positioned: if its context expires mid-read (404
// search_context_missing_exception) the index fails with a clear error rather than silently
// restarting, because a fresh scroll would re-read an unknown prefix. search-after / pit modes
// survive expiry; this is said in the error.
import { EsferryError } from '../cluster/errors.js';
import { PositionTracker } from '../pipeline/position-tracker.js';
import { isContextMissing, streamPage } from './page-stream.js';
import type { HitReader, ReaderOptions } from './reader.js';
import type { RawHit } from './raw-hit.js';
import { buildSearchBody } from './search-body.js';

export class ScrollReader implements HitReader {
  readonly mode: 'scroll' | 'sliced-scroll';
  readonly tracker: PositionTracker;
  total: number | undefined;
  private scrollId: string | undefined;
  private cleared = false;

  constructor(private readonly o: ReaderOptions) {
    this.mode = o.slice ? 'sliced-scroll' : 'scroll';
    // a scroll restarts from scratch on resume: only the count carries over when done
    this.tracker = new PositionTracker(this.mode, o.slice, undefined, o.resume?.done ? o.resume : undefined);
  }

  async *groups(signal: AbortSignal): AsyncGenerator<RawHit[]> {
    if (this.o.resume?.done) {
      this.tracker.finishReading();
      return;
    }
    const { dialect, transport, keepAlive } = this.o;
    const body = buildSearchBody(dialect, this.o.filter, this.o.sizing.size, ['_doc']);
    if (this.o.slice) body.slice = { id: this.o.slice.id, max: this.o.slice.max };
    let req = dialect.scrollStart(this.o.index, body, keepAlive);
    const what = `scroll of ${this.o.index}${this.o.slice ? ` slice ${this.o.slice.id}/${this.o.slice.max}` : ''}`;
    let first = true;
    while (!signal.aborted) {
      const page = streamPage(transport, { ...req, signal }, what, (id) => (this.scrollId = id));
      let count = 0;
      let step;
      try {
        while (!(step = await page.next()).done) {
          count += step.value.length;
          yield step.value;
          if (signal.aborted) {
            await page.return(undefined as never);
            return;
          }
        }
      } catch (err) {
        if (isContextMissing(err)) {
          this.scrollId = undefined; // nothing left to clear
          throw new EsferryError(
            'request',
            `${what}: the scroll context expired (keep-alive ${keepAlive}) after part of the index was read; ` +
              `a scroll cannot continue from where it stopped. Raise scrollKeepAlive or use readMode 'search-after'/'pit', which survive this`,
            { status: 404, esType: 'search_context_missing_exception', cause: err },
          );
        }
        if (err instanceof EsferryError && (err.kind === 'connection' || err.kind === 'timeout') && !first) {
          // the node may have moved the scroll on before the answer was lost: asking again could skip a page
          throw new EsferryError(
            err.kind,
            `${what}: ${err.message} after part of the index was read; a scroll cannot continue from where it stopped. ` +
              `Run the copy again (writes are idempotent) or use readMode 'search-after'/'pit', which survive this`,
            { status: err.status, esType: err.esType, cause: err },
          );
        }
        throw err;
      }
      const summary = step.value;
      if (summary.scrollId) this.scrollId = summary.scrollId;
      if (first) {
        this.total = summary.total;
        first = false;
      }
      if ((summary.shards?.failed ?? 0) > 0) {
        throw new EsferryError('server', `${what}: ${summary.shards!.failed} shard(s) failed, the page is incomplete: ${JSON.stringify(summary.shards!.failures ?? []).slice(0, 300)}`);
      }
      if (count === 0 || !this.scrollId) break;
      req = dialect.scrollContinue(this.scrollId, keepAlive);
    }
    if (!signal.aborted) this.tracker.finishReading();
  }

  async close(): Promise<void> {
    if (this.cleared || !this.scrollId) return;
    this.cleared = true;
    try {
      await this.o.transport.request(this.o.dialect.scrollClear([this.scrollId]));
    } catch (err) {
      this.o.log?.(`could not clear the scroll of ${this.o.index}: ${(err as Error).message}`);
    }
  }
}
