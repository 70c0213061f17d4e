// Copy settings of the state end-to-end tests: small pages and bulks, one writer, a resumable read mode, so a
// copy takes many acknowledged steps and a crash lands in the middle of an index.
import type { CopyOptions } from '../../../src/engine/types.js';

export const COPY_TUNING: Partial<CopyOptions> = {
  readMode: 'search-after',
  slices: 1,
  pageSize: 100,
  bulkDocs: 100,
  writers: 1,
  progressIntervalMs: 20,
};
