// "Written" must mean "in the destination": documents that replaced each other because their
// ids repeat (across the mapping types merged or dropped into one index, or across source indices
// copied into one destination) are a loss the bulk answers alone do not flag as errors. Checked
// after each index's final refresh (or once the writes became searchable where there is none); a run that finds one fails instead of reporting success.
import type { ClusterFeatures, Transport } from '../cluster/types.js';
import { visibleCount } from '../meta/visible-count.js';

/** what one destination index received during this run, over the source indices copied into it */
export interface DestTally {
  /** the destination was created by this run (not there before, or --recreate) */
  fresh: boolean;
  /** some index into it resumed from saved checkpoints: documents written before the crash are written again */
  resumed: boolean;
  /** source indices copied into it so far */
  sources: string[];
  written: number;
  overwritten: number;
}

const WAY_OUT = "ids repeat across mapping types or source indices; keep them apart with --id-template '{type}#{id}' (or '{index}#{id}')";

/**
 * The reason documents were lost, or undefined. `transformed`: a user transform may send documents
 * to other indices, so the destination's count proves nothing then.
 */
export async function lostDocuments(transport: Transport, destIndex: string, tally: DestTally, transformed: boolean, features: Pick<ClusterFeatures, 'refresh'>): Promise<string | undefined> {
  // into an index this run created, every replaced document was written by this run
  if (tally.fresh && !tally.resumed && tally.overwritten > 0) {
    return `${tally.overwritten} document(s) replaced others with the same _id written by this run: ${destIndex} holds fewer documents than were written (${WAY_OUT})`;
  }
  if (transformed) return undefined;
  // without _refresh (serverless) the count is awaited until what was written became searchable
  const held = await visibleCount(transport, features, destIndex, tally.written);
  if (held < tally.written) {
    return `${destIndex} holds ${held} documents but ${tally.written} were written to it by this run (${tally.written - held} replaced others with the same _id: ${WAY_OUT})`;
  }
  return undefined;
}
