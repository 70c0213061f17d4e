// Property tests of the search-response scanner (hits-scanner, raw-hit, span-scan, split-value):
// random pages cut into random chunks, at every byte, truncated, mutated and huge. The scanner
// must agree with JSON.parse on every valid body, stop with a SyntaxError on every broken one
// (never a TypeError, never a silent short page) and never hang. Fixed seeds: deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HitsScanner, type PageSummary } from '../../src/read/hits-scanner.js';
import type { RawHit } from '../../src/read/raw-hit.js';
import { chunk, contentLength, cuts, jsonObject, jsonValue, smallJsonObject, smallJsonValue, layout, mutate, mutation, parseOrUndefined, render, runs, trickyString } from './support/fuzz-json.js';

type Obj = Record<string, unknown>;

/** a record whose keys come out in a random order, as different versions order them differently */
function shuffled<T extends Obj>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(arb, fc.array(fc.integer(), { minLength: 16, maxLength: 16 })).map(([rec, order]) => {
    const keys = Object.keys(rec);
    const sorted = keys.map((k, i) => [k, order[i]!] as const).sort((a, b) => a[1] - b[1]);
    return Object.fromEntries(sorted.map(([k]) => [k, rec[k]])) as T;
  });
}

const hitOf = (small: boolean) => shuffled(
  fc.record(
    {
      _index: fc.oneof(fc.constantFrom('logs-2026.11.01', 'logs-2026.11.02'), trickyString),
      _type: fc.oneof(fc.constantFrom('doc', '_doc', 'lo\\"g'), trickyString),
      _id: trickyString,
      _score: fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })),
      _routing: trickyString,
      _parent: trickyString,
      _version: fc.integer({ min: 1, max: 2 ** 40 }),
      _seq_no: fc.nat(),
      _source: small ? smallJsonObject : jsonObject,
      sort: fc.array(fc.oneof(fc.integer(), fc.maxSafeInteger(), trickyString, fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 3 }),
      fields: fc.record({ _routing: fc.tuple(trickyString), _parent: fc.tuple(trickyString), other: fc.array(small ? smallJsonValue : jsonValue, { maxLength: 2 }) }, { requiredKeys: [] }),
      highlight: small ? smallJsonObject : jsonObject,
    },
    { requiredKeys: ['_index', '_id'] },
  ),
);
const hit = hitOf(false);
const smallHit = hitOf(true);

/** a search response; `small` keeps it short enough to cut at every byte */
const pageOf = (small: boolean) => shuffled(
  fc.record(
    {
      _scroll_id: small ? trickyString : fc.oneof(trickyString, fc.string({ minLength: 200, maxLength: 2000 })),
      pit_id: trickyString,
      took: fc.nat(),
      timed_out: fc.boolean(),
      terminated_early: fc.boolean(),
      _shards: fc.record({ total: fc.nat(), successful: fc.nat(), skipped: fc.nat(), failed: fc.nat() }),
      hits: shuffled(
        fc.record(
          {
            total: fc.oneof(fc.nat(), fc.record({ value: fc.nat(), relation: fc.constantFrom('eq', 'gte') })),
            max_score: fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })),
            hits: fc.array(small ? smallHit : hit, { maxLength: small ? 3 : 6 }),
          },
          { requiredKeys: ['hits'] },
        ),
      ),
      // a top_hits aggregation carries its own hits.hits: it must not be taken for the page's
      aggregations: fc.record({ top: fc.record({ hits: fc.record({ total: fc.nat(), hits: fc.array(small ? smallHit : hit, { maxLength: small ? 1 : 2 }) }) }), other: small ? smallJsonValue : jsonValue }),
      profile: small ? smallJsonValue : jsonValue,
    },
    { requiredKeys: ['hits'] },
  ),
);
const page = pageOf(false);
const smallPage = pageOf(true);

interface Seen {
  index: string;
  type?: string;
  id: string;
  routing?: string;
  parent?: string;
  version?: number;
  sort?: unknown[];
  source: unknown;
}

