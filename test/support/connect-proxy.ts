// A loopback HTTP proxy for tests: CONNECT tunnels and plain forwarding, optional Basic
// Proxy-Authorization (407 otherwise), host names mapped to 127.0.0.1 (so a ".invalid" name only
// resolves through it), and counts of the tunnels and HTTP requests it carried, per target host.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestProxy {
  url: string;
  port: number;
  tunnels: number;
  /** HTTP requests seen inside tunnels or forwarded, by target "host:port" */
  requests: Record<string, number>;
  refused: number;
  close(): Promise<void>;
}

export async function startTestProxy(opts: { auth?: { user: string; password: string }; hosts?: Record<string, string> } = {}): Promise<TestProxy> {
  const sockets = new Set<Socket>();
  const expected = opts.auth ? `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.password}`).toString('base64')}` : undefined;
  const resolve = (host: string) => opts.hosts?.[host] ?? host;
  const state = { tunnels: 0, requests: {} as Record<string, number>, refused: 0 };
  const count = (target: string, n = 1) => (state.requests[target] = (state.requests[target] ?? 0) + n);
  const server: Server = createServer((req, res) => {
    // plain forwarding: absolute-form request target
    if (expected && req.headers['proxy-authorization'] !== expected) {
      state.refused++;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const u = new URL(req.url ?? '/');
    count(u.host);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = httpRequest({ host: resolve(u.hostname), port: u.port, method: req.method, path: u.pathname + u.search, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    if (expected && req.headers['proxy-authorization'] !== expected) {
      state.refused++;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const target = req.url ?? '';
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = connect(port, resolve(host), () => {
      state.tunnels++;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    // request lines at the start of client chunks (keep-alive, no pipelining) count the requests;
    // TLS tunnels are opaque and count as tunnels only
    client.on('data', (d: Buffer) => {
      const n = (d.toString('latin1').match(/^(GET|POST|PUT|HEAD|DELETE) \S+ HTTP\/1\.1\r\n/gm) ?? []).length;
      if (n) count(target, n);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const creds = opts.auth ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.password)}@` : '';
  return {
    url: `http://${creds}127.0.0.1:${port}`,
    port,
    get tunnels() {
      return state.tunnels;
    },
    get requests() {
      return state.requests;
    },
    get refused() {
      return state.refused;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  } as TestProxy;
}
