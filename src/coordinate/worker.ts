// The loop every coordinated worker runs: read the records, finish what is finishable (restore the
// tuning of indices whose items all ended), set up a destination index once, claim an item, copy it
// under its lease (renewing and checkpointing), repeat until every item has ended.
import { DEFAULTS } from '../engine/defaults.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { EsferryError } from '../cluster/errors.js';
import type { Transport } from '../cluster/types.js';
import type { Checkpoint, CopyHandle, CopyOptions, CopyReport, ReaderPosition } from '../engine/types.js';
import { createIndex } from '../meta/create-index.js';
import type { DestinationTuner } from '../meta/tuning.js';
import type { PlanItem } from '../plan/build-plan.js';
import { indexEnded, type Coordinator, type Snapshot } from './coordinator.js';
import type { Lease } from './lease.js';
import type { IndexRecord, ItemRecord, WorkItem } from './types.js';

export interface WorkerJob {
  coordinator: Coordinator;
  /** the plan's entries by source index (create bodies, mapping conversions) */
  planItems: Map<string, PlanItem>;
  destTransport: Transport;
  /** undefined with --no-tune */
  tuner?: DestinationTuner;
  /** the engine's copy() */
  copy: (o: CopyOptions) => CopyHandle;
  /** options of every item's copy; source/dest index, slice, resume, fence and checkpoint are set per item */
  options: (planItem: PlanItem) => CopyOptions;
  retryFailed: boolean;
  signal: AbortSignal;
  /** pause between looks at the records when nothing can be claimed (default lease/4, at most 1 s) */
  pollMs?: number;
  /** pause between renewals of a held item (default lease/4, at most 2 s) */
  renewMs?: number;
  onHandle?: (handle: CopyHandle, item: WorkItem) => void;
  log: (line: string) => void;
  /**
   * --copy-templates: copies the templates once per migration, before any destination index is
   * created (index creation applies them); resolves an error text when some failed
   */
  templates?: () => Promise<string | undefined>;
  /** --copy-aliases: adds the source indices' aliases to a destination whose every item is done */
  aliases?: (destIndex: string, sourceIndices: string[]) => Promise<void>;
}

/** the record of the once-per-migration templates step ('#' cannot start an index name) */
export const TEMPLATES_STEP = '#templates';

export type ItemOutcome = 'done' | 'failed' | 'lost' | 'cancelled';

export interface WorkerResult {
  items: Array<{ item: WorkItem; outcome: ItemOutcome; report?: CopyReport; error?: string }>;
  final: Snapshot;
}

export async function runWorker(job: WorkerJob): Promise<WorkerResult> {
  const c = job.coordinator;
  const leaseMs = c.plan!.leaseMs;
  // one small search per look: cheap enough to notice the end of the migration within a second
  const pollMs = job.pollMs ?? Math.min(1000, Math.max(10, leaseMs / 4));
  const result: WorkerResult['items'] = [];
  let retryFailed = job.retryFailed;
  for (;;) {
    const snap = await c.scan();
    await finishIndices(job, snap);
    if (job.signal.aborted) return { items: result, final: snap };
    if (job.templates && !(await templatesReady(job, snap))) {
      await sleep(pollMs, undefined, { signal: job.signal }).catch(() => undefined);
      continue;
    }
    const open = c.claimable(snap, retryFailed);
    if (open.length === 0) {
      const running = snap.plan.items.some((i) => !['done', 'failed'].includes(snap.items.get(i.id)?.doc.status ?? 'pending'));
      if (!running) return { items: result, final: await c.scan() };
      await sleep(pollMs, undefined, { signal: job.signal }).catch(() => undefined);
      continue;
    }
    let worked = false;
    for (const item of open) {
      const idx = snap.indices.get(item.destIndex);
      if (!idx || (idx.doc.status === 'setup' && c.expired(idx))) {
        const lease = await c.claimIndexSetup(snap, item.destIndex);
        if (lease) {
          await setUpIndex(job, lease, item);
          worked = true;
          break;
        }
        continue;
      }
      if (idx.doc.status === 'setup') continue; // another worker is creating it
      const lease = await c.claimItem(snap, item);
      if (!lease) continue;
      result.push(await runItem(job, lease, item, idx.doc));
      worked = true;
      break;
    }
    // failed items are retried once per run of --retry-failed: what fails again stays failed
    if (worked) retryFailed = retryFailed && result.every((r) => r.outcome !== 'failed');
    else await sleep(pollMs, undefined, { signal: job.signal }).catch(() => undefined);
  }
}

