// The AIMD decision taken once per window: cut multiplicatively (by how much was rejected) on
// back-pressure, step down gently when bulks queue, add one writer after clean windows.
import type { WindowSummary } from './decision-window.js';

export interface PolicySettings {
  min: number;
  max: number;
  /** largest multiplier of a decrease on rejections (Vector's ARC uses 0.9) */
  decreaseRatio: number;
  /** never cut below this fraction of the limit in one step */
  maxCutRatio: number;
  /** latency / baseline above which we stop raising the limit */
  latencyHoldRatio: number;
  /** latency / baseline above which we lower the limit by one (bulks are queueing) */
  latencyDecreaseRatio: number;
  /** write-pool queue fill (queue / queueSize) above which we stop raising the limit */
  queueHoldFill: number;
  /** clean windows needed between raises at or above the limit that last met back-pressure */
  probeWindows: number;
}

export interface PolicyInput {
  limit: number;
  window: WindowSummary;
  /** window latency / baseline latency (1 when unknown) */
  latencyRatio: number;
  /** consecutive clean windows since the last change */
  cleanWindows: number;
  /** raising would reach the limit where back-pressure was last seen: probe slowly */
  probing: boolean;
  /** clean windows a probe needs now (overrides settings.probeWindows, grows after failed probes) */
  probeWindows?: number;
}

export type Decision =
  | { kind: 'increase' | 'decrease'; next: number; reason: string; pressure: boolean }
  | { kind: 'hold'; next: number; reason: string; pressure: boolean };

function percent(fraction: number): string {
  if (fraction > 0 && fraction < 0.005) return '<1%';
  return `${Math.round(fraction * 100)}%`;
}

function bulks(n: number): string {
  return n === 1 ? 'last bulk' : `last ${n} bulks`;
}

export function decide(input: PolicyInput, p: PolicySettings): Decision {
  const { limit, window: w } = input;
  const clamp = (n: number) => Math.min(p.max, Math.max(p.min, n));
  const cut = (factor: number) => clamp(Math.min(limit - 1, Math.floor(limit * Math.max(factor, p.maxCutRatio))));
  const outcome = (kind: 'increase' | 'decrease', next: number, reason: string, pressure: boolean): Decision =>
    next === limit ? { kind: 'hold', next, reason: `hold at ${limit}: ${reason}`, pressure } : { kind, next, reason: `${kind}: ${reason}`, pressure };

  if (w.connectionErrors > 0) {
    return outcome('decrease', cut(0.5), `${w.connectionErrors} connection error${w.connectionErrors === 1 ? '' : 's'} in ${bulks(w.responses)}`, true);
  }
  if (w.rejectedItems > 0) {
    const rate = w.items > 0 ? w.rejectedItems / w.items : 1;
    const whole = w.requestRejections > 0 ? ` (${w.requestRejections} answered 429/503)` : '';
    return outcome('decrease', cut(Math.min(p.decreaseRatio, 1 - rate)), `${percent(rate)} items rejected in ${bulks(w.responses)}${whole}`, true);
  }
  if (w.poolRejected > 0) {
    return outcome('decrease', clamp(limit - 1), `destination write pool rejected ${w.poolRejected} shard tasks`, true);
  }
  const ratio = input.latencyRatio;
  if (ratio >= p.latencyDecreaseRatio) {
    return outcome('decrease', clamp(limit - 1), `bulk latency ${ratio.toFixed(1)}x its baseline (queueing)`, false);
  }
  if (ratio >= p.latencyHoldRatio) {
    return { kind: 'hold', next: limit, reason: `hold at ${limit}: bulk latency ${ratio.toFixed(1)}x its baseline`, pressure: false };
  }
  if (w.maxQueueFill !== undefined && w.maxQueueFill >= p.queueHoldFill) {
    return { kind: 'hold', next: limit, reason: `hold at ${limit}: write pool queue ${percent(w.maxQueueFill)} full`, pressure: false };
  }
  if (!w.limitReached) {
    return { kind: 'hold', next: limit, reason: `hold at ${limit}: writers did not use the whole limit`, pressure: false };
  }
  if (input.probing && input.cleanWindows < (input.probeWindows ?? p.probeWindows)) {
    return { kind: 'hold', next: limit, reason: `hold at ${limit}: near the limit that last met back-pressure`, pressure: false };
  }
  return outcome('increase', clamp(limit + 1), `no rejections in ${bulks(w.responses)}`, false);
}
