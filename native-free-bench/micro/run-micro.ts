// All micro-benchmarks, in order.
import type { MicroResult } from '../report/types.js';
import { hitExtraction } from './hit-extraction.js';
import { bulkBody } from './bulk-body.js';
import { bulkStatus } from './bulk-status.js';

export async function runMicroBenches(): Promise<MicroResult[]> {
  return [...hitExtraction(), ...bulkBody(), ...bulkStatus()];
}
