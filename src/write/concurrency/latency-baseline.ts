// The latency the destination shows when it is not queueing our bulks: follows lower values at
// once and higher ones only slowly, so a queue building up window after window stays visible
// instead of becoming the new normal (a plain EWMA would chase it upward).

export interface LatencyBaseline {
  /** current / baseline (1 when there is no baseline yet) */
  ratio(msPerItem: number): number;
  update(msPerItem: number): void;
  value(): number | undefined;
}

export function createLatencyBaseline(riseAlpha = 0.05, fallAlpha = 0.5): LatencyBaseline {
  let baseline: number | undefined;
  return {
    ratio(ms) {
      if (baseline === undefined || baseline <= 0) return 1;
      return ms / baseline;
    },
    update(ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      if (baseline === undefined) baseline = ms;
      else baseline += (ms < baseline ? fallAlpha : riseAlpha) * (ms - baseline);
    },
    value: () => baseline,
  };
}
