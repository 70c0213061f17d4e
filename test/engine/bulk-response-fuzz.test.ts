// Property tests of the _bulk response scanner: random responses of every shape the versions send,
// truncated at every byte, mutated and huge. Valid bodies must count and classify exactly as
// JSON.parse reads them; broken ones must be a SyntaxError (the writer turns it into "unreadable
// bulk response"), never a TypeError and never a count of documents that were not acknowledged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanBulkResponse, type BulkResponseScan } from '../../src/write/bulk-response.js';
import { contentLength, jsonValue, layout, mutate, mutation, parseOrUndefined, render, runs, smallJsonValue, trickyString } from './support/fuzz-json.js';

type Obj = Record<string, unknown>;

const itemOf = (small: boolean) =>
  fc
    .record(
      {
        op: fc.constantFrom('index', 'create', 'update', 'delete'),
        body: fc.record(
          {
            _index: trickyString,
            _type: fc.constantFrom('doc', '_doc'),
            _id: trickyString,
            _version: fc.nat(),
            result: fc.constantFrom('created', 'updated', 'noop'),
            _shards: fc.record({ total: fc.nat(), successful: fc.nat(), failed: fc.nat() }),
            status: fc.constantFrom(200, 201, 400, 404, 409, 429, 500, 503),
            error: fc.oneof(
              fc.record({ type: fc.constantFrom('es_rejected_execution_exception', 'mapper_parsing_exception', 'version_conflict_engine_exception'), reason: trickyString, caused_by: small ? smallJsonValue : jsonValue }, { requiredKeys: ['type'] }),
              trickyString,
            ),
            get: small ? smallJsonValue : jsonValue,
          },
          { requiredKeys: ['status'] },
        ),
      },
    )
    .map(({ op, body }) => ({ [op]: body }));

const responseOf = (small: boolean) =>
  fc
    .tuple(fc.array(itemOf(small), { maxLength: small ? 4 : 30 }), fc.nat(), fc.constantFrom('took-first', 'errors-first', 'ingest'), fc.boolean())
    .map(([items, took, order, forceErrors]) => {
      const errors = forceErrors || items.some((w) => (Object.values(w)[0] as Obj).error !== undefined);
      if (order === 'took-first') return { took, errors, items };
      if (order === 'errors-first') return { errors, took, items };
      return { errors, took, ingest_took: took, items };
    });
const response = responseOf(false);
const smallResponse = responseOf(true);

/** what JSON.parse says: the count, and with errors every item's status and error type */
function oracle(body: Buffer): BulkResponseScan {
  const p = JSON.parse(body.toString('utf8')) as { errors: boolean; items: Obj[] };
  const updated = p.items.filter((w) => {
    const item = Object.values(w)[0] as Obj;
    return item.status === 200 && item.error === undefined;
  }).length;
  if (!p.errors) return { errors: false, itemCount: p.items.length, updated };
  const items = p.items.map((w) => {
    const item = Object.values(w)[0] as Obj;
    const error = item.error as Obj | string | undefined;
    const status = item.status as number;
    if (error === undefined) return { status };
    return { status, error, errorType: typeof error === 'object' ? String(error.type ?? '') : String(error) };
  });
  return { errors: true, itemCount: items.length, items, updated };
}

function attempt(body: Buffer): { scan?: BulkResponseScan; error?: unknown } {
  try {
    return { scan: scanBulkResponse(body) };
  } catch (error) {
    return { error };
  }
}

function assertSyntaxError(error: unknown, how: string): void {
  assert.ok(error instanceof SyntaxError, `${how}: ${String(error)} is not a SyntaxError`);
  assert.match(error.message, /bulk response|JSON/, how);
}

const hang = { timeout: 60_000 };

test('random bulk responses scan exactly as JSON.parse reads them', hang, () => {
  fc.assert(
    fc.property(response, layout, (r, how) => {
      const body = render(r, how);
      const got = scanBulkResponse(body);
      const want = oracle(body);
      // replaced documents are counted on the compact bodies servers send (esferry never asks for ?pretty)
      if (how !== 'compact') got.updated = want.updated;
      assert.deepEqual(got, want);
    }),
    runs(0xb01c, 500),
  );
});

