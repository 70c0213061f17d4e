// One keep-alive HTTP/1.1 connection: one request at a time, its socket read into the
// connection's own reusable buffers (ReadBuffers) and the response body handed to the caller as
// views of them. Why not undici here: undici hands every socket read over as a fresh buffer, and
// at page-read rates those buffers are most of what the process allocates and frees.
import net from 'node:net';
import tls from 'node:tls';
import { ReadBuffers } from './read-buffers.js';
import { ResponseParser, type ResponseHead } from './response-parser.js';

export interface H1Request {
  method: string;
  /** path and query */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
}

export interface H1Response {
  status: number;
  headers: ResponseHead['headers'];
  /** each chunk is valid until the next one is asked for (or the iteration ends) */
  body: AsyncIterable<Uint8Array>;
}

export interface ConnectTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** tls.connect options for https (CA, client certificate, verification) */
  tls?: tls.ConnectionOptions;
  /** after the TLS handshake: a reason to refuse the peer (a pinned fingerprint), if any */
  checkPeer?: (socket: tls.TLSSocket) => Error | undefined;
}

export interface ConnectionTimeouts {
  /** TCP connect and TLS handshake */
  connectMs: number;
  /** longest silence while a response body is read (0: none) */
  bodyMs: number;
}

export interface ConnectionEvents {
  /** the connection finished a response and can carry another request */
  idle(conn: H1Connection): void;
  /** the connection is gone */
  closed(conn: H1Connection): void;
}

type Waiter = { resolve(v: IteratorResult<Uint8Array>): void; reject(e: Error): void };

/** a code the error classification knows, for errors this connection raises itself */
function socketError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

export class H1Connection {
  readonly socket: net.Socket;
  /** set once the connection may not carry another request */
  closed = false;
  /** when it last finished a response; the pool's idle clock */
  idleSince = 0;
  /** the server's keep-alive hint from the last response */
  keepAliveMs?: number;
  private readonly reads = new ReadBuffers();
  private paused = false;
  private handshaken = false;
  private connected: Promise<void>;
  private active?: Exchange;
  private events?: ConnectionEvents;

  private readonly bodyTimeoutMs: number;

  constructor(target: ConnectTarget, events: ConnectionEvents, timeouts: ConnectionTimeouts) {
    this.bodyTimeoutMs = timeouts.bodyMs;
    const connectMs = timeouts.connectMs;
    this.events = events;
    const onread = {
      buffer: () => this.reads.next(),
      callback: (n: number, buf: Buffer) => this.onRead(n, buf),
    };
    if (target.protocol === 'https:') {
      const socket = tls.connect({ ...target.tls, host: target.hostname, port: target.port, servername: net.isIP(target.hostname) ? undefined : target.hostname, onread } as tls.ConnectionOptions);
      this.socket = socket;
      this.connected = new Promise((resolve, reject) => {
        socket.once('secureConnect', () => {
          this.handshaken = true;
          const refused = target.checkPeer?.(socket);
          if (refused) {
            socket.destroy();
            reject(refused);
          } else resolve();
        });
        socket.once('error', reject);
      });
    } else {
      const socket = net.connect({ host: target.hostname, port: target.port, onread });
      this.socket = socket;
      this.connected = new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
    }
    this.socket.setNoDelay(true);
    // a node that never answers the handshake fails over to the next node instead of waiting out
    // the request deadline
    this.socket.setTimeout(connectMs);
    this.connected.then(() => this.socket.setTimeout(0), () => {});
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('end', () => this.onEnd());
    this.socket.on('close', () => this.fail(socketError('the connection closed', 'UND_ERR_SOCKET')));
    this.socket.on('timeout', () => {
      if (this.socket.connecting || (this.socket instanceof tls.TLSSocket && !this.handshaken)) this.socket.destroy(socketError(`connect timed out after ${connectMs} ms`, 'UND_ERR_CONNECT_TIMEOUT'));
      else this.socket.destroy(socketError(`no response bytes for ${this.bodyTimeoutMs} ms`, 'ESOCKETTIMEDOUT'));
    });
    // an unanswered connect attempt surfaces through `connected`, not as an unhandled rejection
    this.connected.catch(() => {});
  }

