// The read/write concurrency the raw pump uses, equal to esferry's defaults against a 5-shard
// 6.x source so that the ceiling is measured at equal footing.
import type { SharedSettings } from '../contenders/registry.js';

export const SHARED_SETTINGS: SharedSettings = {
  slices: 5,
  pageSize: 1000,
  writers: 4,
};
