// How to reach one cluster. Kept apart from the transport so options can be typed without loading it.
import type { ExistingClient } from './transport/client-transport.js';
export type AuthOptions =
  | { username: string; password: string }
  /** `id:api_key`, its base64 encoding (as Elasticsearch returns it in `encoded`), or `{ id, api_key }`. */
  | { apiKey: string | { id: string; api_key: string } }
  | { bearer: string };

export interface TlsOptions {
  caFile?: string;
  /** the CA as PEM text (instead of, or besides, caFile) */
  ca?: string;
  /**
   * SHA-256 fingerprint of the server's certificate (or of a CA in its chain), hex with or without
   * colons, any case — as the official clients' `caFingerprint`. The certificate must match it.
   */
  caFingerprint?: string;
  certFile?: string;
  keyFile?: string;
  /** skip certificate verification — only when the user asked for it explicitly */
  insecure?: boolean;
}

/** AWS SigV4 signing (Amazon OpenSearch Service / Elasticsearch Service, OpenSearch Serverless). */
export interface AwsOptions {
  region: string;
  /**
   * `es` for managed domains (default), `aoss` for OpenSearch Serverless collections: `aoss` also
   * makes esferry speak the serverless dialect (no GET /, scroll, _cat thread pools, _refresh or
   * settings tuning). With `client`, `aws: { region, service: 'aoss' }` says the client's endpoint
   * is a collection (its own connection still signs).
   */
  service?: 'es' | 'aoss';
  /** profile of the shared config/credentials files; default: the standard chain */
  profile?: string;
  /** fixed credentials instead of the standard chain (environment, profile, web identity, container, instance) */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface ConnectOptions {
  /**
   * one URL or several nodes of the same cluster; credentials in the URL are accepted and redacted.
   * With `client`, give `[]`: the client knows its nodes.
   */
  nodes: string | string[];
  /**
   * An @elastic/elasticsearch (7.x/8.x) or @opensearch-project/opensearch Client of the embedder's:
   * every request goes through it, reusing its connection, auth, TLS and proxy (`auth`, `tls`,
   * `sniff`, `compression`, `gzipRequests` and `maxSockets` are the client's business then). The
   * client is never closed by esferry. Limits: the @elastic/elasticsearch Client ≥ 7.14 refuses a
   * cluster that is not Elasticsearch ≥ 7.14 (its product check); use connection options there.
   */
  client?: ExistingClient;
  auth?: AuthOptions;
  tls?: TlsOptions;
  requestTimeoutMs?: number;
  /** wait for the first answer (GET /, version detection); default 10 s, never more than requestTimeoutMs */
  connectTimeoutMs?: number;
  /** gzip request bodies (bulks); independent of `compression` */
  gzipRequests?: boolean;
  /**
   * Ask the cluster for gzip-compressed responses (accept-encoding). Default false, like the
   * official clients: on loopback or a LAN, compressing every search page costs the source
   * cluster CPU and inflating it costs ours (~0.5 s CPU per 100k small docs) to save bytes the
   * network moves for free. Turn it on across a WAN or a metered link, where bytes are the limit.
   */
  compression?: boolean;
  maxSockets?: number;
  sniff?: boolean;
  headers?: Record<string, string>;
  /** sign every request with AWS SigV4 */
  aws?: AwsOptions;
  /**
   * HTTP(S) proxy URL (credentials in it are accepted and redacted). Without it, HTTPS_PROXY /
   * HTTP_PROXY / NO_PROXY are honoured; `false` ignores them too.
   */
  proxy?: string | false;
}
