// Which cluster a connection reaches, decided by what the cluster says about itself and never by
// URL text: http://127.0.0.1:9200 and http://localhost:9200 are one cluster, and so are two
// different nodes of it. GET / names the cluster_uuid (2.4 and later, OpenSearch); a cluster that
// does not (older 2.x, or "_na_" before its state has recovered) is known by its node ids.
import { EsferryError } from './errors.js';
import type { Transport } from './types.js';

export interface ClusterIdentity {
  /** cluster_uuid from GET / when the cluster reports one */
  uuid?: string;
  /** node ids from GET /_nodes, fetched only when there is no uuid */
  nodeIds?: string[];
}

/** cluster_uuid of a GET / body; "_na_" (state not recovered yet) counts as none. */
export function uuidOfRoot(body: unknown): string | undefined {
  const uuid = body && typeof body === 'object' ? (body as { cluster_uuid?: unknown }).cluster_uuid : undefined;
  return typeof uuid === 'string' && uuid !== '' && uuid !== '_na_' ? uuid : undefined;
}

async function nodeIds(transport: Transport): Promise<string[] | undefined> {
  try {
    const res = await transport.request<{ nodes?: Record<string, unknown> }>({ method: 'GET', path: '/_nodes/http' });
    const ids = Object.keys(res.body?.nodes ?? {});
    return ids.length > 0 ? ids.sort() : undefined;
  } catch {
    // a user without the monitor privilege: the identity stays unknown
    return undefined;
  }
}

/** The identity of the cluster behind `transport`, given the uuid its GET / reported (if any). */
export async function clusterIdentity(transport: Transport, uuid: string | undefined): Promise<ClusterIdentity> {
  if (uuid) return { uuid };
  const ids = await nodeIds(transport);
  return ids ? { nodeIds: ids } : {};
}

/**
 * true: certainly one cluster; false: certainly two; undefined: the clusters did not say enough.
 * Node ids are compared by intersection: a node joining or leaving between two calls changes the set.
 */
export function sameIdentity(a: ClusterIdentity, b: ClusterIdentity): boolean | undefined {
  if (a.uuid && b.uuid) return a.uuid === b.uuid;
  if (a.nodeIds && b.nodeIds) return a.nodeIds.some((id) => b.nodeIds!.includes(id));
  return undefined;
}

/** Short text for messages: the uuid, or the node ids. */
export function describeIdentity(id: ClusterIdentity): string {
  if (id.uuid) return `cluster_uuid ${id.uuid}`;
  if (id.nodeIds) return `node ${id.nodeIds.join(', ')}`;
  return 'unknown cluster';
}

/**
 * Several node URLs given for one side must reach one cluster: round-robin over two clusters would
 * split a copy between them. Each node is asked on its own; nodes that do not answer are left to
 * the transport's failover (they cannot prove anything either way).
 */
export async function assertOneCluster(
  expected: ClusterIdentity,
  nodes: string[],
  transportFor: (node: string) => Transport,
): Promise<void> {
  if (nodes.length < 2 || (!expected.uuid && !expected.nodeIds)) return;
  const seen = await Promise.all(
    nodes.map(async (node) => {
      const t = transportFor(node);
      try {
        const res = await t.request<unknown>({ method: 'GET', path: '/', timeoutMs: 5000 });
        return { shown: t.redactedNodes[0] ?? '', id: await clusterIdentity(t, uuidOfRoot(res.body)) };
      } catch {
        return undefined;
      } finally {
        await t.close().catch(() => undefined);
      }
    }),
  );
  const answered = seen.filter((s): s is { shown: string; id: ClusterIdentity } => s !== undefined);
  for (const s of answered) {
    if (sameIdentity(expected, s.id) === false) {
      const other = answered.find((o) => sameIdentity(expected, o.id) === true);
      throw new EsferryError(
        'bad_input',
        `the node URLs belong to different clusters: ${s.shown} is ${describeIdentity(s.id)}${other ? `, ${other.shown} is ${describeIdentity(other.id)}` : ''} (list nodes of one cluster only)`,
      );
    }
  }
}