/** create the destination index and tune it, once for all workers */
async function setUpIndex(job: WorkerJob, lease: Lease<IndexRecord>, item: WorkItem): Promise<void> {
  const plan = job.planItems.get(item.sourceIndex);
  let error: string | undefined;
  try {
    if (plan && plan.action !== 'existing' && plan.createBody) {
      await createIndex(job.destTransport, item.destIndex, plan.createBody).catch((err: unknown) => {
        // a worker that died half-way through setup may already have created it
        if (!(err instanceof EsferryError && /already_exists/.test(err.esType ?? err.message))) throw err;
      });
    }
  } catch (err) {
    error = `creating ${item.destIndex}: ${(err as Error).message}`;
  }
  if (!error && job.tuner) {
    try {
      // the originals are saved on the index before anything changes: any worker can restore them
      await job.tuner.tune(item.destIndex);
    } catch (err) {
      job.log(`WARNING ${item.destIndex}: load tuning not applied (${(err as Error).message}); copying without it`);
    }
  }
  const ok = await lease.renew((d) => ({ ...d, status: error ? 'failed' : 'ready', ...(error ? { error } : {}) }));
  job.log(ok ? `${item.destIndex}: ${error ?? 'destination index ready'}` : `${item.destIndex}: setup lease lost (${lease.lost}); another worker redoes it`);
}

/**
 * The templates step, once for all workers and before any index is set up: true when it has ended
 * (ready or failed); false while this or another worker does it (this worker then looks again).
 */
async function templatesReady(job: WorkerJob, snap: Snapshot): Promise<boolean> {
  const rec = snap.indices.get(TEMPLATES_STEP);
  if (rec && rec.doc.status !== 'setup') return true;
  if (rec && !job.coordinator.expired(rec)) return false;
  const lease = await job.coordinator.claimIndexSetup(snap, TEMPLATES_STEP);
  if (!lease) return false;
  const error = await job.templates!().catch((err: unknown) => (err as Error).message);
  const ok = await lease.renew((d) => ({ ...d, status: error ? 'failed' : 'ready', ...(error ? { error } : {}) }));
  job.log(ok ? `templates: ${error ?? 'copied'}` : `templates: lease lost (${lease.lost}); another worker redoes them`);
  return false;
}