/** what JSON.parse says the page holds, in the scanner's terms */
function oracle(body: Buffer): { hits: Seen[]; summary: Omit<PageSummary, 'bytes'> } {
  const p = JSON.parse(body.toString('utf8')) as Obj & { hits: { total?: number | { value: number }; hits: Obj[] } };
  const hits = p.hits.hits.map((h): Seen => {
    const f = h.fields as { _routing?: string[]; _parent?: string[] } | undefined;
    const s: Seen = { index: h._index as string, id: h._id as string, source: h._source ?? {} };
    if (h._type !== undefined) s.type = h._type as string;
    const routing = (h._routing as string | undefined) ?? f?._routing?.[0];
    if (routing !== undefined) s.routing = routing;
    const parent = (h._parent as string | undefined) ?? f?._parent?.[0];
    if (parent !== undefined) s.parent = parent;
    if (h._version !== undefined) s.version = h._version as number;
    if (h.sort !== undefined) s.sort = h.sort as unknown[];
    return s;
  });
  const summary: Omit<PageSummary, 'bytes'> = { hitCount: hits.length };
  if (p._scroll_id !== undefined) summary.scrollId = p._scroll_id as string;
  if (p.pit_id !== undefined) summary.pitId = p.pit_id as string;
  if (p.timed_out !== undefined) summary.timedOut = p.timed_out as boolean;
  if (p._shards !== undefined) summary.shards = p._shards as PageSummary['shards'];
  const t = p.hits.total;
  if (t !== undefined) summary.total = typeof t === 'number' ? t : t.value;
  return { hits, summary };
}

function seen(h: RawHit): Seen {
  const s: Seen = { index: h.index, id: h.id, source: JSON.parse(h.source.toString('utf8')) as unknown };
  for (const k of ['type', 'routing', 'parent', 'version', 'sort'] as const) if (h[k] !== undefined) (s as unknown as Obj)[k] = h[k];
  return s;
}

interface Scan {
  hits: RawHit[];
  summary?: PageSummary;
  error?: unknown;
}

/** feed the chunks as page-stream does; an error is captured with the hits handed out before it */
function scan(chunks: Buffer[]): Scan {
  const s = new HitsScanner();
  const hits: RawHit[] = [];
  try {
    for (const c of chunks) hits.push(...s.push(c));
    return { hits, summary: s.end() };
  } catch (error) {
    return { hits, error };
  }
}

/** the page as a string to compare: what the scanner handed out and what it summed up */
function canonical(hits: Seen[], summary: Omit<PageSummary, 'bytes'>): string {
  return JSON.stringify({ hits, summary });
}

function assertMatches(body: Buffer, got: Scan, how: string, want = oracle(body)): void {
  if (got.error) throw got.error;
  const { bytes, ...summary } = got.summary!;
  assert.equal(bytes, body.length, how);
  const have = canonical(got.hits.map(seen), summary);
  if (have !== canonical(want.hits, want.summary)) assert.deepEqual({ hits: got.hits.map(seen), summary }, want, how);
}

/** a broken body: a SyntaxError naming the problem, and no hit that the body does not hold */
function assertClearError(got: Scan, expectedIds: string[] | undefined, how: string): void {
  assert.ok(got.error !== undefined, `${how}: accepted as a complete page with ${got.hits.length} hits`);
  assert.ok(got.error instanceof SyntaxError, `${how}: ${String(got.error)} is not a SyntaxError`);
  assert.match(got.error.message, /search (response|hit)/, how);
  if (expectedIds) assert.deepEqual(got.hits.map((h) => h.id), expectedIds.slice(0, got.hits.length), how);
}

const hang = { timeout: 60_000 };

test('random pages in random chunks scan exactly as JSON.parse reads them', hang, () => {
  fc.assert(
    fc.property(page, layout, cuts, (p, how, at) => {
      const body = render(p, how);
      assertMatches(body, scan(chunk(body, at)), how);
      // the raw _source bytes are what the server sent, byte for byte
      if (how === 'compact') {
        const raw = scan([body]).hits.map((h) => h.source.toString('utf8'));
        assert.deepEqual(raw, (p.hits.hits as Obj[]).map((h) => JSON.stringify(h._source ?? {})));
      }
    }),
    runs(0x5ca4, 400),
  );
});

test('every split point and one-byte chunks give the same page; every prefix is a truncation error', hang, () => {
  fc.assert(
    fc.property(smallPage, layout, (p, how) => {
      const body = render(p, how);
      const want = oracle(body);
      const ids = want.hits.map((h) => h.id);
      assertMatches(body, scan([...body].map((b) => Buffer.from([b]))), 'one-byte chunks', want);
      for (let at = 0; at <= body.length; at++) assertMatches(body, scan([body.subarray(0, at), body.subarray(at)]), `split at ${at}`, want);
      for (let at = 0; at < contentLength(body); at++) assertClearError(scan([body.subarray(0, at)]), ids, `prefix ${at}`);
    }),
    runs(0xb0da, 20),
  );
});

