// Requests sent through a client the embedder already has (@elastic/elasticsearch 7.x/8.x or
// @opensearch-project/opensearch): its connection pool, auth, TLS, proxy and headers are reused.
// Both expose `client.transport.request(params, options)`; responses are taken as raw streams so
// search pages stay bytes on the hot path, and every non-2xx comes back unthrown to be classified
// like esferry's own transport does. The embedder's client is never closed here.
import { Readable } from 'node:stream';
import { classifyHttpError } from '../classify.js';
import { EsferryError } from '../errors.js';
import type { EsRequest, EsResponse, StreamResponse, Transport } from '../types.js';
import { errorBodyOf, isJsonContentType } from './body.js';

/** The part of an @elastic/elasticsearch or @opensearch-project/opensearch Client esferry uses. */
export interface ExistingClient {
  transport: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the two clients type their options differently
    request(params: ClientRequestParams, options?: any): Promise<unknown>;
  };
  /** read for the node URLs shown in logs (credentials removed) */
  connectionPool?: { connections?: Array<{ url?: URL }> };
}

/** what both clients' transport.request takes */
export interface ClientRequestParams {
  method: string;
  path: string;
  querystring?: Record<string, unknown>;
  /** object (the client serialises it), string or Buffer */
  body?: string | Buffer | Record<string, unknown>;
  /** NDJSON as a string or Buffer */
  bulkBody?: string | Buffer;
}

// every error status comes back as a response: esferry classifies it (429 → retry, 409 → skip, ...)
const ALL_ERRORS = Array.from({ length: 200 }, (_, i) => 400 + i);

interface ClientResult {
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
  meta?: { statusCode?: number; headers?: Record<string, string | string[] | undefined> };
}

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null || typeof body === 'boolean') return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Readable || (typeof body === 'object' && Symbol.asyncIterator in body)) {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
    return Buffer.concat(chunks);
  }
  return Buffer.from(JSON.stringify(body));
}

function isRawBody(body: unknown): body is string | Buffer {
  return typeof body === 'string' || Buffer.isBuffer(body);
}

export class ClientTransport implements Transport {
  readonly redactedNodes: string[];

  constructor(
    private readonly client: ExistingClient,
    private readonly secrets: readonly string[] = [],
  ) {
    const urls = client.connectionPool?.connections?.map((c) => c.url).filter((u): u is URL => u instanceof URL) ?? [];
    this.redactedNodes = urls.length > 0 ? urls.map((u) => `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, '')}`) : ['(embedder client)'];
  }

  private async send(req: EsRequest): Promise<ClientResult> {
    const querystring = req.query ? Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== undefined)) : undefined;
    const params: ClientRequestParams = { method: req.method, path: req.path, ...(querystring ? { querystring } : {}) };
    if (req.body !== undefined) {
      // NDJSON (bulk) goes as is; the clients serialise objects themselves
      if (isRawBody(req.body) && (req.contentType === undefined || /ndjson/.test(req.contentType) || req.path.endsWith('/_bulk'))) params.bulkBody = req.body;
      else params.body = req.body as ClientRequestParams['body'];
    }
    const options: Record<string, unknown> = { asStream: true, meta: true, ignore: ALL_ERRORS, maxRetries: 0 };
    if (req.signal) options.signal = req.signal;
    if (req.timeoutMs !== undefined) options.requestTimeout = req.timeoutMs;
    try {
      return (await this.client.transport.request(params, options)) as ClientResult;
    } catch (err) {
      if (req.signal?.aborted) throw new EsferryError('connection', `${req.method} ${req.path}: aborted`, { cause: err });
      const name = (err as { name?: string }).name ?? '';
      const message = (err as Error).message ?? String(err);
      if (name === 'TimeoutError') throw new EsferryError('timeout', `${req.method} ${req.path}: timed out (${message})`, { cause: err });
      if (name === 'ProductNotSupportedError') throw new EsferryError('bad_input', `the client refused the cluster (${message}); esferry's own transport (connection options instead of a client) talks to every version`, { cause: err });
      throw new EsferryError('connection', `${req.method} ${req.path} through the embedder's client: ${message}`, { cause: err });
    }
  }

  private fail(status: number, req: EsRequest, body: Buffer): EsferryError {
    return classifyHttpError({ status, body: errorBodyOf(body), method: req.method, url: `${this.redactedNodes[0]}${req.path}`, secrets: this.secrets });
  }

  async requestRaw(req: EsRequest & { okStatuses?: number[] }): Promise<EsResponse<Buffer>> {
    const res = await this.send(req);
    const status = res.statusCode ?? res.meta?.statusCode ?? 0;
    const headers = res.headers ?? res.meta?.headers ?? {};
    const body = req.method === 'HEAD' ? Buffer.alloc(0) : await bytesOf(res.body);
    const ok = (status >= 200 && status < 300) || (req.okStatuses?.includes(status) ?? false);
    if (!ok) throw this.fail(status, req, body);
    return { status, headers, body, bytes: body.length };
  }

  async request<T = unknown>(req: EsRequest & { okStatuses?: number[] }): Promise<EsResponse<T>> {
    const res = await this.requestRaw(req);
    let body: unknown = undefined;
    if (res.body.length > 0) {
      const text = res.body.toString('utf8');
      try {
        body = isJsonContentType(res.headers['content-type']) ? JSON.parse(text) : text;
      } catch {
        body = text;
      }
    }
    return { status: res.status, headers: res.headers, body: body as T, bytes: res.bytes };
  }

  async stream(req: EsRequest): Promise<StreamResponse> {
    const res = await this.send(req);
    const status = res.statusCode ?? res.meta?.statusCode ?? 0;
    const headers = res.headers ?? res.meta?.headers ?? {};
    if (status < 200 || status >= 300) throw this.fail(status, req, await bytesOf(res.body).catch(() => Buffer.alloc(0)));
    const body = res.body;
    const iterable: AsyncIterable<Uint8Array> = body && typeof body === 'object' && Symbol.asyncIterator in body ? (body as AsyncIterable<Uint8Array>) : Readable.from([await bytesOf(body)]);
    return { status, headers, body: iterable };
  }

  /** the embedder owns the client: closing esferry's side leaves it open */
  async close(): Promise<void> {}
}
