// The read/write concurrency the raw pump uses: esferry's own defaults (page size, writers) and
// the slice count esferry picks for the 5-shard source, so the ceiling is measured at equal footing.
import { DEFAULTS } from '../../src/engine/defaults.js';
import { defaultSlices } from '../../src/read/read-mode.js';
import type { SharedSettings } from '../contenders/registry.js';

export const SOURCE_SHARDS = 5;

export const SHARED_SETTINGS: SharedSettings = {
  slices: defaultSlices(SOURCE_SHARDS, 'auto'),
  pageSize: DEFAULTS.pageSize,
  maxPageBytes: DEFAULTS.maxPageBytes,
  writers: DEFAULTS.writers,
};
