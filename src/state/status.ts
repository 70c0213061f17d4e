// `esferry status`: one row per index of a saved state, for tables and JSON output.
import type { IndexState, RunState } from './types.js';

export interface StatusRow {
  sourceIndex: string;
  destIndex: string;
  status: IndexState['status'];
  acknowledged: number;
  readers: number;
  readersDone: number;
  highWater?: string | number;
  lastSuccessAt?: string;
  lastSuccessHighWater?: string | number;
  updatedAt: string;
  error?: string;
}

export function statusRows(state: RunState): StatusRow[] {
  return Object.values(state.indices)
    .sort((a, b) => a.sourceIndex.localeCompare(b.sourceIndex))
    .map((s) => ({
      sourceIndex: s.sourceIndex,
      destIndex: s.destIndex,
      status: s.status,
      acknowledged: s.acknowledged,
      readers: s.positions.length,
      readersDone: s.positions.filter((p) => p.done).length,
      ...(s.highWater !== undefined ? { highWater: s.highWater } : {}),
      ...(s.lastSuccess ? { lastSuccessAt: s.lastSuccess.finishedAt } : {}),
      ...(s.lastSuccess?.highWater !== undefined ? { lastSuccessHighWater: s.lastSuccess.highWater } : {}),
      updatedAt: s.updatedAt,
      ...(s.error !== undefined ? { error: s.error } : {}),
    }));
}

/** counts per status, e.g. { done: 3, running: 1 } */
export function statusCounts(state: RunState): Partial<Record<IndexState['status'], number>> {
  const out: Partial<Record<IndexState['status'], number>> = {};
  for (const s of Object.values(state.indices)) out[s.status] = (out[s.status] ?? 0) + 1;
  return out;
}