  /** Sends a request; resolves with the response head, the body streaming after it. */
  async send(req: H1Request): Promise<H1Response> {
    await this.connected;
    if (this.closed) throw socketError('the connection closed', 'UND_ERR_SOCKET');
    this.socket.ref();
    const exchange = new Exchange(this, req.method === 'HEAD');
    this.active = exchange;
    let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
    for (const [k, v] of Object.entries(req.headers)) head += `${k}: ${v}\r\n`;
    if (req.body !== undefined || req.method === 'POST' || req.method === 'PUT') head += `content-length: ${req.body?.length ?? 0}\r\n`;
    head += '\r\n';
    const onAbort = () => this.socket.destroy(Object.assign(new Error('request aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    exchange.onSettled = () => req.signal?.removeEventListener('abort', onAbort);
    if (req.signal?.aborted) onAbort();
    // the wait for the response head is the request deadline's (the transport's timer)
    this.socket.cork();
    this.socket.write(head, 'latin1');
    if (req.body && req.body.length > 0) this.socket.write(req.body);
    this.socket.uncork();
    return exchange.headPromise;
  }

  /** the exchange's body was read to its end (or given up): the connection is free again */
  finished(exchange: Exchange, reusable: boolean): void {
    if (this.active !== exchange) return;
    this.active = undefined;
    this.socket.setTimeout(0);
    if (!reusable || this.socket.destroyed) return this.close();
    if (this.paused) {
      // idle, it must still hear the server close it
      this.paused = false;
      this.socket.resume();
    }
    this.idleSince = performance.now();
    // an idle keep-alive socket does not keep the process alive
    this.socket.unref();
    this.events?.idle(this);
  }

  release(view: Buffer): void {
    this.reads.release(view);
    if (this.paused && this.reads.held < this.reads.maxHeld && !this.socket.destroyed) {
      this.paused = false;
      if (this.active && this.bodyTimeoutMs > 0) this.socket.setTimeout(this.bodyTimeoutMs);
      this.socket.resume();
    }
  }

  /** the head arrived: from now on a silent socket is a stalled body */
  bodyStarted(): void {
    if (this.bodyTimeoutMs > 0 && !this.paused) this.socket.setTimeout(this.bodyTimeoutMs);
  }

  hold(view: Buffer): void {
    this.reads.hold(view);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const events = this.events;
    this.events = undefined;
    events?.closed(this);
  }

  private onRead(n: number, buf: Buffer): boolean {
    const exchange = this.active;
    if (!exchange) {
      // bytes nobody asked for: the connection's framing is lost
      this.socket.destroy(socketError('the server sent bytes outside a response', 'UND_ERR_SOCKET'));
      return false;
    }
    exchange.feed(buf, n);
    this.reads.afterRead(buf);
    if (this.reads.held >= this.reads.maxHeld) {
      // the consumer's pace, not the server's: no body timeout while it holds the bytes
      this.paused = true;
      this.socket.setTimeout(0);
      return false;
    }
    return true;
  }

  private onEnd(): void {
    this.active?.eof();
    this.close();
  }

  private fail(err: Error): void {
    const exchange = this.active;
    this.active = undefined;
    exchange?.fail(err);
    this.close();
  }
}

/** One request/response on a connection: the head promise and the body iterator. */
class Exchange implements AsyncIterable<Uint8Array> {
  readonly headPromise: Promise<H1Response>;
  onSettled?: () => void;
  private resolveHead!: (r: H1Response) => void;
  private rejectHead!: (e: Error) => void;
  private readonly parser: ResponseParser;
  private readonly queue: Buffer[] = [];
  private given?: Buffer;
  private ended = false;
  private error?: Error;
  private waiter?: Waiter;
  private headSeen = false;
  private iterated = false;

  constructor(private readonly conn: H1Connection, headRequest: boolean) {
    this.headPromise = new Promise((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    this.parser = new ResponseParser({
      head: (h) => {
        this.headSeen = true;
        if (h.keepAliveMs !== undefined) conn.keepAliveMs = h.keepAliveMs;
        conn.bodyStarted();
        this.resolveHead({ status: h.status, headers: h.headers, body: this });
      },
      body: (view) => {
        if (view.length === 0) return;
        conn.hold(view);
        this.queue.push(view);
        this.wake();
      },
      end: () => {
        this.ended = true;
        this.wake();
      },
    }, headRequest);
  }

  feed(buf: Buffer, n: number): void {
    let used: number;
    try {
      used = this.parser.feed(buf, 0, n);
    } catch (err) {
      this.conn.socket.destroy(err as Error);
      return;
    }
    if (used < n) this.conn.socket.destroy(socketError('the server sent bytes after the response', 'UND_ERR_SOCKET'));
  }

  eof(): void {
    try {
      this.parser.eof();
    } catch (err) {
      this.fail(err as Error);
    }
  }

  fail(err: Error): void {
    if (this.ended) return;
    this.error = err;
    if (!this.headSeen) {
      this.onSettled?.();
      this.rejectHead(err);
    }
    this.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.iterated) throw new Error('a response body can be read once');
    this.iterated = true;
    return {
      next: () => this.next(),
      return: async () => {
        this.giveBack();
        for (const v of this.queue.splice(0)) this.conn.release(v);
        // a body left unread leaves the connection mid-response, and a server that said
        // `Connection: close` will close it: neither can carry another request
        this.settle(this.error === undefined && this.parser.reusable);
        return { done: true, value: undefined };
      },
    };
  }

  private next(): Promise<IteratorResult<Uint8Array>> {
    this.giveBack();
    const view = this.queue.shift();
    if (view) {
      this.given = view;
      return Promise.resolve({ done: false, value: view });
    }
    if (this.error) {
      this.settle(false);
      return Promise.reject(this.error);
    }
    if (this.ended) {
      this.settle(this.parser.reusable);
      return Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private giveBack(): void {
    if (this.given) {
      const v = this.given;
      this.given = undefined;
      this.conn.release(v);
    }
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    this.next().then(w.resolve, w.reject);
  }

  private settled = false;
  private settle(reusable: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.onSettled?.();
    this.conn.finished(this, reusable);
  }
}
