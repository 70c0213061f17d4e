// Adaptive bulk-writer concurrency. Elasticsearch answers an overloaded write pool with HTTP 200 and
// item-level 429s (one rejection per shard task), so the main signal is the share of rejected
// items per bulk; whole-request 429/503, connection errors, queueing latency and the destination's
// write-pool counters refine it. Decisions are AIMD, taken at most once per window, and only from
// bulks sent after the previous change (older ones still reflect the old limit).
import type { ThreadPoolSample } from '../../cluster/types.js';
import type { BulkOutcome, ConcurrencyController, ConcurrencySnapshot } from './types.js';
import { createDecisionWindow, type DecisionWindow } from './decision-window.js';
import { createLatencyBaseline } from './latency-baseline.js';
import { createListenerSet } from './listeners.js';
import { decide, type PolicySettings } from './policy.js';
import { createRecentOutcomes } from './recent-outcomes.js';

export interface AdaptiveOptions {
  /** start value (default 4, clamped to min/max) */
  initial?: number;
  /** floor (default 1) */
  min?: number;
  /** ceiling (default 64) */
  max?: number;
  /** clock in ms; inject a virtual one for deterministic tests */
  now?: () => number;
  /** responses a window needs before a decision (default 4) */
  windowResponses?: number;
  /** a window also lasts at least this long (default 0 ms) */
  minWindowMs?: number;
  /** decide after this long even with fewer responses, if there is at least one (default 5000 ms) */
  maxWindowMs?: number;
  /** outcomes kept for snapshot().rejectionRate (default 8) */
  recentBulks?: number;
  decreaseRatio?: number;
  maxCutRatio?: number;
  latencyHoldRatio?: number;
  latencyDecreaseRatio?: number;
  queueHoldFill?: number;
  probeWindows?: number;
  /** failed probes at one limit double the wait up to 2^this (default 3) */
  maxProbeBackoff?: number;
  /**
   * a refused probe past what the write pool holds at once (limit × shard tasks per bulk >
   * threads + queue) waits 2^this times the probe wait before the next one (default 7)
   */
  poolProbeBackoff?: number;
}

export interface AdaptiveController extends ConcurrencyController {
  onThreadPool(sample: ThreadPoolSample): void;
}

