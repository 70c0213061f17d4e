// Counting what a copy wrote. Where the destination has `_refresh`, one refresh makes everything
// written searchable and one count says it all. OpenSearch Serverless has no `_refresh`: documents
// become searchable on the service's own schedule (AWS: "between 10 and 30 seconds"), so a count
// below what is expected is asked again until it gets there or the wait is over — a short count
// after the wait is a real shortfall, reported as such.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterFeatures, Transport } from '../cluster/types.js';
import { countDocs, refreshIndex } from './admin.js';

/** longest wait for written documents to become searchable on a destination without `_refresh` */
export const VISIBILITY_WAIT_MS = 60_000;
const POLL_MS = 500;

export interface VisibleCountOptions {
  query?: Record<string, unknown>;
  /** default VISIBILITY_WAIT_MS */
  waitMs?: number;
  signal?: AbortSignal;
}

/** refresh (where there is one) so that a count sees every document written so far */
export async function makeSearchable(t: Transport, features: Pick<ClusterFeatures, 'refresh'>, index: string): Promise<void> {
  if (features.refresh) await refreshIndex(t, index);
}

/**
 * The document count of `index`, once it reaches `expected` or the wait ends; a single count
 * where `_refresh` exists (call makeSearchable first).
 */
export async function visibleCount(t: Transport, features: Pick<ClusterFeatures, 'refresh'>, index: string, expected: number, opts: VisibleCountOptions = {}): Promise<number> {
  let n = await countDocs(t, index, opts.query);
  if (features.refresh) return n;
  const until = Date.now() + (opts.waitMs ?? VISIBILITY_WAIT_MS);
  while (n < expected && Date.now() < until && !opts.signal?.aborted) {
    await sleep(Math.min(POLL_MS, Math.max(1, until - Date.now())), undefined, opts.signal ? { signal: opts.signal } : {}).catch(() => undefined);
    n = await countDocs(t, index, opts.query);
  }
  return n;
}
