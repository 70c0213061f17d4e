// The HTTP transport of esferry, built directly on undici.
//
// Why not the official client: @elastic/elasticsearch 8.x refuses to talk to servers that do not
// send `x-elastic-product: Elasticsearch` (every OpenSearch, every ES before 7.14) and sends
// `application/vnd.elasticsearch+json; compatible-with=8` media types that older servers reject.
// esferry must copy between ES 2.x and OpenSearch 3, so it sends plain application/json and
// application/x-ndjson and never looks at the product header.
import { Pool } from 'undici';
import type { Readable } from 'node:stream';
import type { EsRequest, EsResponse, StreamResponse, Transport } from '../types.js';
import type { ConnectOptions } from '../connect-options.js';
import { EsferryError } from '../errors.js';
import { classifyHttpError, classifyNetworkError, isConnectPhase } from '../classify.js';
import { redactText, secretForms } from '../redact.js';
import { parseNodeUrl, type NodeAddress } from './node-url.js';
import { NodeSet, type NodeSetOptions } from './node-set.js';
import { resolveAuth } from './auth.js';
import { tlsConnectOptions } from './tls.js';
import { contentEncodingOf, decodeBuffer, decodeStream, encodeBody, isJsonContentType } from './body.js';

const DEFAULT_TIMEOUT_MS = 120_000;
const USER_AGENT = 'esferry/0.1 (undici)';

type Headers = Record<string, string | string[] | undefined>;

interface Node {
  address: NodeAddress;
  pool: Pool;
}

interface RawResult {
  status: number;
  headers: Headers;
  body: Readable;
  node: Node;
  /** stops the request deadline timer */
  done(): void;
  timedOut(): boolean;
}

export interface TransportOptions extends Omit<ConnectOptions, 'nodes' | 'sniff'> {
  nodes: string[];
  /** failover tuning (tests) */
  backoff?: NodeSetOptions;
}

export class UndiciTransport implements Transport {
  readonly redactedNodes: string[];
  private readonly nodes: NodeSet<Node>;
  private readonly baseHeaders: Record<string, string>;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly gzipRequests: boolean;
  private closed = false;

  constructor(opts: TransportOptions) {
    if (opts.nodes.length === 0) throw new EsferryError('bad_input', 'no cluster node URL given');
    const addresses = opts.nodes.map(parseNodeUrl);
    const first = addresses.find((a) => a.username !== undefined || a.password !== undefined);
    const auth = resolveAuth(opts.auth, first?.username, first?.password);
    const userHeaders = opts.headers ?? {};
    const userAuth = Object.entries(userHeaders).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    this.secrets = [...auth.secrets, ...secretForms([userAuth, ...addresses.map((a) => a.password)])];
    // our own headers win; user headers differing only in case would be sent twice otherwise
    const ours = new Set(['user-agent', 'accept', 'accept-encoding', 'content-type', 'content-encoding', ...(auth.header ? ['authorization'] : [])]);
    const extra = Object.fromEntries(Object.entries(userHeaders).filter(([k]) => !ours.has(k.toLowerCase())));
    this.baseHeaders = {
      ...extra,
      'user-agent': USER_AGENT,
      accept: 'application/json',
      // compressed responses only on request (ConnectOptions.compression says why); 2.x ignores
      // the header and answers uncompressed, and decoding follows content-encoding either way
      ...(opts.compression ? { 'accept-encoding': 'gzip, deflate' } : {}),
      ...(auth.header ? { authorization: auth.header } : {}),
    };
    this.timeoutMs = opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.gzipRequests = opts.gzipRequests ?? false;
    const connect = tlsConnectOptions(opts.tls);
    const nodes = addresses.map((address) => ({
      address,
      pool: new Pool(address.origin, {
        connections: opts.maxSockets ?? 16,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        // our own deadline covers headers; bodies of big pages may legitimately take long
        headersTimeout: 0,
        bodyTimeout: this.timeoutMs,
        connect: address.origin.startsWith('https:') ? connect : undefined,
      }),
    }));
    this.nodes = new NodeSet(nodes, opts.backoff);
    this.redactedNodes = addresses.map((a) => a.redacted);
  }

