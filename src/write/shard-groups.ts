// Groups the documents of a bulk by destination primary shard. Elasticsearch splits one bulk
// into one task per shard it touches; a write pool with fewer threads + queue slots than that
// rejects part of every mixed bulk however few writers send. A bulk whose documents share a
// few shards is one or a few tasks. Only a performance matter: a wrong guess costs rejections,
// never documents, so anything uncertain (alias over several indices, partitioned routing,
// settings unreadable) falls back to ungrouped bulks.
import type { BulkMetaInput, Cluster } from '../cluster/types.js';
import { indexPath } from '../meta/admin.js';
import { defaultRoutingShards, shardFor } from '../cluster/routing.js';

export interface ShardGrouping {
  /** number of groups bulks are built in; each group holds about shards / groups shards */
  groups: number;
  shards: number;
  groupOf(meta: BulkMetaInput): number;
  /** shards that fall in group g: the write-pool tasks one bulk of that group makes at most */
  shardsIn(g: number): number;
}

export interface GroupingLimits {
  /** at most this many open (partial) bulks at once: the in-flight bound must hold them full */
  maxGroups: number;
}

/** the shard count and routing factor of `index` on the destination, or undefined when unknown */
export async function destinationShards(dest: Cluster, index: string): Promise<{ shards: number; routingShards: number } | undefined> {
  // a serverless collection places documents itself: its settings say nothing about where they go
  if (!dest.dialect.features.shardLayout) return undefined;
  let body: Record<string, { settings?: Record<string, unknown> }>;
  try {
    body = (await dest.transport.request<typeof body>({ method: 'GET', path: indexPath(index, '/_settings') })).body;
  } catch {
    return undefined;
  }
  // an alias over several indices: documents land in whichever one the alias writes to
  const concrete = Object.values(body ?? {});
  if (concrete.length !== 1) return undefined;
  const settings = concrete[0]!.settings ?? {};
  const s = (settings.index ?? settings) as Record<string, unknown>;
  const shards = Number(s.number_of_shards ?? s['index.number_of_shards']);
  if (!Number.isInteger(shards) || shards < 1) return undefined;
  // partitioned routing spreads one routing value over several shards: not computable here
  if (Number(s.routing_partition_size ?? 1) > 1) return undefined;
  const esMajor = dest.info.distribution === 'opensearch' ? 7 : dest.info.major;
  const routingShards = Number(s.number_of_routing_shards ?? defaultRoutingShards(shards, esMajor));
  if (!Number.isInteger(routingShards) || routingShards % shards !== 0) return undefined;
  return { shards, routingShards };
}

export function shardGrouping(index: string, shards: number, routingShards: number, limits: GroupingLimits): ShardGrouping | undefined {
  const groups = Math.min(shards, Math.max(1, Math.floor(limits.maxGroups)));
  if (groups < 2) return undefined;
  return {
    groups,
    shards,
    shardsIn: (g) => Math.ceil((shards - g) / groups),
    groupOf(meta) {
      // a doc renamed into another index by a transform is grouped anywhere: any group is correct
      if (meta.index !== index) return 0;
      return shardFor(meta.routing ?? meta.parent ?? meta.id, shards, routingShards) % groups;
    },
  };
}
