// How to reach one cluster. Kept apart from the transport so options can be typed without loading it.
export type AuthOptions =
  | { username: string; password: string }
  | { apiKey: string }
  | { bearer: string };

export interface TlsOptions {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** skip certificate verification — only when the user asked for it explicitly */
  insecure?: boolean;
}

export interface ConnectOptions {
  /** one URL or several nodes of the same cluster; credentials in the URL are accepted and redacted */
  nodes: string | string[];
  auth?: AuthOptions;
  tls?: TlsOptions;
  requestTimeoutMs?: number;
  gzipRequests?: boolean;
  maxSockets?: number;
  sniff?: boolean;
  headers?: Record<string, string>;
}
