// Requests through a proxy go through undici's proxy agents (CONNECT tunnels, NO_PROXY per request).
// This module, and undici with it, is loaded only when a proxy is in use.
import { ProxyAgent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { ProxyChoice } from './proxy.js';
import type { TlsConnectOptions } from './tls.js';

export interface ProxyPoolOptions {
  connections: number;
  keepAliveMs: number;
  bodyTimeoutMs: number;
}

export function proxyDispatcher(proxy: ProxyChoice, pool: ProxyPoolOptions, tls: TlsConnectOptions): Dispatcher {
  const options = {
    connections: pool.connections,
    pipelining: 1,
    keepAliveTimeout: pool.keepAliveMs,
    // the transport's own deadline covers headers; bodies of big pages may legitimately take long
    headersTimeout: 0,
    bodyTimeout: pool.bodyTimeoutMs,
  };
  // TLS towards the cluster goes inside the tunnel (requestTls); `connect` serves NO_PROXY hosts
  return proxy.uri
    ? new ProxyAgent({ ...options, uri: proxy.uri, requestTls: tls })
    : new EnvHttpProxyAgent({ ...options, ...proxy.fromEnv, connect: tls, requestTls: tls });
}