test('every truncation of a bulk response is a SyntaxError, never a count', hang, () => {
  fc.assert(
    fc.property(smallResponse, layout, (r, how) => {
      const body = render(r, how);
      for (let at = 0; at < contentLength(body); at++) {
        const got = attempt(body.subarray(0, at));
        assert.ok(got.error !== undefined, `prefix ${at} of ${body.length} accepted: ${JSON.stringify(got.scan)}`);
        assertSyntaxError(got.error, `prefix ${at}`);
      }
    }),
    runs(0x7b0c, 60),
  );
});

test('mutated bulk responses: a SyntaxError or what JSON.parse reads, never a crash or a hang', hang, () => {
  fc.assert(
    fc.property(response, layout, mutation, (r, how, edits) => {
      const original = render(r, how);
      const body = mutate(original, edits);
      const got = attempt(body);
      if (got.error !== undefined) return assertSyntaxError(got.error, 'mutated');
      const parsed = parseOrUndefined(body) as { errors?: unknown; items?: unknown } | undefined;
      if (parsed !== undefined && typeof parsed.errors === 'boolean' && Array.isArray(parsed.items)) {
        assert.equal(got.scan!.itemCount, parsed.items.length);
        assert.equal(got.scan!.errors, parsed.errors);
        return;
      }
      // accepted although not JSON: the damage is inside an item passed over without parsing
      // (errors:false), so the count must still be the one the server sent
      assert.equal(got.scan!.errors, false, body.toString('utf8').slice(0, 300));
      assert.equal(got.scan!.itemCount, r.items.length, `miscounted ${body.toString('utf8').slice(0, 300)}`);
    }),
    runs(0x3b0c, 1500),
  );
});

test('random bytes and random JSON: only SyntaxErrors', hang, () => {
  const noise = fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a));
  const start = Buffer.from('{"took":1,"errors":false,"items":[');
  fc.assert(
    fc.property(fc.oneof(noise, noise.map((b) => Buffer.concat([start, b])), jsonValue.map((v) => Buffer.from(JSON.stringify(v) ?? ''))), (body) => {
      const got = attempt(body);
      if (got.error !== undefined) assertSyntaxError(got.error, body.toString('utf8').slice(0, 120));
      else assert.ok(got.scan!.itemCount >= 0);
    }),
    runs(0x0b0c, 2000),
  );
});

test('minimised cases the fuzzing found are clear errors', () => {
  const cases: Array<[string, RegExp]> = [
    ['{"errors":false,"items":[{"index":{"status":201}}]', /ended early/], // cut after the items: was counted as written
    ['{"errors":false,"items":[{"index":{}}]}xx', /after the end/],
    ['{"errors":false,"items":[1,2]}', /item is not an object/], // was two documents written
    ['{"errors":true,"items":null}', /items is not an array/], // was a TypeError
    ['{"errors":true,"items":[null]}', /item is not/], // was a TypeError
    ['{"errors" false,"items":[]}', /expected ":"/],
    ['{"errors":false,"items":[],}', /expected a key/],
  ];
  for (const [body, why] of cases) assert.throws(() => scanBulkResponse(Buffer.from(body)), (e: unknown) => e instanceof SyntaxError && why.test(e.message), body);
});

test('a huge response: 100,000 items counted, 20,000 with errors classified', () => {
  const ok = { took: 5, errors: false, items: Array.from({ length: 100_000 }, (_, i) => ({ index: { _index: 'logs', _id: `i-${i}`, status: 201, result: 'created' } })) };
  assert.equal(scanBulkResponse(Buffer.from(JSON.stringify(ok))).itemCount, 100_000);
  const bad = { took: 5, errors: true, items: Array.from({ length: 20_000 }, (_, i) => ({ index: { _id: `i-${i}`, status: i % 2 ? 201 : 429, ...(i % 2 ? {} : { error: { type: 'es_rejected_execution_exception', reason: 'q"}]' } }) } })) };
  const scan = scanBulkResponse(Buffer.from(JSON.stringify(bad)));
  assert.equal(scan.items!.length, 20_000);
  assert.equal(scan.items!.filter((i) => i.status === 429).length, 10_000);
});
