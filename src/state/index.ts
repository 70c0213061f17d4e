// Public surface of the state module: stores, resume planning, checkpointing, delta and id diff.
export type { IndexState, IndexStatus, RunState, SuccessfulRun } from './types.js';
export type { StateStore, StateLock, RunResult } from './store.js';
export { FileStateStore, createFileStateStore } from './file-store.js';
export { IndexStateStore, createIndexStateStore, type IndexStateStoreOptions } from './index-store.js';
export { openStateStore, type OpenStateOptions } from './open-store.js';
export { planResume, type IndexPlan, type IndexTarget, type ResumeAction, type ResumeOptions } from './resume.js';
export { createCheckpointer, type Checkpointer, type CheckpointerOptions } from './checkpointer.js';
export { beginRun, applyCheckpoint, finishRun, failRun } from './index-state.js';
export { probeMaxTime, probeSourceMaxTimes } from './delta.js';
export { compareHighWater, maxHighWater } from './high-water.js';
export { diffIds, newDiffStats, type ClusterSide, type DiffIdsOptions, type DiffStats, type IdDifference } from './id-diff.js';
export { runWithState, type RunWithStateOptions, type RunWithStateResult } from './run-with-state.js';
export { statusRows, statusCounts, type StatusRow } from './status.js';
