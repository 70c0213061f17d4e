// One error type for everything that goes wrong talking to a cluster, classified once.

export type ErrorKind =
  | 'connection' // could not connect / socket dropped — retryable
  | 'rejected' // 429 / 503 / es_rejected_execution_exception — retryable with backoff
  | 'server' // 500/502/504 — retryable for idempotent requests
  | 'auth' // 401 / 403 — check credentials
  | 'index_missing' // 404 index_not_found_exception
  | 'request' // other 4xx — not retryable
  | 'timeout'
  | 'bad_input' // the user gave something unusable
  | 'tls' // certificate verification failed — not retryable, fix the CA/cert options
  | 'not_elasticsearch' // the server answered but is not Elasticsearch/OpenSearch
  | 'aborted'; // the caller's AbortSignal fired — not a node failure

export class EsferryError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly esType?: string;
  readonly retryable: boolean;
  constructor(kind: ErrorKind, message: string, opts: { status?: number; esType?: string; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'EsferryError';
    this.kind = kind;
    this.status = opts.status;
    this.esType = opts.esType;
    this.retryable = kind === 'connection' || kind === 'rejected' || kind === 'server' || kind === 'timeout';
  }
}