test('truncated pages in random chunks are errors, with only real hits handed out before', hang, () => {
  fc.assert(
    fc.property(page, layout, cuts, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (p, how, at, cut) => {
      const body = render(p, how);
      const prefix = body.subarray(0, Math.floor(cut * contentLength(body)));
      assertClearError(scan(chunk(prefix, at)), oracle(body).hits.map((h) => h.id), `cut at ${prefix.length}`);
    }),
    runs(0x7a11, 400),
  );
});

test('mutated pages: a SyntaxError or the page JSON.parse reads, never a crash or a hang', hang, () => {
  fc.assert(
    fc.property(page, layout, cuts, mutation, (p, how, at, edits) => {
      const original = render(p, how);
      const body = mutate(original, edits);
      const got = scan(chunk(body, at));
      if (got.error) {
        assert.ok(got.error instanceof SyntaxError, `${String(got.error)} is not a SyntaxError`);
        return;
      }
      if (parseOrUndefined(body) !== undefined) return assertMatches(body, got, 'mutated');
      // Accepted although not JSON: the damage sits inside a value passed through unparsed (a
      // _source goes to the destination as it came, which refuses it item by item and the
      // document is dead-lettered; an aggregation is skipped). The page must still be counted
      // exactly: no hit swallowed into a neighbour, none invented.
      const want = oracle(original).hits;
      assert.equal(got.hits.length, want.length, `hits miscounted in ${body.toString('utf8').slice(0, 400)}`);
      assert.equal(got.summary!.hitCount, want.length);
    }),
    runs(0x3e7a, 1000),
  );
});

const noise = fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a));
const HITS_OPEN = Buffer.from('{"hits":{"hits":[');

test('random bytes and random JSON: a SyntaxError or a consistent page', hang, () => {
  fc.assert(
    fc.property(fc.oneof(noise, noise.map((b) => Buffer.concat([HITS_OPEN, b])), jsonValue.map((v) => Buffer.from(JSON.stringify(v) ?? ''))), cuts, (body, at) => {
      const got = scan(chunk(body, at));
      if (got.error) assert.ok(got.error instanceof SyntaxError, `${String(got.error)} is not a SyntaxError`);
      else assert.equal(got.summary!.hitCount, got.hits.length);
    }),
    runs(0x0b17e5, 1500),
  );
});

test('huge inputs: an 8 MB _source full of escapes and a 20,000-hit page, in awkward chunk sizes', hang, () => {
  // backslash runs of every parity, so chunk edges fall between a backslash and what it escapes
  const piece = 'ab\\"c\\\\"d\\\\\\"e"}]{['.repeat(1);
  const big = { text: piece.repeat(400_000), n: 1 };
  const many = Array.from({ length: 20_000 }, (_, i) => ({ _index: 'logs', _id: `id-${i}`, _source: { i, m: 'x"\\' } }));
  const body = Buffer.from(
    JSON.stringify({ _scroll_id: 's'.repeat(100_000), hits: { total: { value: 20_002 }, hits: [{ _index: 'logs', _id: 'big', _source: big }, ...many, { _index: 'logs', _id: 'last', _source: {} }] } }),
  );
  for (const size of [65_536, 65_537, 16_411]) {
    const s = new HitsScanner();
    let count = 0;
    let last = '';
    let bigSource: Buffer | undefined;
    for (let o = 0; o < body.length; o += size) {
      for (const h of s.push(body.subarray(o, o + size))) {
        if (h.id === 'big') bigSource = Buffer.from(h.source);
        count++;
        last = h.id;
      }
    }
    assert.equal(s.end().hitCount, 20_002);
    assert.equal(count, 20_002);
    assert.equal(last, 'last');
    assert.deepEqual(JSON.parse(bigSource!.toString('utf8')), big);
  }
});

test('minimised malformed envelopes the fuzzing accepted are now SyntaxErrors', () => {
  const cases = [
    '{"hits":{"hits":[]]}', // mismatched closing bracket
    '{"hits":{"hits":[]},}', // trailing comma in an object
    '{"hits":{"hits":[{"_index":"a","_id":"1"},]}}', // trailing comma in the hits array
    '{"hits":{"hits":[{"_index":"a","_id":{"x":1}}]}}', // an _id that is an object became "[object Object]"
  ];
  for (const body of cases) assertClearError(scan([Buffer.from(body)]), undefined, body);
});
