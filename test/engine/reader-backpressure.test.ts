// Readers pull response bytes only as fast as hits are consumed: a page of 2,000 × 50 KB docs is
// generated lazily by a fake transport and never produced past what the consumer asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialectOf } from '../../src/cluster/dialects/index.js';
import type { EsRequest, EsResponse, StreamResponse, Transport } from '../../src/cluster/types.js';
import { EsferryError } from '../../src/cluster/errors.js';
import { ScrollReader } from '../../src/read/scroll-reader.js';
import { SearchAfterReader } from '../../src/read/search-after-reader.js';

const DOC = 'y'.repeat(50_000);

class LazyPageTransport implements Transport {
  readonly redactedNodes = ['http://fake'];
  chunksPulled = 0;
  released = false;
  cleared: unknown[] = [];
  requests: EsRequest[] = [];

  constructor(private readonly hits: number, private readonly failAt?: { request: number; status: number; body: string }) {}

  async request<T>(req: EsRequest): Promise<EsResponse<T>> {
    this.requests.push(req);
    if (req.method === 'DELETE') this.cleared.push(req.body);
    if (req.path.endsWith('/_pit')) return { status: 200, headers: {}, body: { id: 'pit-1' } as T, bytes: 10 };
    return { status: 200, headers: {}, body: {} as T, bytes: 2 };
  }

  async requestRaw(): Promise<EsResponse<Buffer>> {
    throw new Error('not used');
  }

  async close(): Promise<void> {}

  async stream(req: EsRequest): Promise<StreamResponse> {
    this.requests.push(req);
    if (this.failAt && this.requests.filter((r) => r.method === 'POST' && r.path.includes('_search')).length === this.failAt.request) {
      throw new EsferryError('request', `HTTP ${this.failAt.status}: ${this.failAt.body}`, { status: this.failAt.status });
    }
    const n = this.hits;
    const self = this;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        self.chunksPulled++;
        yield Buffer.from(`{"_scroll_id":"s1","took":1,"hits":{"total":${n},"hits":[`);
        for (let i = 0; i < n; i++) {
          self.chunksPulled++;
          yield Buffer.from(`${i ? ',' : ''}{"_index":"big","_id":"${i}","_source":{"i":${i},"pad":"${DOC}"},"sort":[${i}]}`);
        }
        self.chunksPulled++;
        yield Buffer.from(']}}');
      } finally {
        self.released = true;
      }
    }
    return { status: 200, headers: {}, body: body() };
  }
}

test('a huge page is consumed hit by hit; stopping early releases the stream and clears the scroll', async () => {
  const transport = new LazyPageTransport(2000);
  const reader = new ScrollReader({ transport, dialect: dialectOf('es8', '8.15.0'), index: 'big', filter: {}, sizing: { size: 2000, maxPageBytes: 1 << 30 }, keepAlive: '1m' });
  const stop = new AbortController();
  let got = 0;
  for await (const group of reader.groups(stop.signal)) {
    got += group.length;
    // the reader must not run ahead of us: at most the chunk holding the hits we have
    assert.ok(transport.chunksPulled <= got + 2, `pulled ${transport.chunksPulled} chunks for ${got} hits`);
    if (got >= 20) stop.abort();
  }
  assert.equal(got, 20);
  assert.equal(transport.released, true);
  await reader.close();
  assert.deepEqual(transport.cleared, [{ scroll_id: ['s1'] }]);
});

test('search_after pages shrink when a page exceeds maxPageBytes', async () => {
  const transport = new LazyPageTransport(40);
  const reader = new SearchAfterReader({ transport, dialect: dialectOf('es8', '8.15.0'), index: 'big', filter: {}, sizing: { size: 40, maxPageBytes: 500_000 }, keepAlive: '1m', usePit: true });
  const stop = new AbortController();
  let pages = 0;
  for await (const group of reader.groups(stop.signal)) {
    if (group[group.length - 1]!.id === '39') pages++;
    if (pages === 2) stop.abort();
  }
  await reader.close();
  const searches = transport.requests.filter((r) => r.path === '/_search');
  assert.equal((searches[0]!.body as { size: number }).size, 40);
  // each hit is ~50 KB, so 40 of them (2 MB) blow the 500 KB cap: the next page asks for fewer
  const next = (searches[1]!.body as { size: number; search_after: unknown[] });
  assert.ok(next.size < 10 && next.size >= 1, `next size ${next.size}`);
  assert.deepEqual(next.search_after, [39]);
  assert.ok(transport.requests.some((r) => r.method === 'DELETE'), 'the PIT was closed');
});

test('scroll context expiry is one clear error that names the way out', async () => {
  const transport = new LazyPageTransport(3, { request: 2, status: 404, body: 'search_context_missing_exception: No search context found for id [5]' });
  const reader = new ScrollReader({ transport, dialect: dialectOf('es6', '6.8.23'), index: 'big', filter: {}, sizing: { size: 3, maxPageBytes: 1 << 30 }, keepAlive: '1m' });
  const stop = new AbortController();
  await assert.rejects(async () => {
    for await (const _ of reader.groups(stop.signal)) void _;
  }, /scroll context expired.*'search-after'\/'pit'/);
  await reader.close();
});