export function createAdaptiveController(opts: AdaptiveOptions = {}): AdaptiveController {
  const min = Math.max(1, Math.floor(opts.min ?? 1));
  const max = Math.max(min, Math.floor(opts.max ?? 64));
  const now = opts.now ?? Date.now;
  const windowResponses = Math.max(1, opts.windowResponses ?? 4);
  const minWindowMs = opts.minWindowMs ?? 0;
  const maxWindowMs = opts.maxWindowMs ?? 5000;
  const policy: PolicySettings = {
    min,
    max,
    decreaseRatio: opts.decreaseRatio ?? 0.9,
    maxCutRatio: opts.maxCutRatio ?? 0.5,
    latencyHoldRatio: opts.latencyHoldRatio ?? 1.5,
    latencyDecreaseRatio: opts.latencyDecreaseRatio ?? 3,
    queueHoldFill: opts.queueHoldFill ?? 0.8,
    probeWindows: opts.probeWindows ?? 3,
  };

  const maxProbeBackoff = opts.maxProbeBackoff ?? 3;
  const poolProbeBackoff = Math.max(maxProbeBackoff, opts.poolProbeBackoff ?? 7);
  let limit = Math.min(max, Math.max(min, Math.floor(opts.initial ?? 4)));
  let reason = `start: ${limit} writers`;
  let stopped = false;
  let lastChangeAt = now();
  let window: DecisionWindow = createDecisionWindow(lastChangeAt);
  let cleanWindows = 0;
  /** limit at which back-pressure was last met (Infinity: never) */
  let pressureLimit = Infinity;
  /** back-pressure met again at the same limit: each failed probe doubles the wait before the next */
  let failedProbes = 0;
  /** the limit the last increase started from, while that increase is the last change */
  let probedFrom: number | undefined;
  const baseline = createLatencyBaseline();
  const recent = createRecentOutcomes(Math.max(1, opts.recentBulks ?? 8));
  const listeners = createListenerSet();
  let lastPool: { rejected: number; at: number } | undefined;
  /** the latest queue fill stays true until the limit changes, however rarely the pool is polled */
  let lastFill: { fill: number; at: number } | undefined;
  /** threads + queue slots of the destination write pool (summed over nodes), when polled */
  let poolSlots: number | undefined;
  /** shard tasks the latest bulk made, when the writers know the shard layout */
  let tasksPerBulk: number | undefined;
  /** the lowest limit refused while it could not fit in the pool (undefined: none) */
  let overPool: number | undefined;
  const beyondPool = (l: number) => poolSlots !== undefined && tasksPerBulk !== undefined && l * tasksPerBulk > poolSlots;

  function maybeDecide(): void {
    const t = now();
    const age = t - window.startedAt();
    const w = window.summary();
    const n = w.responses;
    // most of the items bounced: act on it now instead of collecting more rejections
    const severe = w.items > 0 && w.rejectedItems * 2 >= w.items;
    const full = (n >= windowResponses || severe) && age >= minWindowMs;
    const overdue = n >= 1 && age >= maxWindowMs;
    if (!full && !overdue) return;

    if (lastFill && lastFill.at >= lastChangeAt) w.maxQueueFill = Math.max(w.maxQueueFill ?? 0, lastFill.fill);
    const latencyRatio = w.msPerItem !== undefined ? baseline.ratio(w.msPerItem) : 1;
    const pressured = w.rejectedItems > 0 || w.connectionErrors > 0 || w.poolRejected > 0;
    // the baseline learns only from windows where the destination kept up
    if (!pressured && w.msPerItem !== undefined && latencyRatio < policy.latencyHoldRatio) baseline.update(w.msPerItem);
    cleanWindows = pressured ? 0 : cleanWindows + 1;

    const towardsOverPool = overPool !== undefined && limit + 1 >= overPool && beyondPool(limit + 1);
    const probeWait = policy.probeWindows * 2 ** (towardsOverPool ? poolProbeBackoff : failedProbes);
    const probing = limit + 1 >= pressureLimit || towardsOverPool;
    const d = decide({ limit, window: w, latencyRatio, cleanWindows, probing, probeWindows: probeWait }, policy);
    if (d.pressure) {
      failedProbes = limit === pressureLimit ? Math.min(failedProbes + 1, maxProbeBackoff) : 0;
      pressureLimit = limit;
      // refused at a limit that could not fit in the write pool at all (a probe, or the start):
      // the pool's size is the limit, and each probe up there costs whole bulks of rejections,
      // so the next one comes much later (not never: on a slow link requests in transit leave
      // room that only a probe finds). Kept apart from failedProbes: later trouble at a lower
      // limit must not make probes cheap again
      if (w.connectionErrors === 0 && beyondPool(limit)) overPool = Math.min(overPool ?? Infinity, limit);
    }
    window = createDecisionWindow(t);
    // a probe one above a limit that held was refused: go back to that limit, not below it (a
    // rejected probe says the pool holds `limit - 1` requests, not that capacity fell by half)
    if (d.kind === 'decrease' && probedFrom !== undefined && limit === probedFrom + 1 && d.next < probedFrom && !(w.connectionErrors > 0)) {
      d.next = probedFrom;
      d.reason = `${d.reason}; back to ${probedFrom}, the limit that held`;
    }
    if (d.kind === 'hold' || d.next === limit) return;
    probedFrom = d.kind === 'increase' ? limit : undefined;
    // probed past the old trouble spot cleanly: keep probing slowly from here
    if (d.kind === 'increase' && d.next > pressureLimit) {
      pressureLimit = d.next;
      failedProbes = 0;
    }
    // a probe got past the limit the pool refused: the pool changed (grown, or resized)
    if (d.kind === 'increase' && overPool !== undefined && d.next > overPool) overPool = undefined;
    limit = d.next;
    reason = d.reason;
    lastChangeAt = t;
    cleanWindows = 0;
    listeners.emit(limit);
  }

  return {
    current: () => limit,
    onBulkOutcome(outcome: BulkOutcome) {
      if (stopped) return;
      recent.push(outcome);
      if (outcome.shardTasks !== undefined && outcome.shardTasks > 0) tasksPerBulk = outcome.shardTasks;
      // a bulk sent before the last change tells about the old limit, not this one
      const sentAt = now() - Math.max(outcome.latencyMs, 0);
      if (sentAt < lastChangeAt) return;
      window.addOutcome(outcome, limit);
      maybeDecide();
    },
    onThreadPool(sample: ThreadPoolSample) {
      if (stopped) return;
      const t = now();
      const prev = lastPool;
      lastPool = { rejected: sample.rejected, at: t };
      // a counter going down means a node restarted; a delta spanning the last change is stale
      const delta = prev && prev.at >= lastChangeAt ? Math.max(0, sample.rejected - prev.rejected) : 0;
      const fill = sample.queueSize && sample.queueSize > 0 ? sample.queue / sample.queueSize : undefined;
      window.addPool(delta, fill);
      poolSlots = sample.queueSize !== undefined && sample.threads > 0 ? sample.threads + sample.queueSize : undefined;
      lastFill = fill !== undefined ? { fill, at: t } : undefined;
    },
    subscribe: (listener) => listeners.add(listener),
    snapshot(): ConcurrencySnapshot {
      return { writers: limit, reason, rejectionRate: recent.rejectionRate(), adaptive: true };
    },
    stop() {
      stopped = true;
      listeners.clear();
    },
  };
}
