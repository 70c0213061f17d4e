// Per index, what a new run does given the saved state: skip it (done), resume it (positions), or copy it
// fresh (new, restarted, or a delta run from the last successful high-water).
import type { ReaderPosition } from '../engine/types.js';
import { EsferryError } from '../cluster/errors.js';
import { compareHighWater } from './high-water.js';
import type { IndexState, RunState } from './types.js';

export type ResumeAction = 'skip' | 'resume' | 'fresh';

export interface IndexPlan {
  sourceIndex: string;
  destIndex: string;
  action: ResumeAction;
  /** positions to pass as `CopyOptions.resumeFrom` (action 'resume') */
  resumeFrom?: ReaderPosition[];
  /** lower time bound to pass as `CopyOptions.since` */
  since?: string | number;
  /** one line for logs and `esferry status` */
  reason: string;
  previous?: IndexState;
}

export interface ResumeOptions {
  /** 'last' = only documents at or after the previous successful run's high-water of each index */
  since?: string | number | 'last';
  /** required with since 'last' */
  timeField?: string;
  /** ignore saved progress and copy everything again (still honours since 'last') */
  restart?: boolean;
  /**
   * newest time-field value on the source per index (see probeMaxTime); an index whose newest document is not
   * newer than its last successful run is skipped by a delta run without reading it. null = index empty.
   */
  sourceMaxTime?: Record<string, string | number | null | undefined>;
}

export type IndexTarget = string | { sourceIndex: string; destIndex: string };

export function planResume(state: RunState, indices: IndexTarget[], opts: ResumeOptions = {}): IndexPlan[] {
  if (opts.since === 'last' && !opts.timeField) {
    throw new EsferryError('bad_input', "since 'last' needs a time field (--time-field) to know which documents are new");
  }
  return indices.map((t) => {
    const target = typeof t === 'string' ? { sourceIndex: t, destIndex: t } : t;
    return planOne(target, state.indices[target.sourceIndex], opts);
  });
}

function planOne(
  target: { sourceIndex: string; destIndex: string },
  prev: IndexState | undefined,
  opts: ResumeOptions,
): IndexPlan {
  const base = { ...target, ...(prev ? { previous: prev } : {}) };
  const delta = opts.since === 'last';
  const explicitSince = delta ? undefined : opts.since;
  const lastHigh = prev?.lastSuccess?.highWater;

  /** fresh start: a delta run reads from the last success's high-water, when there is one */
  const fresh = (why: string): IndexPlan => {
    if (delta && lastHigh !== undefined) {
      return { ...base, action: 'fresh', since: lastHigh, reason: `${why}: delta from last successful run (${String(lastHigh)})` };
    }
    if (delta) return { ...base, action: 'fresh', reason: `${why}: no previous successful run, full copy` };
    return { ...base, action: 'fresh', ...(explicitSince !== undefined ? { since: explicitSince } : {}), reason: why };
  };

  if (!prev) return fresh('new index');
  if (opts.restart) return fresh('restart requested');
  if (prev.destIndex !== target.destIndex) return fresh(`destination changed (was ${prev.destIndex})`);

  if (prev.status === 'done') {
    if (!delta) return { ...base, action: 'skip', reason: `already copied (finished ${prev.finishedAt ?? prev.updatedAt})` };
    const newest = opts.sourceMaxTime?.[target.sourceIndex];
    if (newest === null && lastHigh !== undefined) {
      return { ...base, action: 'skip', reason: 'source index is empty' };
    }
    if (newest !== undefined && newest !== null && lastHigh !== undefined && compareHighWater(newest, lastHigh) <= 0) {
      return { ...base, action: 'skip', reason: `no documents newer than the last run (${String(lastHigh)})` };
    }
    return fresh('previous run finished');
  }

  // pending / running (interrupted) / failed: continue where the acknowledged positions stand
  if (explicitSince !== undefined && explicitSince !== prev.since) {
    return fresh(`since changed (was ${String(prev.since ?? 'unset')})`);
  }
  const since = prev.since;
  if (prev.positions.length === 0) {
    return { ...base, action: 'fresh', ...(since !== undefined ? { since } : {}), reason: `${prev.status} before any checkpoint: starting over` };
  }
  const done = prev.positions.filter((p) => p.done).length;
  return {
    ...base,
    action: 'resume',
    resumeFrom: prev.positions.map((p) => ({ ...p })),
    ...(since !== undefined ? { since } : {}),
    reason: `${prev.status === 'failed' ? 'failed' : 'interrupted'} run: resuming ${prev.positions.length} reader(s), ${done} finished, ${prev.acknowledged} docs acknowledged`,
  };
}
