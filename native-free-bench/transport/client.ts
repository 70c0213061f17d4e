// One transport contender in its own process: sends --requests bulks (or --small GET /) to the bench
// sink with --concurrency in flight, then prints {ms, cpuMs, maxRssMB} as its last JSON line.
//   esferry        esferry's HttpTransport, requestRaw (bytes back, as the write path uses it)
//   undici         an undici Pool (keep-alive, pipelining 1), the body read to bytes: the client
//                  esferry's transport was built on before it read sockets into its own buffers
//   elastic        @elastic/transport Transport + UndiciConnection, default (JSON-parsed response)
//   elastic-raw    the same, asStream: true and the bytes collected (no parse), the closest equivalent
//   elastic-http   @elastic/transport with its HttpConnection (node:http), default parse
import { parseArgs } from 'node:util';
import { HttpTransport } from '../../src/cluster/transport/http-transport.js';

const { values: v } = parseArgs({ options: {
  contender: { type: 'string' }, url: { type: 'string' }, requests: { type: 'string', default: '200' },
  concurrency: { type: 'string', default: '8' }, docs: { type: 'string', default: '1000' }, small: { type: 'boolean', default: false },
} });
const url = v.url!;
const total = Number(v.requests);
const concurrency = Number(v.concurrency);

function bulkBody(docs: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < docs; i++) {
    lines.push(`{"index":{"_index":"bench-dst","_id":"d${i}"}}`);
    lines.push(JSON.stringify({ '@timestamp': `2026-11-01T00:00:${String(i % 60).padStart(2, '0')}Z`, host: `web-${i % 17}`, level: i % 5 ? 'info' : 'warn', message: `GET /api/v1/items/${i} 200 ${i * 7 % 1000}ms user=${i % 97} agent="Mozilla/5.0 (X11; Linux x86_64)"`, bytes: i * 13 }));
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

type Send = () => Promise<number>;

async function contender(name: string, body: Buffer): Promise<{ send: Send; close(): Promise<void> }> {
  if (name === 'undici') {
    const { Pool } = await import('undici');
    const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
    const collect = async (b: AsyncIterable<Buffer>) => {
      const parts: Buffer[] = [];
      for await (const c of b) parts.push(c);
      return Buffer.concat(parts).length;
    };
    return {
      send: v.small
        ? async () => collect((await pool.request({ method: 'GET', path: '/' })).body)
        : async () => collect((await pool.request({ method: 'POST', path: '/_bulk', body, headers: { 'content-type': 'application/x-ndjson' } })).body),
      close: () => pool.close(),
    };
  }
  if (name === 'esferry') {
    const t = new HttpTransport({ nodes: [url], maxSockets: concurrency });
    return {
      send: v.small
        ? async () => (await t.requestRaw({ method: 'GET', path: '/' })).body.length
        : async () => (await t.requestRaw({ method: 'POST', path: '/_bulk', body })).body.length,
      close: () => t.close(),
    };
  }
  const { Transport, WeightedConnectionPool, UndiciConnection, HttpConnection } = await import('@elastic/transport');
  const pool = new WeightedConnectionPool({ Connection: name === 'elastic-http' ? HttpConnection : UndiciConnection });
  pool.addConnection(url);
  const t = new Transport({ connectionPool: pool, maxRetries: 0, compression: false, requestTimeout: 120_000 });
  const raw = name === 'elastic-raw';
  const collect = async (stream: AsyncIterable<Buffer>) => {
    let n = 0;
    for await (const c of stream) n += c.length;
    return n;
  };
  const req = v.small ? { method: 'GET', path: '/' } : { method: 'POST', path: '/_bulk', bulkBody: body };
  return {
    send: async () => {
      const r = await t.request(req, { meta: true, asStream: raw }) as { body: unknown };
      return raw ? collect(r.body as AsyncIterable<Buffer>) : JSON.stringify(r.body).length;
    },
    close: () => pool.empty(),
  };
}

const body = bulkBody(Number(v.docs));
const c = await contender(v.contender!, body);
await c.send(); // warm-up: connection, JIT
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let next = 0;
let bytes = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < total) {
    next++;
    bytes += await c.send();
  }
}));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await c.close();
process.stdout.write(`${JSON.stringify({ contender: v.contender, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, requests: total, bodyBytes: v.small ? 0 : body.length, responseBytes: bytes })}\n`);
