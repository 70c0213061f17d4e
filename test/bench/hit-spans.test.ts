// The raw pump's span scan: ids, routings and _source spans are byte slices of the response,
// found through strings that hold quotes, braces and backslashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPage } from '../../native-free-bench/raw/hit-spans.js';

test('scanPage: scroll id, escaped ids, routing and raw _source spans', () => {
  const body = Buffer.from(
    '{"_scroll_id":"abc==","took":1,"hits":{"total":{"value":3},"max_score":null,"hits":[' +
      '{"_index":"i","_id":"a\\"b\\\\","_score":null,"_source":{"t":"x}\\"]{","n":[1,{"a":2}]},"sort":[0]},' +
      ' {"_index":"i","_id":"r1","_routing":"shard-7","_source":{\n  "k": true\n}},' +
      '{"_index":"i","_id":"no-source","_score":1.5}' +
      ']}}',
  );
  const page = scanPage(body);
  assert.equal(page.scrollId, 'abc==');
  assert.deepEqual(
    page.hits.map((h) => [h.id.toString(), h.routing?.toString(), h.source.toString()]),
    [
      ['a\\"b\\\\', undefined, '{"t":"x}\\"]{","n":[1,{"a":2}]}'],
      ['r1', 'shard-7', '{\n  "k": true\n}'],
    ],
  );
});

test('scanPage: a truncated body is an error, not a short page', () => {
  assert.throws(() => scanPage(Buffer.from('{"hits":{"hits":[{"_id":"a","_source":{"t":"x')), /hit scan/);
});
