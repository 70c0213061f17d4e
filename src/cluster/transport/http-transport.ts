// The HTTP transport of esferry: its own keep-alive HTTP/1.1 connections per node (h1/), or
// undici's proxy agents when a proxy is in use (proxy-dispatcher.ts, loaded only then).
//
// Why not the official client: @elastic/elasticsearch 8.x refuses to talk to servers that do not
// send `x-elastic-product: Elasticsearch` (every OpenSearch, every ES before 7.14) and sends
// `application/vnd.elasticsearch+json; compatible-with=8` media types that older servers reject.
// esferry must copy between ES 2.x and OpenSearch 3, so it sends plain application/json and
// application/x-ndjson and never looks at the product header.
import type { Dispatcher } from 'undici';
import type { EsRequest, EsResponse, StreamResponse, Transport } from '../types.js';
import type { ConnectOptions } from '../connect-options.js';
import { EsferryError } from '../errors.js';
import { classifyHttpError, classifyNetworkError, isConnectPhase } from '../classify.js';
import { redactText, secretForms } from '../redact.js';
import { parseNodeUrl, type NodeAddress } from './node-url.js';
import { NodeSet, type NodeSetOptions } from './node-set.js';
import { resolveAuth } from './auth.js';
import { tlsConnectOptions, pinnedPeerCheck } from './tls.js';
import { H1Pool } from './h1/pool.js';
import { requestChannels, type RequestEventTarget } from './h1/diagnostics.js';
import { passwordOf, proxyFromEnv, type ProxyChoice } from './proxy.js';
import { createAwsSigner, type AwsSigner } from '../aws/sigv4-signer.js';
import { awsRejection } from '../aws/rejection.js';
import { contentEncodingOf, decodeBuffer, decodeStream, encodeBody, isJsonContentType, errorBodyOf } from './body.js';

const DEFAULT_TIMEOUT_MS = 120_000;
const USER_AGENT = 'esferry/0.1 (undici)';

type Headers = Record<string, string | string[] | undefined>;

interface Node {
  address: NodeAddress;
  /** without a proxy: esferry's own keep-alive connections to the node */
  h1?: H1Pool;
  /** Host header value, as signed */
  host: string;
}

