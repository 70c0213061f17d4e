// Runs one search request and yields its hits in groups as the response bytes arrive.
// The consumer's pace is the stream's pace: nothing is read ahead of the for-await.
import type { EsRequest, Transport } from '../cluster/types.js';
import { EsferryError, type ErrorKind } from '../cluster/errors.js';
import { HitsScanner, type PageSummary } from './hits-scanner.js';
import type { RawHit } from './raw-hit.js';

async function collect(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

/** the error a failed search answered with, classified; search_context_missing is flagged */
function searchError(status: number, text: string, what: string): EsferryError {
  let type: string | undefined;
  let reason = text.slice(0, 300);
  try {
    const parsed = JSON.parse(text) as { error?: { type?: string; reason?: string; root_cause?: Array<{ type?: string; reason?: string }> } };
    const root = parsed.error?.root_cause?.[0];
    type = root?.type ?? parsed.error?.type;
    reason = root?.reason ?? parsed.error?.reason ?? reason;
  } catch {
    // not JSON: keep the text
  }
  if (text.includes('search_context_missing_exception')) type = 'search_context_missing_exception';
  const kind: ErrorKind =
    status === 429 ? 'rejected' : status === 404 && type === 'index_not_found_exception' ? 'index_missing' : status >= 500 ? 'server' : 'request';
  return new EsferryError(kind, `${what} failed with HTTP ${status}${type ? ` ${type}` : ''}: ${reason}`, { status, esType: type });
}

export function isContextMissing(err: unknown): boolean {
  return err instanceof EsferryError && (err.esType === 'search_context_missing_exception' || /search_context_missing|No search context found|point in time/i.test(err.message)) && err.status === 404;
}

const SCANNED: IteratorResult<Uint8Array> = { done: false, value: new Uint8Array(0) };

/** `onScrollId` hears the scroll id as soon as it is scanned, so a stop mid-page can still clear it */
export async function* streamPage(
  transport: Transport,
  req: EsRequest,
  what: string,
  onScrollId?: (id: string) => void,
): AsyncGenerator<RawHit[], PageSummary> {
  let res;
  try {
    res = await transport.stream(req);
  } catch (err) {
    if (err instanceof EsferryError && err.status && err.status >= 400) {
      // keep the search_context_missing flag visible whatever the transport put in the message
      if (/search_context_missing/.test(err.message) || err.esType === 'search_context_missing_exception') {
        throw new EsferryError(err.kind, err.message, { status: err.status, esType: 'search_context_missing_exception', cause: err });
      }
    }
    throw err;
  }
  if (res.status < 200 || res.status >= 300) throw searchError(res.status, await collect(res.body), what);
  const scanner = new HitsScanner();
  const iterator = res.body[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (err) {
        // the body broke off mid-page (socket reset): a connection problem unless we aborted it
        if (err instanceof EsferryError || req.signal?.aborted) throw err;
        throw new EsferryError('connection', `${what}: response body interrupted: ${(err as Error).message}`, { cause: err });
      }
      if (next.done) break;
      const hits = scanner.push(next.value);
      // the chunk must not outlive its scan while the consumer of the hits waits (it would be
      // promoted, and only a full GC frees promoted Buffers): the consumer moves what it keeps
      next = SCANNED;
      const id = scanner.partial.scrollId;
      if (id !== undefined && onScrollId) {
        onScrollId(id);
        onScrollId = undefined;
      }
      if (hits.length > 0) yield hits;
    }
  } finally {
    // stopping early (cancel, error downstream) must release the socket
    await iterator.return?.();
  }
  return scanner.end();
}