/** copy one item under its lease; renewals carry the acknowledged positions */
async function runItem(job: WorkerJob, lease: Lease<ItemRecord>, item: WorkItem, index: IndexRecord): Promise<WorkerResult['items'][number]> {
  const plan = job.planItems.get(item.sourceIndex);
  const rec = lease.record;
  job.log(`${item.id}: claimed${rec.attempts > 1 ? ` (attempt ${rec.attempts}, resuming from ${rec.acknowledged} acknowledged docs)` : ''}`);
  const fail = async (error: string): Promise<WorkerResult['items'][number]> => {
    await lease.renew((d) => ({ ...d, status: 'failed', error, finishedAt: new Date().toISOString() }));
    return { item, outcome: 'failed', error };
  };
  if (!plan) return fail(`${item.sourceIndex} is no longer in this worker's plan (the list or the source changed)`);
  if (index.status === 'failed') return fail(index.error ?? `setting up ${item.destIndex} failed`);
  const positions = new Map<string, ReaderPosition>();
  for (const p of rec.positions) positions.set(positionKey(p), p);
  const base = job.options(plan);
  let docsPerSecond = 0;
  const acknowledgedNow = () => [...positions.values()].reduce((n, p) => n + p.acknowledged, 0);
  const snapshotOf = () => ({ positions: [...positions.values()], acknowledged: acknowledgedNow(), docsPerSecond });
  const renewMs = job.renewMs ?? Math.min(2000, Math.max(10, job.coordinator.plan!.leaseMs / 4));
  const renewEveryDocs = base.pageSize ?? DEFAULTS.pageSize;
  let renewing: Promise<unknown> = Promise.resolve();
  let renewQueued = false;
  let lastRenewedAck = rec.acknowledged;
  /** one renewal at a time, carrying the positions acknowledged when it is sent */
  const renew = () => {
    renewQueued = true;
    renewing = renewing.then(async () => {
      renewQueued = false;
      const snap = snapshotOf();
      lastRenewedAck = snap.acknowledged;
      // a renewal that finds the lease lost aborts lease.signal, which cancels the copy below
      await lease.renew((d) => ({ ...d, ...snap }));
    });
  };
  const options: CopyOptions = {
    ...base,
    sourceIndex: item.sourceIndex,
    destIndex: item.destIndex,
    fence: lease.signal,
    signal: job.signal,
    checkpoint: (cp: Checkpoint) => {
      positions.set(positionKey(cp.position), cp.position);
      // a take-over re-copies what was acknowledged after the last renewal: renew every page or so
      if (!renewQueued && acknowledgedNow() - lastRenewedAck >= renewEveryDocs) renew();
    },
    ...(rec.positions.length ? { resumeFrom: rec.positions } : {}),
    ...(item.slice ? { slice: item.slice, readMode: item.readMode ?? 'sliced-scroll', slices: item.slice.max } : {}),
  };
  const handle = job.copy(options);
  job.onHandle?.(handle, item);
  handle.on('progress', (p) => (docsPerSecond = Math.round(p.docsPerSecond)));
  const timer = setInterval(renew, renewMs);
  lease.signal.addEventListener('abort', () => handle.cancel(`lease of ${item.id} lost: ${lease.lost}`), { once: true });
  let report: CopyReport | undefined;
  let error: string | undefined;
  try {
    report = await handle.done;
  } catch (err) {
    error = (err as Error).message;
  } finally {
    clearInterval(timer);
    await renewing.catch(() => undefined);
  }
  if (lease.lost) {
    job.log(`${item.id}: lease lost (${lease.lost}); stopped writing it`);
    return { item, outcome: 'lost', ...(report ? { report } : {}) };
  }
  if (report?.outcome === 'success') {
    const ok = await lease.renew((d) => ({ ...d, ...snapshotOf(), status: 'done', finishedAt: new Date().toISOString() }));
    if (!ok) return { item, outcome: 'lost', report };
    job.log(`${item.id}: done, ${report.totals.written} written`);
    return { item, outcome: 'done', report };
  }
  if (report?.outcome === 'cancelled' || job.signal.aborted) {
    // handed back at once: the positions so far are the next worker's starting point
    await lease.renew((d) => ({ ...d, ...snapshotOf(), status: 'released' }));
    return { item, outcome: 'cancelled', ...(report ? { report } : {}) };
  }
  const why = error ?? report?.reason ?? 'failed';
  await lease.renew((d) => ({ ...d, ...snapshotOf(), status: 'failed', error: why, finishedAt: new Date().toISOString() }));
  return { item, outcome: 'failed', error: why, ...(report ? { report } : {}) };
}

function positionKey(p: ReaderPosition): string {
  return p.slice ? `${p.slice.id}/${p.slice.max}` : 'all';
}

/** indices whose items all ended get their tuning back — whichever worker gets here first */
async function finishIndices(job: WorkerJob, snap: Snapshot): Promise<void> {
  for (const [dest, rec] of snap.indices) {
    if (dest === TEMPLATES_STEP) continue;
    const end = indexEnded(snap, dest);
    if (rec.doc.status !== 'ready' || !end.ended) continue;
    // aliases only point at complete copies; adding one twice (a worker died before settling) changes nothing
    if (job.aliases && end.allDone) {
      const sources = [...new Set(snap.plan.items.filter((i) => i.destIndex === dest).map((i) => i.sourceIndex))];
      await job.aliases(dest, sources).catch((err: unknown) => job.log(`WARNING ${dest}: aliases not added: ${(err as Error).message}`));
    }
    // the saved originals live on the index itself (tuning marker): the worker that tuned may be gone
    const r = job.tuner ? await job.tuner.restoreLeftover(dest) : undefined;
    if (r?.restoreError) {
      job.log(`WARNING ${dest}: restoring settings failed: ${r.restoreError}`);
      continue;
    }
    if (await job.coordinator.settleIndex(rec, 'restored')) job.log(`${dest}: every item ended${r ? ', settings restored' : ''}`);
  }
}
