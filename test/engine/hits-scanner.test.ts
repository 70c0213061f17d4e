// The search-response scanner must yield exactly what JSON.parse sees, whatever the chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HitsScanner, scanSearchResponse } from '../../src/read/hits-scanner.js';
import { parseHit, type RawHit } from '../../src/read/raw-hit.js';

function scanChunks(chunks: Buffer[]) {
  const s = new HitsScanner();
  const hits: RawHit[] = [];
  for (const c of chunks) hits.push(...s.push(c));
  return { hits, summary: s.end() };
}

function expected(body: string) {
  const parsed = JSON.parse(body) as { hits: { hits: Array<Record<string, unknown>> } };
  return parsed.hits.hits.map((h) => ({ id: h._id, index: h._index, source: h._source, sort: h.sort }));
}

function simplify(hits: RawHit[]) {
  return hits.map((h) => ({ id: h.id, index: h.index, source: JSON.parse(h.source.toString('utf8')), sort: h.sort }));
}

const tricky = JSON.stringify({
  _scroll_id: 'c2Nyb2xs\\"id',
  took: 3,
  timed_out: false,
  _shards: { total: 2, successful: 2, skipped: 0, failed: 0 },
  hits: {
    total: { value: 3, relation: 'eq' },
    max_score: null,
    hits: [
      {
        _source: { msg: 'quote " and backslash \\ and }]{[', nested: { a: [1, { b: '}' }], e: {} }, uni: 'żółw 🐢 \u2028' },
        _index: 'logs',
        _type: 'doc',
        _id: 'a"1',
        _score: null,
        sort: [5, 'x'],
        fields: { 'k': ['v'] },
      },
      { _index: 'logs', _id: 'b\\2', _routing: 'r1', _parent: 'p1', _version: 7, _source: {} },
      { _index: 'logs', _id: '3', _source: { s: '\\\\', t: '\\"' }, sort: [null] },
    ],
  },
});

test('scans metadata, raw _source and summary of a whole body', () => {
  const { hits, summary } = scanSearchResponse(Buffer.from(tricky));
  assert.deepEqual(simplify(hits), expected(tricky));
  assert.equal(summary.scrollId, 'c2Nyb2xs\\"id');
  assert.equal(summary.total, 3);
  assert.equal(summary.hitCount, 3);
  assert.equal(summary.timedOut, false);
  assert.equal(summary.shards?.failed, 0);
  assert.equal(hits[1]!.routing, 'r1');
  assert.equal(hits[1]!.parent, 'p1');
  assert.equal(hits[1]!.version, 7);
  assert.equal(hits[0]!.type, 'doc');
  // raw bytes are passed through untouched
  const rawSource = JSON.stringify(JSON.parse(tricky).hits.hits[0]._source);
  assert.equal(hits[0]!.source.toString('utf8'), rawSource);
});

test('every split point gives the same hits (chunk boundaries at every byte)', () => {
  const body = Buffer.from(tricky);
  const want = expected(tricky);
  for (let cut = 1; cut < body.length; cut++) {
    const { hits, summary } = scanChunks([body.subarray(0, cut), body.subarray(cut)]);
    assert.deepEqual(simplify(hits), want, `split at ${cut}`);
    assert.equal(summary.scrollId, 'c2Nyb2xs\\"id', `split at ${cut}`);
    assert.equal(summary.total, 3);
  }
});

const full = (hits: RawHit[]) =>
  hits.map((h) => ({ id: h.id, index: h.index, type: h.type, routing: h.routing, parent: h.parent, version: h.version, sort: h.sort, source: h.source.toString('utf8'), bytes: h.bytes }));

