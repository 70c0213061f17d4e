import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerBulk } from '../../native-free-bench/sink/bulk-sink.js';
import { renderHits, renderTemplate } from '../../native-free-bench/sink/page-templates.js';
import { pageSource } from '../../native-free-bench/sink/page-source.js';
import { parseVersion } from '../../native-free-bench/sink/banner.js';
import { readBody } from '../../native-free-bench/sink/http-util.js';

const bulk = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');

test('the sink answers every bulk item and counts what it accepted', () => {
  const accepted = new Map<string, number>();
  const v = answerBulk(bulk(['{"index":{"_index":"a","_id":"1"}}', '{"x":1}', '{"create":{"_id":"2"}}', '{"y":"z"}', '{"delete":{"_index":"a","_id":"3"}}']), 'a', accepted, { n: 0 }, false);
  assert.equal(v.error, undefined);
  const items = v.items.map((i) => JSON.parse(i));
  assert.deepEqual(items.map((i) => Object.keys(i)[0]), ['index', 'create', 'delete']);
  assert.deepEqual(items.map((i) => (Object.values(i)[0] as { status: number }).status), [201, 201, 200]);
  assert.equal(items[1].create._index, 'a');
  assert.equal(accepted.get('a'), 2);
});

test('the sink refuses malformed NDJSON and names the line', () => {
  const m = new Map<string, number>();
  assert.match(answerBulk(bulk(['{"index":{"_id":"1"}}']), 'a', m, { n: 0 }, false).error!, /line 2: the source line/);
  assert.match(answerBulk(bulk(['{"index":{"_id":"1"}}', 'not json']), 'a', m, { n: 0 }, false).error!, /line 2/);
  assert.match(answerBulk(bulk(['{"upsert":{"_id":"1"}}', '{}']), 'a', m, { n: 0 }, false).error!, /line 1: malformed action/);
  assert.match(answerBulk(bulk(['{"index":{"_id":"1"}}', '{}']), undefined, m, { n: 0 }, false).error!, /no index/);
  assert.match(answerBulk(bulk(['{"index":{"_id":"1"}', '{}']), 'a', m, { n: 0 }, false).error!, /line 1: action line is not JSON/);
});

test('pre-rendered hits carry their own ids and numeric sort values', () => {
  const t = renderTemplate({ index: 'i', type: 'doc' }, 3, ['{"a":1}', '{"b":2}']);
  const hits = JSON.parse(`[${renderHits(t, 41, 3).toString()}]`);
  assert.deepEqual(hits.map((h: { _id: string }) => h._id), ['0000000041', '0000000042', '0000000043']);
  assert.deepEqual(hits.map((h: { sort: number[] }) => h.sort[0]), [41, 42, 43]);
  assert.deepEqual(hits[1]._source, { b: 2 });
  assert.equal(JSON.parse(`[${renderHits(t, 0, 2).toString()}]`).length, 2);
});

async function withSource(version: string, docs: number, f: (url: string) => Promise<void>): Promise<void> {
  const handle = pageSource({ index: 'src', docs, shards: 2, version: parseVersion(version), headers: {} });
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (!handle(req, res, req.url!.split('?')[0]!, body, req.url!)) res.writeHead(400).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await f(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

const post = async (url: string, body: unknown) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;

test('sliced scrolls of the page source cover every document once', async () => {
  await withSource('6.8', 25, async (url) => {
    const seen: string[] = [];
    for (const id of [0, 1]) {
      let page = await post(`${url}/src/_search?scroll=1m`, { size: 4, slice: { id, max: 2 } });
      while (page.hits.hits.length) {
        seen.push(...page.hits.hits.map((h: { _id: string }) => h._id));
        page = await post(`${url}/_search/scroll`, { scroll: '1m', scroll_id: page._scroll_id });
      }
    }
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
  });
});

test('PIT + search_after resumes after the last sort value', async () => {
  await withSource('7.17', 10, async (url) => {
    const first = await post(`${url}/_search`, { size: 4, pit: { id: 'p' }, sort: [{ _shard_doc: 'asc' }] });
    assert.equal(first.hits.total.value, 10);
    const next = await post(`${url}/_search`, { size: 4, pit: { id: 'p' }, search_after: first.hits.hits.at(-1).sort });
    assert.equal(next.hits.hits[0]._id, '0000000004');
    assert.equal(next.pit_id, 'p');
  });
});
