// Open scroll contexts and points in time on a test cluster, read from its search-context table.
import { contextsOf } from '../../../fixtures/cluster/search/contexts.js';
import type { ClusterState } from '../../../fixtures/cluster/types.js';

export async function openContexts(cluster: { state: ClusterState }): Promise<number> {
  // a clear request may still be in flight on the server side for a moment after `done`
  await new Promise((r) => setImmediate(r));
  const c = contextsOf(cluster.state);
  return new Set(c.scrolls.values()).size + c.pits.size;
}
