// Reading a test cluster's stored documents directly (exact doc sets and versions, no search API involved).
import type { TestCluster } from '../../../fixtures/cluster/index.js';

export interface StoredView {
  source: string;
  version: number;
}

export function storedDocs(cluster: TestCluster, index: string): Map<string, StoredView> {
  const out = new Map<string, StoredView>();
  const idx = cluster.state.indices.get(index);
  if (!idx) return out;
  for (const shard of idx.shards) for (const d of shard.docs.values()) out.set(d.id, { source: d.source, version: d.version });
  return out;
}

export function sameDocSet(a: Map<string, StoredView>, b: Map<string, StoredView>): string[] {
  const problems: string[] = [];
  for (const [id, d] of a) {
    const o = b.get(id);
    if (!o) problems.push(`missing ${id}`);
    else if (JSON.stringify(JSON.parse(o.source)) !== JSON.stringify(JSON.parse(d.source))) problems.push(`differs ${id}`);
  }
  for (const id of b.keys()) if (!a.has(id)) problems.push(`extra ${id}`);
  return problems.slice(0, 10);
}
