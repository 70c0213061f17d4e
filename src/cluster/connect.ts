// connect(): transport + version detection + dialect, the one entry point to a cluster.
import type { Cluster, Transport } from './types.js';
import type { ConnectOptions } from './connect-options.js';
import { EsferryError } from './errors.js';
import { ClientTransport } from './transport/client-transport.js';
import { HttpTransport, type TransportOptions } from './transport/http-transport.js';
import { parseNodeUrl } from './transport/node-url.js';
import { detectVersion } from './version.js';
import { dialectFor } from './dialects/index.js';
import { isServerless, SERVERLESS_INFO, serverlessDialect } from './dialects/serverless.js';
import { sniffNodes } from './sniff.js';
import { assertOneCluster, clusterIdentity } from './identity.js';

export type { ConnectOptions } from './connect-options.js';
export type { Cluster } from './types.js';

/** how long the first request (GET /) may wait for an answer; much shorter than a bulk or search may take */
const DEFAULT_FIRST_ANSWER_MS = 10_000;

export async function connect(opts: ConnectOptions): Promise<Cluster> {
  // "http://a:9200,http://b:9200" is accepted as a list too (CLI flags, env vars)
  const nodes = (Array.isArray(opts.nodes) ? opts.nodes : [opts.nodes])
    .flatMap((n) => n.split(/,\s*(?=https?:\/\/)/i))
    .map((n) => n.trim())
    .filter(Boolean);
  if (opts.client) return connectThrough(opts.client, opts);
  if (nodes.length === 0) throw new EsferryError('bad_input', 'no cluster node URL given');
  let transport = new HttpTransport(transportOptions(opts, nodes));
  if (isServerless(opts)) return serverlessCluster(transport);
  try {
    const info = await detectVersion(transport, Math.min(opts.connectTimeoutMs ?? DEFAULT_FIRST_ANSWER_MS, opts.requestTimeoutMs ?? Infinity));
    const identity = await clusterIdentity(transport, info.clusterUuid);
    await assertOneCluster(identity, nodes, (node) => new HttpTransport(transportOptions(opts, [node])));
    if (opts.sniff) {
      const seed = parseNodeUrl(nodes[0]!);
      const discovered = await sniffNodes(transport, seed.origin.startsWith('https:') ? 'https:' : 'http:');
      if (discovered.length > 0) {
        // credentials of a seed URL carry over through auth, so discovered nodes need none in their URL
        const auth = opts.auth ?? (seed.username !== undefined ? { username: seed.username, password: seed.password ?? '' } : undefined);
        const next = new HttpTransport({ ...transportOptions(opts, discovered.map((u) => u + seed.basePath)), auth });
        await transport.close();
        transport = next;
      }
    }
    const dialect = dialectFor(info);
    const t = transport;
    return { transport: t, dialect, info, identity, close: () => t.close() };
  } catch (err) {
    await transport.close();
    throw err;
  }
}

/**
 * A serverless collection answers neither GET / nor the node APIs (identity, sniffing): nothing is
 * asked at connect time, the first real request reports a refusal or an unreachable endpoint.
 * Its identity stays unknown: the run guards compare the URLs of two collections instead.
 */
function serverlessCluster(transport: Transport): Cluster {
  return { transport, dialect: serverlessDialect(), info: { ...SERVERLESS_INFO }, close: () => transport.close() };
}

function transportOptions(opts: ConnectOptions, nodes: string[]): TransportOptions {
  return {
    nodes,
    auth: opts.auth,
    tls: opts.tls,
    requestTimeoutMs: opts.requestTimeoutMs,
    gzipRequests: opts.gzipRequests,
    compression: opts.compression,
    maxSockets: opts.maxSockets,
    headers: opts.headers,
    aws: opts.aws,
    proxy: opts.proxy,
  };
}

/** An embedder's client: version and identity read through it; nothing of it is closed here. */
async function connectThrough(client: NonNullable<ConnectOptions['client']>, opts: ConnectOptions): Promise<Cluster> {
  if (typeof client.transport?.request !== 'function') throw new EsferryError('bad_input', 'client must be an @elastic/elasticsearch or @opensearch-project/opensearch Client (client.transport.request missing)');
  const transport = new ClientTransport(client);
  if (isServerless(opts)) return serverlessCluster(transport);
  const info = await detectVersion(transport, Math.min(opts.connectTimeoutMs ?? DEFAULT_FIRST_ANSWER_MS, opts.requestTimeoutMs ?? Infinity));
  const identity = await clusterIdentity(transport, info.clusterUuid);
  return { transport, dialect: dialectFor(info), info, identity, close: () => transport.close() };
}
