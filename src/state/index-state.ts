// Pure transitions of one index record: start, checkpoint, finish, fail. Stores only persist the results.
import type { Checkpoint, ReaderPosition } from '../engine/types.js';
import { maxHighWater } from './high-water.js';
import type { RunResult } from './store.js';
import type { IndexState } from './types.js';

const nowIso = () => new Date().toISOString();

/** readers are told apart by their slice; an unsliced reader has a single position */
export function positionKey(p: ReaderPosition): string {
  return p.slice ? `${p.slice.id}/${p.slice.max}` : 'all';
}

export interface BeginOptions {
  sourceIndex: string;
  destIndex: string;
  since?: string | number;
  timeField?: string;
  owner?: string;
  /** keep positions/acknowledged/high-water of the previous attempt (a resume) */
  resume: boolean;
}

/** mark an index running; a fresh start forgets positions but keeps the last successful run */
export function beginRun(prev: IndexState | undefined, opts: BeginOptions, now = nowIso()): IndexState {
  const base: IndexState = {
    sourceIndex: opts.sourceIndex,
    destIndex: opts.destIndex,
    status: 'running',
    positions: [],
    acknowledged: 0,
    updatedAt: now,
    startedAt: now,
  };
  if (prev?.lastSuccess) base.lastSuccess = prev.lastSuccess;
  if (opts.since !== undefined) base.since = opts.since;
  if (opts.timeField !== undefined) base.timeField = opts.timeField;
  if (opts.owner !== undefined) base.owner = opts.owner;
  if (opts.resume && prev) {
    base.positions = prev.positions.map((p) => ({ ...p }));
    base.acknowledged = prev.acknowledged;
    if (prev.highWater !== undefined) base.highWater = prev.highWater;
    if (prev.startedAt) base.startedAt = prev.startedAt;
  }
  return base;
}

/** fold one acknowledged checkpoint into the record (positions replaced per reader, high-water only grows) */
export function applyCheckpoint(state: IndexState, cp: Checkpoint, now = nowIso()): IndexState {
  const key = positionKey(cp.position);
  const positions = state.positions.filter((p) => positionKey(p) !== key);
  positions.push({ ...cp.position });
  positions.sort((a, b) => (a.slice?.id ?? 0) - (b.slice?.id ?? 0));
  const next: IndexState = {
    ...state,
    destIndex: cp.destIndex,
    status: state.status === 'done' ? 'done' : 'running',
    positions,
    acknowledged: positions.reduce((n, p) => n + p.acknowledged, 0),
    updatedAt: now,
  };
  const hw = maxHighWater(state.highWater, cp.highWater);
  if (hw !== undefined) next.highWater = hw;
  return next;
}

/** success: the run's high-water becomes the delta base; an empty delta keeps the previous base */
export function finishRun(state: IndexState, result: RunResult = {}, now = nowIso()): IndexState {
  const acknowledged = result.acknowledged ?? state.acknowledged;
  const highWater = maxHighWater(maxHighWater(state.highWater, result.highWater), state.lastSuccess?.highWater);
  const next: IndexState = {
    ...state,
    status: 'done',
    positions: state.positions.map((p) => ({ ...p, done: true })),
    acknowledged,
    updatedAt: now,
    finishedAt: now,
    lastSuccess: { acknowledged, finishedAt: now, ...(highWater !== undefined ? { highWater } : {}) },
  };
  if (highWater !== undefined) next.highWater = highWater;
  delete next.error;
  return next;
}

export function failRun(state: IndexState, reason: string, now = nowIso()): IndexState {
  return { ...state, status: 'failed', error: reason, updatedAt: now };
}

/** a record for an index the store has never seen (markDone/markFailed without a prior save) */
export function emptyIndexState(sourceIndex: string, destIndex = sourceIndex, now = nowIso()): IndexState {
  return { sourceIndex, destIndex, status: 'pending', positions: [], acknowledged: 0, updatedAt: now };
}
