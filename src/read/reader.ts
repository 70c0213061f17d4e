// What every reader offers the engine: hit groups in read order, a position, and cleanup.
import type { EsferryDialect, Transport } from '../cluster/types.js';
import type { ReaderPosition } from '../engine/types.js';
import type { PositionTracker } from '../pipeline/position-tracker.js';
import type { RawHit } from './raw-hit.js';
import type { ReadFilter } from './search-body.js';

/** what every reader is built from: where to read, what, in which page sizes, and where it stopped */
export interface ReaderOptions {
  transport: Transport;
  dialect: EsferryDialect;
  index: string;
  filter: ReadFilter;
  sizing: PageSizing;
  keepAlive: string;
  /** one slice of a sliced read */
  slice?: { id: number; max: number };
  resume?: ReaderPosition;
  log?: (line: string) => void;
}

export interface HitReader {
  readonly mode: ReaderPosition['mode'];
  readonly tracker: PositionTracker;
  /** source count of this reader's share (hits.total of the first page), once known */
  readonly total: number | undefined;
  /** hit groups as the bytes arrive; stops early when `signal` aborts */
  groups(signal: AbortSignal): AsyncGenerator<RawHit[]>;
  /** releases scroll ids / PITs; safe to call several times and after errors */
  close(): Promise<void>;
}

export interface PageSizing {
  size: number;
  /** adapt `size` down when a page exceeds this many bytes */
  maxPageBytes: number;
}

/** next page size after a page of `bytes` holding `hits` hits */
export function adaptPageSize(current: number, hits: number, bytes: number, maxPageBytes: number): number {
  if (hits === 0 || bytes <= maxPageBytes) return current;
  const perHit = bytes / hits;
  return Math.max(1, Math.min(current, Math.floor((maxPageBytes * 0.9) / perHit)));
}
