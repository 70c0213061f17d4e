// Optional node discovery: GET /_nodes/http lists every node's HTTP publish address.
import type { Transport } from './types.js';

/**
 * publish_address comes as "10.0.0.1:9200", "host/10.0.0.1:9200" or "[::1]:9200".
 * The host name is preferred when present: TLS certificates name hosts, not addresses.
 */
export function publishAddressToUrl(address: string, protocol: 'http:' | 'https:'): string | undefined {
  const a = address.trim();
  if (!a) return undefined;
  const slash = a.indexOf('/');
  let hostPort = a;
  if (slash >= 0) {
    const host = a.slice(0, slash);
    const ipPort = a.slice(slash + 1);
    const port = /:(\d+)$/.exec(ipPort)?.[1];
    hostPort = host && port ? `${host}:${port}` : ipPort;
  }
  return `${protocol}//${hostPort}`;
}

/** Discovered node URLs (without credentials; the transport re-applies the configured auth). */
export async function sniffNodes(transport: Transport, protocol: 'http:' | 'https:'): Promise<string[]> {
  const res = await transport.request<{ nodes?: Record<string, { http?: { publish_address?: string } }> }>({
    method: 'GET',
    path: '/_nodes/http',
  });
  const out = new Set<string>();
  for (const node of Object.values(res.body?.nodes ?? {})) {
    const addr = node.http?.publish_address;
    const url = addr ? publishAddressToUrl(addr, protocol) : undefined;
    if (url) out.add(url);
  }
  return [...out];
}
