// GET / → which product and version the cluster runs.
import type { ClusterInfo, Transport } from './types.js';
import { EsferryError } from './errors.js';
import { uuidOfRoot } from './identity.js';

/** Reads the root endpoint body; throws 'not_elasticsearch' when it is not ES or OpenSearch. */
export function parseRootInfo(body: unknown, where: string): ClusterInfo {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const version = (b.version && typeof b.version === 'object' ? b.version : {}) as Record<string, unknown>;
  const number = typeof version.number === 'string' ? version.number : undefined;
  const m = number ? /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(number) : null;
  if (!number || !m) {
    throw new EsferryError('not_elasticsearch', `the server at ${where} is not Elasticsearch or OpenSearch: GET / has no version.number`);
  }
  const distribution = version.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
  // ES answers the tagline "You Know, for Search"; a different product claiming a version is refused
  if (distribution === 'elasticsearch' && typeof b.tagline === 'string' && !/for search/i.test(b.tagline)) {
    throw new EsferryError('not_elasticsearch', `the server at ${where} is not Elasticsearch or OpenSearch (tagline "${b.tagline.slice(0, 60)}")`);
  }
  return {
    distribution,
    number,
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    clusterName: typeof b.cluster_name === 'string' ? b.cluster_name : '',
    ...(uuidOfRoot(b) ? { clusterUuid: uuidOfRoot(b) } : {}),
  };
}

/**
 * `firstAnswerMs` bounds the wait for the root endpoint, the first request to a cluster: a port
 * that accepts connections and never answers is reported within seconds, not after the full
 * per-request timeout, and the message says what was awaited.
 */
export async function detectVersion(transport: Transport, firstAnswerMs?: number): Promise<ClusterInfo> {
  const where = transport.redactedNodes.join(', ');
  let res: Awaited<ReturnType<Transport['request']>>;
  try {
    res = await transport.request<unknown>({ method: 'GET', path: '/', ...(firstAnswerMs !== undefined ? { timeoutMs: firstAnswerMs } : {}) });
  } catch (err) {
    if (err instanceof EsferryError && err.kind === 'timeout' && firstAnswerMs !== undefined) {
      throw new EsferryError(
        'timeout',
        `no answer from ${where} within ${Math.round(firstAnswerMs / 100) / 10} s: waited for the reply to GET / (version detection); the connection was accepted but nothing came back — is this the cluster's HTTP port, and is the cluster responsive?`,
        { cause: err },
      );
    }
    throw err;
  }
  if (typeof res.body !== 'object' || res.body === null) {
    throw new EsferryError('not_elasticsearch', `the server at ${where} is not Elasticsearch or OpenSearch: GET / did not answer JSON`);
  }
  return parseRootInfo(res.body, where);
}