  async request<T = unknown>(req: EsRequest & { okStatuses?: number[] }): Promise<EsResponse<T>> {
    const res = await this.requestRaw(req);
    let body: unknown = undefined;
    if (req.method !== 'HEAD' && res.body.length > 0) {
      const text = res.body.toString('utf8');
      if (isJsonContentType(res.headers['content-type'])) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      } else {
        body = text;
      }
    }
    return { status: res.status, headers: res.headers, body: body as T, bytes: res.bytes };
  }

  async requestRaw(req: EsRequest & { okStatuses?: number[] }): Promise<EsResponse<Buffer>> {
    const raw = await this.dispatch(req);
    try {
      const body = await readAll(raw, req);
      if (!isOk(raw.status, req.okStatuses)) throw this.httpError(raw, req, body);
      return { status: raw.status, headers: raw.headers, body, bytes: body.length };
    } catch (err) {
      if (err instanceof EsferryError) throw err;
      throw this.networkError(err, raw.node, req, raw.timedOut());
    } finally {
      raw.done();
    }
  }

  async stream(req: EsRequest): Promise<StreamResponse> {
    const raw = await this.dispatch(req);
    // the deadline covers the wait for headers only; bodyTimeout guards a stalled body
    raw.done();
    if (!isOk(raw.status, undefined)) {
      let body: Buffer = Buffer.alloc(0);
      try {
        body = await readAll(raw, req);
      } catch {
        // the status alone still classifies the error
      }
      throw this.httpError(raw, req, body);
    }
    return { status: raw.status, headers: raw.headers, body: decodeStream(raw.body, contentEncodingOf(raw.headers)) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.nodes.all().map((n) => n.pool.close().catch(() => n.pool.destroy())));
  }

  /** Sends to the next live node; fails over when the request certainly did not reach a node. */
  private async dispatch(req: EsRequest): Promise<RawResult> {
    if (this.closed) throw new EsferryError('bad_input', 'transport is closed');
    const tried = new Set<Node>();
    let last: EsferryError | undefined;
    for (let attempt = 0; attempt < this.nodes.size; attempt++) {
      const node = this.nodes.next(tried);
      if (!node) break;
      tried.add(node);
      try {
        const res = await this.send(node, req);
        this.nodes.markAlive(node);
        return res;
      } catch (err) {
        const timedOut = (err as { esferryTimedOut?: boolean }).esferryTimedOut === true;
        const classified = this.networkError(err, node, req, timedOut);
        last = classified;
        if (classified.kind !== 'connection') throw classified;
        this.nodes.markDead(node);
        // a request that may have reached the node is not resent here: resending a bulk or a
        // scroll continuation is the caller's decision
        const safeToResend = isConnectPhase(err) || req.method === 'GET' || req.method === 'HEAD';
        if (!safeToResend || req.signal?.aborted) throw classified;
      }
    }
    throw last ?? new EsferryError('connection', 'no cluster node available');
  }

  private async send(node: Node, req: EsRequest): Promise<RawResult> {
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const deadline = new AbortController();
    let timedOut = false;
    const timer = timeoutMs > 0
      ? setTimeout(() => {
        timedOut = true;
        deadline.abort(new Error(`request timed out after ${timeoutMs} ms`));
      }, timeoutMs)
      : undefined;
    const signal = req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal;
    const done = () => clearTimeout(timer);
    const body = encodeBody(req.body, req.path, req.contentType, this.gzipRequests);
    const headers: Record<string, string> = { ...this.baseHeaders };
    if (body.contentType) headers['content-type'] = body.contentType;
    if (body.contentEncoding) headers['content-encoding'] = body.contentEncoding;
    try {
      const res = await node.pool.request({
        method: req.method,
        path: node.address.basePath + req.path + queryString(req.query),
        headers,
        body: body.data,
        signal,
      });
      return {
        status: res.statusCode,
        headers: res.headers as Headers,
        body: res.body as unknown as Readable,
        node,
        done,
        timedOut: () => timedOut,
      };
    } catch (err) {
      done();
      if (timedOut && err && typeof err === 'object') (err as { esferryTimedOut?: boolean }).esferryTimedOut = true;
      throw err;
    }
  }

  private httpError(raw: RawResult, req: EsRequest, body: Buffer): EsferryError {
    let parsed: unknown = undefined;
    if (body.length > 0) {
      const text = body.toString('utf8');
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return classifyHttpError({
      status: raw.status,
      body: parsed,
      method: req.method,
      url: this.where(raw.node, req),
      secrets: this.secrets,
    });
  }

  private networkError(err: unknown, node: Node, req: EsRequest, timedOut: boolean): EsferryError {
    const e = classifyNetworkError(err, {
      method: req.method,
      url: this.where(node, req),
      secrets: this.secrets,
      timedOutAfterMs: timedOut ? (req.timeoutMs ?? this.timeoutMs) : undefined,
      aborted: req.signal?.aborted === true,
    });
    return e;
  }

  private where(node: Node, req: EsRequest): string {
    return redactText(node.address.redacted + req.path, this.secrets);
  }
}

function isOk(status: number, okStatuses: number[] | undefined): boolean {
  return (status >= 200 && status < 300) || (okStatuses?.includes(status) ?? false);
}

async function readAll(raw: RawResult, req: EsRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of raw.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  const buf = Buffer.concat(chunks);
  if (req.method === 'HEAD') return Buffer.alloc(0);
  return decodeBuffer(buf, contentEncodingOf(raw.headers));
}

export function queryString(query: EsRequest['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