test('every split point of a pretty-printed body gives identical metadata and raw sources', () => {
  const pretty = Buffer.from(JSON.stringify(JSON.parse(tricky), null, 1).replace(/": /g, '" :  '));
  const want = full(scanSearchResponse(pretty).hits);
  assert.equal(want[1]!.routing, 'r1');
  assert.equal(want[1]!.version, 7);
  assert.equal(JSON.parse(want[0]!.source).nested.a[1].b, '}');
  for (let cut = 1; cut < pretty.length; cut++) {
    assert.deepEqual(full(scanChunks([pretty.subarray(0, cut), pretty.subarray(cut)]).hits), want, `split at ${cut}`);
  }
  for (let cut = 1; cut < pretty.length - 7; cut += 7) {
    assert.deepEqual(full(scanChunks([pretty.subarray(0, cut), pretty.subarray(cut, cut + 7), pretty.subarray(cut + 7)]).hits), want);
  }
});

test('the one-pass member offsets agree with a separate scan of the hit', () => {
  const body = Buffer.from(tricky);
  const streamed = full(scanChunks([...body].map((b) => Buffer.from([b]))).hits);
  const parsed = (JSON.parse(tricky) as { hits: { hits: unknown[] } }).hits.hits.map((h) => full([parseHit(Buffer.from(JSON.stringify(h)))])[0]);
  assert.deepEqual(streamed.map(({ bytes: _b, ...r }) => r), parsed.map((p) => { const { bytes: _b, ...r } = p!; return r; }));
});

test('one-byte chunks (multi-byte UTF-8 split) give the same hits', () => {
  const body = Buffer.from(tricky);
  const chunks = [...body].map((b) => Buffer.from([b]));
  assert.deepEqual(simplify(scanChunks(chunks).hits), expected(tricky));
});

test('pretty-printed bodies, number totals, pit ids and empty hits', () => {
  const body = JSON.stringify({ pit_id: 'p==', hits: { total: 12, hits: [] } }, null, 2);
  const { hits, summary } = scanSearchResponse(Buffer.from(body));
  assert.equal(hits.length, 0);
  assert.equal(summary.pitId, 'p==');
  assert.equal(summary.total, 12);
  const pretty = JSON.stringify(JSON.parse(tricky), null, 3);
  assert.deepEqual(simplify(scanSearchResponse(Buffer.from(pretty)).hits), expected(pretty));
});

test('hits are emitted as soon as they complete, before the page ends', () => {
  const body = Buffer.from(tricky);
  const firstHitEnd = tricky.indexOf('"fields"') + 30;
  const s = new HitsScanner();
  assert.equal(s.push(body.subarray(0, firstHitEnd)).length, 1);
  assert.equal(s.push(body.subarray(firstHitEnd)).length, 2);
});

test('a truncated body is an error', () => {
  const body = Buffer.from(tricky);
  const s = new HitsScanner();
  s.push(body.subarray(0, body.length - 3));
  assert.throws(() => s.end(), /truncated/);
});

test('large hits stream through in small chunks', () => {
  const big = 'x'.repeat(50_000);
  const page = { hits: { total: 200, hits: Array.from({ length: 200 }, (_, i) => ({ _index: 'i', _id: String(i), _source: { big, i } })) } };
  const body = Buffer.from(JSON.stringify(page));
  const chunks: Buffer[] = [];
  for (let o = 0; o < body.length; o += 16_384) chunks.push(body.subarray(o, o + 16_384));
  const s = new HitsScanner();
  let count = 0;
  for (const c of chunks) {
    for (const h of s.push(c)) {
      assert.equal(h.id, String(count));
      assert.equal((JSON.parse(h.source.toString()) as { i: number }).i, count);
      count++;
    }
  }
  s.end();
  assert.equal(count, 200);
});

test('repeated _index/_type names are recognised by their bytes, changes and escapes included', () => {
  const names = ['logs-a', 'logs-b', 'logs-a', 'lo\\"gs', 'logs-ab', 'logs-a'];
  const page = { hits: { total: 6, hits: names.map((n, i) => ({ _index: JSON.parse(`"${n}"`) as string, _type: i % 2 ? 't1' : 't2', _id: String(i), _source: {} })) } };
  const body = JSON.stringify(page);
  const hits = scanSearchResponse(Buffer.from(body)).hits;
  assert.deepEqual(hits.map((h) => h.index), page.hits.hits.map((h) => h._index));
  assert.deepEqual(hits.map((h) => h.type), page.hits.hits.map((h) => h._type));
});

test('sort values: plain integers fast, everything else as JSON', () => {
  const sorts: unknown[][] = [[0], [123456789012345], [-5], [1, 'x'], ['a"b'], [1.5], [null], [9007199254740993]];
  const page = { hits: { total: sorts.length, hits: sorts.map((s, i) => ({ _index: 'i', _id: String(i), _source: {}, sort: s })) } };
  const body = JSON.stringify(page);
  const got = scanSearchResponse(Buffer.from(body)).hits.map((h) => h.sort);
  assert.deepEqual(got, (JSON.parse(body) as typeof page).hits.hits.map((h) => h.sort));
});

test('big values around the hits (aggregations, long scroll ids) cut into small chunks', () => {
  const scrollId = 'S'.repeat(5000) + '\\\\' + 'T'.repeat(3000);
  const aggs = { a: { buckets: Array.from({ length: 500 }, (_, i) => ({ key: `k"${i}\\`, doc_count: i })) } };
  const body = Buffer.from(JSON.stringify({ _scroll_id: scrollId, aggregations: aggs, hits: { total: { value: 2 }, hits: [{ _index: 'i', _id: 'x', _source: { s: '\\'.repeat(99) } }, { _index: 'i', _id: 'y', _source: {} }] }, after: aggs }));
  for (const size of [1, 2, 3, 7, 64, 1000]) {
    const s = new HitsScanner();
    const hits: RawHit[] = [];
    for (let o = 0; o < body.length; o += size) hits.push(...s.push(body.subarray(o, o + size)));
    const summary = s.end();
    assert.equal(summary.scrollId, scrollId, `chunk ${size}`);
    assert.equal(summary.total, 2);
    assert.deepEqual(hits.map((h) => h.id), ['x', 'y']);
    assert.equal((JSON.parse(hits[0]!.source.toString()) as { s: string }).s, '\\'.repeat(99));
  }
});

test('malformed hits are errors, not silent skips', () => {
  assert.throws(() => scanSearchResponse(Buffer.from('{"hits":{"hits":[{"_index":"i" "_id":"1"}]}}')), SyntaxError);
  assert.throws(() => scanSearchResponse(Buffer.from('{"hits":{"hits":[{"_index":"i","_source":{}}]}}')), /without _index or _id/);
  assert.throws(() => scanSearchResponse(Buffer.from('{"hits":{"hits":[1]}}')), SyntaxError);
});
