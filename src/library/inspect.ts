// The library's plan(), verify() and status(): what `esferry plan`, `verify` and `status` compute,
// returned as data. They read both clusters and write nothing.
import { EsferryError } from '../cluster/errors.js';
import type { CopyOptions } from '../engine/types.js';
import { buildPlan, type Plan } from '../plan/build-plan.js';
import { unmatchedProblem } from '../plan/resolve.js';
import { resolvePairs } from '../workflow/index-pairs.js';
import { verifyIndices, type VerifyResult } from '../report/verify.js';
import { buildQuery } from '../read/search-body.js';
import { indexStatusRows, type StatusRow } from '../workflow/index-status.js';
import { connectBoth, type ConnectedSides } from '../workflow/sides.js';
import { destNameOf, listEntriesOf, normalizedSides, planOptionsOf, renameRulesOf, type Selection } from './selection.js';

export type { Plan, PlanItem } from '../plan/build-plan.js';
export type { VerifyResult, IndexVerification } from '../report/verify.js';
export type { StatusRow } from '../workflow/index-status.js';

/** Options of plan(): the selection and what the copy would do with types, ids and time windows. */
export interface PlanOptions extends Selection, Pick<CopyOptions, 'typeHandling' | 'idTemplate' | 'query' | 'timeField' | 'since' | 'until'> {
  /** the copy would delete and re-create destination indices that exist */
  recreate?: boolean;
  /** 2.x/5.x parent/child indices to 6.0+: the join field that replaces `_parent` */
  parentJoinField?: string;
}

/** Options of verify(): the selection, the documents compared, the window counted. */
export interface VerifyOptions extends Selection, Pick<CopyOptions, 'query' | 'timeField' | 'since' | 'until'> {
  /** documents compared per index beside the counts (default 0: counts only) */
  sample?: number;
  /** a pattern or name matching no source index is skipped instead of refused */
  allowMissing?: boolean;
}

async function withSides<T>(selection: Selection, fn: (sides: ConnectedSides) => Promise<T>): Promise<T> {
  const s = normalizedSides(selection);
  const sides = await connectBoth(s.source, s.dest);
  try {
    return await fn(sides);
  } finally {
    await sides.close();
  }
}

/**
 * What a copy would do, without writing: per index the destination name, create/recreate/existing,
 * document count and size, the settings and mappings converted for the destination version, and
 * conflicts (a copy with conflicts is refused). `plan.conflicts` lists them all.
 */
export function plan(o: PlanOptions): Promise<Plan> {
  return withSides(o, ({ source, dest }) => buildPlan(source, dest, planOptionsOf(o)));
}

/**
 * Compares source and destination: counts (in the time window / query, when given) and `sample`
 * documents per index. `result.ok` is false on any mismatch; nothing is changed.
 */
export function verify(o: VerifyOptions): Promise<VerifyResult> {
  return withSides(o, async ({ source, dest }) => {
    const { pairs, unmatched } = await resolvePairs(source.transport, listEntriesOf(o.sourceIndex), renameRulesOf(o), destNameOf(o).destName);
    const missing = unmatchedProblem(unmatched, o.allowMissing === true);
    if (missing) throw new EsferryError('bad_input', missing);
    const query = buildQuery(o);
    return verifyIndices(source.transport, dest.transport, pairs, { sample: o.sample ?? 0, destFeatures: dest.cluster.dialect.features, ...(query ? { query } : {}) });
  });
}

/**
 * Where each index stands: source and destination counts and sizes, what remains, and settings an
 * interrupted run left tuned (`leftTuned`, restored by the next copy of the index).
 */
export function status(o: Selection): Promise<StatusRow[]> {
  return withSides(o, async ({ source, dest }) => (await indexStatusRows(source, dest, listEntriesOf(o.sourceIndex), renameRulesOf(o), destNameOf(o).destName)).rows);
}
