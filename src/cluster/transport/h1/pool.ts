// Keep-alive connections to one node: up to `connections` at once, the most recently used idle
// one first (its socket is the least likely to have been closed by the server meanwhile).
import { H1Connection, type ConnectTarget, type H1Request, type H1Response } from './connection.js';

export interface H1PoolOptions {
  connections: number;
  /** an idle connection is closed after this long (or the server's keep-alive hint less a second) */
  keepAliveMs: number;
  /** longest silence while a response is being read */
  bodyTimeoutMs: number;
  /** TCP connect and TLS handshake; past it the request fails as never sent (default 10 s) */
  connectTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 10_000;

// a server that announces `Keep-Alive: timeout=N` may close at N: stop reusing a second before
const KEEP_ALIVE_MARGIN_MS = 1000;

export class H1Pool {
  private readonly idle: H1Connection[] = [];
  private readonly all = new Set<H1Connection>();
  private readonly waiting: Array<{ resolve(conn: H1Connection): void; reject(err: Error): void }> = [];
  private sweeper?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly target: ConnectTarget, private readonly opts: H1PoolOptions) {}

  async request(req: H1Request): Promise<H1Response> {
    const conn = await this.acquire();
    try {
      return await conn.send(req);
    } catch (err) {
      conn.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const c of [...this.all]) c.close();
    for (const w of this.waiting.splice(0)) w.reject(closedError());
  }

  private acquire(): Promise<H1Connection> {
    if (this.closed) return Promise.reject(closedError());
    const now = performance.now();
    for (let c = this.idle.pop(); c; c = this.idle.pop()) {
      if (!c.closed && now - c.idleSince < this.idleLimit(c)) return Promise.resolve(c);
      c.close();
    }
    if (this.all.size < this.opts.connections) return Promise.resolve(this.open());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private open(): H1Connection {
    const conn = new H1Connection(this.target, {
      idle: (c) => {
        const next = this.waiting.shift();
        if (next) return next.resolve(c);
        this.idle.push(c);
        this.sweep();
      },
      closed: (c) => {
        this.all.delete(c);
        const at = this.idle.indexOf(c);
        if (at >= 0) this.idle.splice(at, 1);
        // a request waiting for a free slot gets a new connection in place of the closed one
        const next = this.waiting.shift();
        if (next && !this.closed) next.resolve(this.open());
      },
    }, { connectMs: this.opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, bodyMs: this.opts.bodyTimeoutMs });
    this.all.add(conn);
    return conn;
  }

  private idleLimit(c: H1Connection): number {
    return c.keepAliveMs === undefined ? this.opts.keepAliveMs : Math.min(this.opts.keepAliveMs, c.keepAliveMs - KEEP_ALIVE_MARGIN_MS);
  }

  /** closes connections idle past their limit, so an idle process holds no sockets open */
  private sweep(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = performance.now();
      for (const c of [...this.idle]) if (now - c.idleSince >= this.idleLimit(c)) c.close();
      if (this.idle.length === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, 1000);
    this.sweeper.unref();
  }
}

function closedError(): Error {
  return Object.assign(new Error('the connection pool is closed'), { code: 'UND_ERR_DESTROYED' });
}