interface RawResult {
  status: number;
  headers: Headers;
  /** a chunk may be reused once the next one is asked for: whoever keeps bytes copies them */
  body: AsyncIterable<Uint8Array>;
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

export class HttpTransport implements Transport {
  readonly redactedNodes: string[];
  private readonly nodes: NodeSet<Node>;
  private readonly baseHeaders: Record<string, string>;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly gzipRequests: boolean;
  private readonly aws: TransportOptions['aws'];
  private signer?: Promise<AwsSigner>;
  /** the signer once built, for 403 messages */
  private signerReady?: AwsSigner;
  /** with a proxy: the undici agent that carries every node (loaded on first use) */
  private readonly proxied?: Promise<Dispatcher>;
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
    this.aws = opts.aws;
    if (opts.aws?.credentials) this.secrets.push(...secretForms([opts.aws.credentials.secretAccessKey, opts.aws.credentials.sessionToken]));
    const pool = { connections: opts.maxSockets ?? 16, keepAliveMs: 30_000, bodyTimeoutMs: this.timeoutMs };
    const tlsOptions = tlsConnectOptions(opts.tls);
    const checkPeer = pinnedPeerCheck(opts.tls);
    const proxy: ProxyChoice | undefined = opts.proxy === false ? undefined : opts.proxy ? { uri: opts.proxy } : proxyFromEnv(process.env);
    if (proxy) {
      if (checkPeer) throw new EsferryError('bad_input', 'a CA fingerprint cannot be checked through a proxy tunnel: give the CA itself (PEM file or text) instead');
      this.secrets.push(...(proxy.secrets ?? secretForms([passwordOf(proxy.uri)])));
      this.proxied = import('./proxy-dispatcher.js').then((m) => m.proxyDispatcher(proxy, pool, tlsOptions));
      // a load failure is reported by the first request, not as an unhandled rejection
      this.proxied.catch(() => {});
    }
    const nodes: Node[] = addresses.map((address) => {
      const url = new URL(address.origin);
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      const node: Node = { address, host: url.host };
      if (!this.proxied) {
        node.h1 = new H1Pool({
          protocol: url.protocol === 'https:' ? 'https:' : 'http:',
          hostname,
          port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
          tls: checkPeer ? { ...tlsOptions, rejectUnauthorized: false } : tlsOptions,
          ...(checkPeer ? { checkPeer: (socket) => checkPeer(socket, hostname) } : {}),
        }, pool);
      }
      return node;
    });
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
    if (this.proxied) {
      const d = await this.proxied.catch(() => undefined);
      await d?.close().catch(() => d.destroy());
    }
    await Promise.all(this.nodes.all().map((n) => n.h1?.close()));
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
    let headers: Record<string, string> = { ...this.baseHeaders };
    if (body.contentType) headers['content-type'] = body.contentType;
    if (body.contentEncoding) headers['content-encoding'] = body.contentEncoding;
    let path = node.address.basePath + req.path + queryString(req.query);
    try {
      if (this.aws) {
        const signer = await this.awsSigner();
        const query = queryValues(req.query);
        path = node.address.basePath + req.path + strictQueryString(query);
        headers = { ...headers, ...(await signer.sign({ method: req.method, host: node.host, path: node.address.basePath + req.path, query, headers, body: body.data })) };
        // the resolved secret key and session token are scrubbed from messages from now on
        for (const s of signer.secrets()) if (!this.secrets.includes(s)) this.secrets.push(s);
      }
      if (node.h1) {
        const event: RequestEventTarget = { origin: node.address.origin, method: req.method, path };
        if (requestChannels.create.hasSubscribers) requestChannels.create.publish({ request: event });
        try {
          // a Host header of the user's (a virtual host behind the node's address) is sent instead of ours
          const withHost = Object.keys(headers).some((k) => k.toLowerCase() === 'host') ? headers : { host: node.host, ...headers };
          const res = await node.h1.request({ method: req.method, path, headers: withHost, body: body.data, signal });
          if (requestChannels.headers.hasSubscribers) requestChannels.headers.publish({ request: event, response: { statusCode: res.status } });
          return { status: res.status, headers: res.headers, body: res.body, node, done, timedOut: () => timedOut };
        } catch (err) {
          if (requestChannels.error.hasSubscribers) requestChannels.error.publish({ request: event, error: err });
          throw err;
        }
      }
      const dispatcher = await this.proxied!;
      const res = await dispatcher.request({
        origin: node.address.origin,
        method: req.method,
        path,
        headers,
        body: body.data,
        signal,
      });
      return {
        status: res.statusCode,
        headers: res.headers as Headers,
        body: res.body,
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

  private async awsSigner(): Promise<AwsSigner> {
    this.signer ??= createAwsSigner(this.aws!);
    this.signerReady = await this.signer;
    return this.signerReady;
  }

  private httpError(raw: RawResult, req: EsRequest, body: Buffer): EsferryError {
    const parsed = errorBodyOf(body);
    if (this.aws && raw.status === 403 && this.signerReady) {
      return awsRejection(this.signerReady, { method: req.method, url: this.where(raw.node, req), body: parsed, secrets: this.secrets });
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

/** the whole body, copied out of the connection's read buffers */
async function readAll(raw: RawResult, req: EsRequest): Promise<Buffer> {
  // a HEAD answer announces the length of a body it does not send
  const declared = req.method === 'HEAD' ? 0 : Number(raw.headers['content-length']);
  let buf: Buffer;
  if (Number.isSafeInteger(declared) && declared > 0 && !raw.headers['transfer-encoding']) {
    // one copy into a body of the announced size
    buf = Buffer.allocUnsafe(declared);
    let at = 0;
    for await (const chunk of raw.body) {
      if (at + chunk.length > declared) throw Object.assign(new Error('response body longer than its Content-Length'), { code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' });
      buf.set(chunk, at);
      at += chunk.length;
    }
    if (at < declared) buf = buf.subarray(0, at);
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of raw.body) chunks.push(Buffer.from(chunk));
    buf = Buffer.concat(chunks);
  }
  if (req.method === 'HEAD') return Buffer.alloc(0);
  return decodeBuffer(buf, contentEncodingOf(raw.headers));
}

/** query values as strings, for the signer (which encodes them itself) */
function queryValues(query: EsRequest['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) out[k] = String(v);
  return out;
}

/** RFC 3986 encoding (also !'()*), so the query sent is byte for byte the one SigV4 canonicalises */
function strictQueryString(query: Record<string, string>): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts = Object.entries(query).map(([k, v]) => `${enc(k)}=${enc(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
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
