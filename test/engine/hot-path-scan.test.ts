// Bulk bodies and bulk responses: the byte-level parts of the write path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dialectOf } from '../../src/cluster/dialects/index.js';
import { docBytes, oneLine, writeDocAt } from '../../src/write/bulk-body.js';
import type { Dialect } from '../../src/cluster/types.js';
import { classifyItem, scanBulkResponse } from '../../src/write/bulk-response.js';
import { TRANSCRIPTS_DIR, transcriptsAvailable } from '../support/transcripts.js';

const doc = (id: string, source: string) => ({ action: 'index' as const, meta: { index: 'i', id, type: 'doc' }, source: Buffer.from(source), attempts: 0, settle: () => {} });

/** the bytes the writer puts in a bulk body for these docs, written the way it writes them */
function bodyOf(dialect: Dialect, docs: ReturnType<typeof doc>[]): { body: Buffer } {
  const lines = docs.map((d) => dialect.bulkActionLine(d.action, d.meta));
  const body = Buffer.alloc(docs.reduce((n, d, k) => n + docBytes(lines[k]!, d.source), 0));
  docs.reduce((at, d, k) => writeDocAt(body, at, lines[k]!, d.source, d), 0);
  return { body };
}

test('bulk body: action line, raw source, newline each; always ends with a newline', () => {
  const { body } = bodyOf(dialectOf('es6', '6.2.0'), [doc('1', '{"a":1}'), doc('2', '{"b":"ż"}')]);
  const text = body.toString('utf8');
  assert.ok(text.endsWith('\n'));
  const lines = text.split('\n');
  assert.equal(lines.length, 5);
  assert.deepEqual(JSON.parse(lines[0]!), { index: { _index: 'i', _type: 'doc', _id: '1' } });
  assert.equal(lines[1], '{"a":1}');
  assert.equal(lines[3], '{"b":"ż"}');
});

test('bulk body drops the type for typeless destinations', () => {
  const { body } = bodyOf(dialectOf('es8', '8.15.0'), [doc('1', '{}')]);
  assert.deepEqual(JSON.parse(body.toString().split('\n')[0]!), { index: { _index: 'i', _id: '1' } });
});

test('pretty-printed sources are folded to one line without changing the document', () => {
  const pretty = JSON.stringify({ a: 'x\ny', b: [1, 2] }, null, 2);
  const folded = oneLine(Buffer.from(pretty)).toString();
  assert.ok(!folded.includes('\n'));
  assert.deepEqual(JSON.parse(folded), JSON.parse(pretty));
  const flat = Buffer.from('{"a":1}');
  assert.equal(oneLine(flat), flat);
});

test('errors:false responses are counted without parsing items', () => {
  const body = Buffer.from(JSON.stringify({ took: 3, errors: false, items: [{ index: { status: 201, x: { y: '}]' } } }, { index: { status: 200 } }] }));
  // the second item replaced a document already there (200, not 201)
  assert.deepEqual(scanBulkResponse(body), { errors: false, itemCount: 2, updated: 1 });
  // an id containing the same text is escaped inside its string and not mistaken for a status
  const tricky = Buffer.from(JSON.stringify({ errors: false, items: [{ index: { _id: '"status":200', status: 201 } }] }));
  assert.equal(scanBulkResponse(tricky).updated, 0);
  assert.equal(scanBulkResponse(Buffer.from('{"took":1,"errors":false,"items":[]}')).itemCount, 0);
});

test('errors:true responses give every item with status and error type', () => {
  const body = Buffer.from(
    JSON.stringify({
      errors: true,
      items: [
        { index: { status: 201 } },
        { create: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'x' } } },
        { index: { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'y' } } },
        { index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'z' } } },
      ],
    }),
  );
  const scan = scanBulkResponse(body);
  assert.equal(scan.itemCount, 4);
  assert.deepEqual(scan.items!.map((i) => classifyItem(i, true)), ['ok', 'skip', 'retry', 'dead']);
  assert.deepEqual(scan.items!.map((i) => classifyItem(i, false)), ['ok', 'dead', 'retry', 'dead']);
  // a serverless collection at its OCU ceiling: transient, sent again
  assert.equal(classifyItem({ status: 402, error: { type: 'service_quota_exceeded_exception' }, errorType: 'service_quota_exceeded_exception' }, false), 'retry');
  assert.equal(classifyItem({ status: 402, error: { type: 'payment_required' }, errorType: 'payment_required' }, false), 'dead');
});

test('recorded bulk responses of 2.4, 5.6 and 6.2 scan to their item counts', { skip: !transcriptsAvailable() }, () => {
  let checked = 0;
  for (const v of ['2.4', '5.6', '6.2']) {
    for (const f of readdirSync(join(TRANSCRIPTS_DIR, v)).filter((n) => n.includes('bulk'))) {
      const t = JSON.parse(readFileSync(join(TRANSCRIPTS_DIR, v, f), 'utf8')) as { response: { status: number; body: unknown } };
      const b = t.response.body as { items?: unknown[]; errors?: boolean };
      if (t.response.status !== 200 || !Array.isArray(b?.items)) continue;
      const scan = scanBulkResponse(Buffer.from(JSON.stringify(b)));
      assert.equal(scan.itemCount, b.items.length, `${v}/${f}`);
      assert.equal(scan.errors, b.errors, `${v}/${f}`);
      const replaced = (b.items as Record<string, { status?: number; error?: unknown }>[]).filter((w) => {
        const item = Object.values(w)[0]!;
        return item.status === 200 && item.error === undefined;
      }).length;
      assert.equal(scan.updated, replaced, `${v}/${f}`);
      checked++;
    }
  }
  assert.ok(checked >= 5);
});
