// Pages read through esferry's own HTTP/1 connections arrive in read buffers that are reused as
// soon as the next chunk is asked for (poisoned on release here). Every hit, including the ones
// cut by a chunk boundary, must still come out with exactly the bytes the source sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';
import { ReadBuffers } from '../../src/cluster/transport/h1/read-buffers.js';
import { streamPage } from '../../src/read/page-stream.js';
import { startStub } from '../cluster/support/stub-server.js';

ReadBuffers.poison = true;

test('hits cut by read boundaries keep their own bytes when the read buffers are reused', async (t) => {
  const sources = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ n: i, msg: `m${i} ${'é'.repeat(i % 37)}`, pad: 'z'.repeat((i * 131) % 900) }));
  const page = Buffer.from(`{"_scroll_id":"abc","took":1,"hits":{"total":3000,"hits":[${sources.map((s, i) => `{"_index":"src-${i % 3}","_type":"doc","_id":"id${i}","_source":${s}}`).join(',')}]}}`);
  const stub = await startStub(async (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(page.length) });
    // odd-sized writes with pauses, so reads end everywhere: inside keys, strings, sources
    for (let i = 0; i < page.length; i += 7919) {
      res.write(page.subarray(i, i + 7919));
      if ((i / 7919) % 8 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    res.end();
  });
  const tr = new HttpTransport({ nodes: [stub.url] });
  t.after(async () => { await tr.close(); await stub.close(); });
  for (let round = 0; round < 2; round++) {
    const got: Array<[string, string, string]> = [];
    const pages = streamPage(tr, { method: 'POST', path: '/src/_search', body: { size: 3000 } }, 'search');
    let r = await pages.next();
    while (!r.done) {
      // the consumer's contract: bytes it keeps are copied before it asks for more
      for (const h of r.value) got.push([h.index, h.id, h.source.toString('utf8')]);
      r = await pages.next();
    }
    assert.equal(r.value.scrollId, 'abc');
    assert.equal(got.length, 3000);
    for (let i = 0; i < 3000; i++) assert.deepEqual(got[i], [`src-${i % 3}`, `id${i}`, sources[i]], `hit ${i}`);
  }
});
