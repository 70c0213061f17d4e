// Counters the writers keep for progress events and the report.
import { BulkShape } from './bulk-shape.js';

export interface WriteStats {
  written: number;
  skipped: number;
  deadLettered: number;
  /** handed to the writers but never acknowledged because the copy was cancelled: a resume reads them again */
  notWritten: number;
  /** written by an `index` that replaced a document already in the destination (answered 200, not 201) */
  overwritten: number;
  /** item retries plus whole-request retries */
  retries: number;
  rejectedItems: number;
  bytesWritten: number;
  requests: number;
  inFlightRequests: number;
  /** docs and bytes per bulk request sent */
  shape: BulkShape;
}

export function newWriteStats(): WriteStats {
  return { written: 0, skipped: 0, deadLettered: 0, notWritten: 0, overwritten: 0, retries: 0, rejectedItems: 0, bytesWritten: 0, requests: 0, inFlightRequests: 0, shape: new BulkShape() };
}
