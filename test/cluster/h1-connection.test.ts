// esferry's own HTTP/1.1 client against scripted raw-TCP servers: every response framing, the
// keep-alive rules, and the failures a real network produces. Read buffers are poisoned on
// release, so a chunk used after the next one was asked for shows as wrong bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { H1Pool } from '../../src/cluster/transport/h1/pool.js';
import { ReadBuffers } from '../../src/cluster/transport/h1/read-buffers.js';
import { ResponseParser } from '../../src/cluster/transport/h1/response-parser.js';
import { isConnectPhase } from '../../src/cluster/classify.js';

ReadBuffers.poison = true;

interface Scripted {
  port: number;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

/** a server that answers each request head with `answer(requestHead, socket, n)` */
async function scripted(answer: (head: string, socket: net.Socket, n: number) => void): Promise<Scripted> {
  const state = { connections: 0, requests: [] as string[] };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on('data', (d) => {
      pending = Buffer.concat([pending, d]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.toString('latin1', 0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        pending = pending.subarray(end + 4 + length);
        state.requests.push(head.split('\r\n')[0]!);
        answer(head, socket, state.requests.length);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() { return state.connections; },
    requests: state.requests,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

function pool(port: number, opts: Partial<{ connections: number; keepAliveMs: number; bodyTimeoutMs: number }> = {}): H1Pool {
  return new H1Pool({ protocol: 'http:', hostname: '127.0.0.1', port }, { connections: 2, keepAliveMs: 30_000, bodyTimeoutMs: 10_000, ...opts });
}

async function body(res: { body: AsyncIterable<Uint8Array> }): Promise<string> {
  let out = '';
  for await (const c of res.body) out += Buffer.from(c).toString('latin1');
  return out;
}

/** writes `text` in pieces of `size` bytes, each in its own TCP write */
function dribble(socket: net.Socket, text: string | Buffer, size: number): void {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
  for (let i = 0; i < buf.length; i += size) socket.write(buf.subarray(i, i + size));
}

test('Content-Length body cut into many reads arrives whole; the connection is reused', async (t) => {
  const payload = 'x'.repeat(70_000) + 'END';
  const srv = await scripted((_h, s) => dribble(s, `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n${payload}`, 997));
  const p = pool(srv.port);
  t.after(async () => { await p.close(); await srv.close(); });
  for (let k = 0; k < 3; k++) {
    const res = await p.request({ method: 'GET', path: '/a', headers: { host: 'x' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(await body(res), payload);
  }
  assert.equal(srv.connections, 1, 'one keep-alive connection carried all three');
});

test('chunked body with extensions and trailers; header names lower-cased, repeated ones kept', async (t) => {
  const srv = await scripted((_h, s) => dribble(s, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n', 3));
  const p = pool(srv.port);
  t.after(async () => { await p.close(); await srv.close(); });
  const res = await p.request({ method: 'GET', path: '/', headers: {} });
  assert.deepEqual(res.headers['x-a'], ['1', '2']);
  assert.equal(await body(res), 'hello world');
  const again = await p.request({ method: 'GET', path: '/', headers: {} });
  assert.equal(await body(again), 'hello world');
  assert.equal(srv.connections, 1);
});

test('a body without length runs to the close, and the connection is not reused', async (t) => {
  const srv = await scripted((_h, s) => { s.write('HTTP/1.0 200 OK\r\n\r\npart one, '); setTimeout(() => s.end('part two'), 20); });
  const p = pool(srv.port);
  t.after(async () => { await p.close(); await srv.close(); });
  assert.equal(await body(await p.request({ method: 'GET', path: '/', headers: {} })), 'part one, part two');
  assert.equal(await body(await p.request({ method: 'GET', path: '/', headers: {} })), 'part one, part two');
  assert.equal(srv.connections, 2);
});

test('HEAD, 204 and 304 have no body whatever Content-Length says; 100 Continue is skipped', async (t) => {
  const srv = await scripted((h, s, n) => {
    if (h.startsWith('HEAD')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n');
    else if (n === 2) s.write('HTTP/1.1 204 No Content\r\n\r\n');
    else if (n === 3) s.write('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n');
    else s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok');
  });
  const p = pool(srv.port, { connections: 1 });
  t.after(async () => { await p.close(); await srv.close(); });
  const head = await p.request({ method: 'HEAD', path: '/', headers: {} });
  assert.equal(head.status, 200);
  assert.equal(await body(head), '');
  const r204 = await p.request({ method: 'GET', path: '/', headers: {} });
  assert.equal(r204.status, 204);
  assert.equal(await body(r204), '');
  const r304 = await p.request({ method: 'GET', path: '/', headers: {} });
  assert.equal(await body(r304), '');
  const r201 = await p.request({ method: 'PUT', path: '/', headers: {}, body: Buffer.from('{}') });
  assert.equal(r201.status, 201);
  assert.equal(await body(r201), 'ok');
  assert.equal(srv.connections, 1);
  assert.equal(srv.requests.length, 4);
});

test('requests beyond the connection limit wait for a free connection', async (t) => {
  const srv = await scripted((_h, s) => setTimeout(() => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), 30));
  const p = pool(srv.port, { connections: 2 });
  t.after(async () => { await p.close(); await srv.close(); });
  const all = await Promise.all(Array.from({ length: 6 }, () => p.request({ method: 'GET', path: '/', headers: {} }).then(body)));
  assert.deepEqual(all, Array(6).fill('ok'));
  assert.equal(srv.connections, 2);
});

test('Connection: close and a short Keep-Alive hint stop reuse', async (t) => {
  const srv = await scripted((_h, s, n) => {
    if (n === 1) s.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na');
    else s.write('HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 1\r\n\r\nb');
  });
  const p = pool(srv.port);
  t.after(async () => { await p.close(); await srv.close(); });
  assert.equal(await body(await p.request({ method: 'GET', path: '/', headers: {} })), 'a');
  assert.equal(await body(await p.request({ method: 'GET', path: '/', headers: {} })), 'b');
  // timeout=1 leaves no safe idle time (a second of margin): the third request opens a connection
  assert.equal(await body(await p.request({ method: 'GET', path: '/', headers: {} })), 'b');
  assert.equal(srv.connections, 3);
});

test('a slow consumer holds the socket back and still reads every byte (reused buffers stay intact)', async (t) => {
  const payload = Buffer.alloc(1_500_000);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 11)) & 0xff;
  const srv = await scripted((_h, s) => s.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${payload.length}\r\n\r\n`), payload])));
  const p = pool(srv.port);
  t.after(async () => { await p.close(); await srv.close(); });
  const allocated = ReadBuffers.allocated;
  const res = await p.request({ method: 'GET', path: '/', headers: {} });
  const kept: Buffer[] = [];
  let slow = 0;
  for await (const c of res.body) {
    kept.push(Buffer.from(c));
    // let the socket fill whatever it may while this chunk is held
    if (slow++ % 5 === 0) await new Promise((r) => setTimeout(r, 2));
  }
  assert.ok(Buffer.concat(kept).equals(payload));
  // 23 reads' worth of body through one connection: two held by the consumer at most, one being filled
  assert.ok(ReadBuffers.allocated - allocated <= 3, `${ReadBuffers.allocated - allocated} read buffers allocated`);
});

test('the server closing mid-body is an error, and the next request opens a new connection', async (t) => {
  const srv = await scripted((_h, s, n) => {
    if (n === 1) s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part');
    else s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  });
  const p = pool(srv.port);
  t.after(async () => { await p.close(); await srv.close(); });
  const res = await p.request({ method: 'GET', path: '/', headers: {} });
  await assert.rejects(body(res), /closed the connection mid-response/);
  assert.equal(await body(await p.request({ method: 'GET', path: '/', headers: {} })), 'ok');
  assert.equal(srv.connections, 2);
});

test('a response that never comes is ended by the body timeout; an abort ends a request at once', async (t) => {
  const srv = await scripted((_h, s, n) => { if (n === 1) s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'); });
  const p = pool(srv.port, { bodyTimeoutMs: 150 });
  t.after(async () => { await p.close(); await srv.close(); });
  const res = await p.request({ method: 'GET', path: '/', headers: {} });
  await assert.rejects(body(res), (err: Error & { code?: string }) => err.code === 'ESOCKETTIMEDOUT');
  const ac = new AbortController();
  const pending = p.request({ method: 'GET', path: '/', headers: {}, signal: ac.signal });
  setTimeout(() => ac.abort(), 10);
  await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
});

test('a body given up part way closes its connection; refused connections fail with their code', async (t) => {
  const srv = await scripted((_h, s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n${'y'.repeat(200_000)}`));
  const p = pool(srv.port, { connections: 1 });
  t.after(async () => { await p.close(); await srv.close(); });
  const res = await p.request({ method: 'GET', path: '/', headers: {} });
  for await (const c of res.body) { assert.ok(c.length > 0); break; }
  const again = await p.request({ method: 'GET', path: '/', headers: {} });
  assert.equal((await body(again)).length, 200_000);
  assert.equal(srv.connections, 2);
  const dead = await scripted(() => {});
  const port = dead.port;
  await dead.close();
  await assert.rejects(pool(port).request({ method: 'GET', path: '/', headers: {} }), (err: Error & { code?: string }) => err.code === 'ECONNREFUSED');
});

test('parser refuses what is not HTTP/1.x framing', () => {
  const sink = { head() {}, body() {}, end() {} };
  const feed = (text: string) => new ResponseParser(sink, false).feed(Buffer.from(text, 'latin1'), 0, text.length);
  assert.throws(() => feed('SSH-2.0-OpenSSH\r\n\r\n'), /not an HTTP\/1\.x status line/);
  assert.throws(() => feed('HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n'), /bad Content-Length/);
  assert.throws(() => feed('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'), /bad chunk size/);
  assert.throws(() => feed('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n'), /malformed header line/);
});

test('a slow answer is the request deadline\'s business: the body timeout starts with the head', async (t) => {
  const srv = await scripted((_h, s) => setTimeout(() => s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow'), 400));
  const p = pool(srv.port, { bodyTimeoutMs: 100 });
  t.after(async () => { await p.close(); await srv.close(); });
  assert.equal(await body(await p.request({ method: 'POST', path: '/_search', headers: {}, body: Buffer.from('{}') })), 'slow');
});

test('a body left early after the server said Connection: close does not put the connection back', async (t) => {
  // the server announces the close but keeps the socket open: only the header says it
  const srv = await scripted((_h, s) => s.write('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'));
  const p = pool(srv.port, { connections: 1 });
  t.after(async () => { await p.close(); await srv.close(); });
  const first = await p.request({ method: 'GET', path: '/', headers: {} });
  await new Promise((r) => setTimeout(r, 20));
  for await (const c of first.body) { assert.equal(Buffer.from(c).toString(), 'ok'); break; }
  assert.equal(await body(await p.request({ method: 'GET', path: '/', headers: {} })), 'ok');
  assert.equal(srv.connections, 2);
});

test('a node that takes the TCP connection but never finishes the TLS handshake fails as a connect timeout', async (t) => {
  // accepts, then says nothing: the TLS client waits for a ServerHello that never comes
  const accepted: net.Socket[] = [];
  const silent = net.createServer((s) => accepted.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => { for (const s of accepted) s.destroy(); silent.close(() => r()); }));
  const port = (silent.address() as net.AddressInfo).port;
  const p = new H1Pool({ protocol: 'https:', hostname: '127.0.0.1', port, tls: { rejectUnauthorized: false } }, { connections: 1, keepAliveMs: 30_000, bodyTimeoutMs: 10_000, connectTimeoutMs: 150 });
  t.after(() => p.close());
  await assert.rejects(p.request({ method: 'GET', path: '/', headers: {} }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'UND_ERR_CONNECT_TIMEOUT');
    // a connect-phase failure: the transport may send the request to another node
    assert.ok(isConnectPhase(err));
    return true;
  });
});
