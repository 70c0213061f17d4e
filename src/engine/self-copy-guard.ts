// copy() refuses to write into an index it reads when source and destination are one cluster
// (decided by cluster_uuid / node ids, not by URL text).
import type { Cluster } from '../cluster/types.js';
import { EsferryError } from '../cluster/errors.js';
import { sameIdentity } from '../cluster/identity.js';
import { listAliases } from '../meta/admin.js';
import { selfCopyMessage, selfCopyTarget } from '../plan/self-copy.js';
import type { IndexJob } from './copy-index.js';

export async function refuseSelfCopy(source: Cluster, dest: Cluster, jobs: IndexJob[]): Promise<void> {
  if (!source.identity || !dest.identity || sameIdentity(source.identity, dest.identity) !== true) return;
  const reads = new Set(jobs.map((j) => j.sourceIndex));
  const aliases = await listAliases(dest.transport);
  for (const j of jobs) {
    const target = selfCopyTarget(j.destIndex, reads, aliases);
    if (target) throw new EsferryError('bad_input', selfCopyMessage(j.destIndex, target, 'give destIndex another name'));
  }
}
