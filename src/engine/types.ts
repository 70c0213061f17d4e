// Public shapes of one copy: options in, progress out, a report at the end.
import type { ConnectOptions } from '../cluster/connect-options.js';
import type { ConcurrencyController } from '../write/concurrency/types.js';
import type { BulkShapeSummary } from '../write/bulk-shape.js';
import type { DeadLetterRecord } from '../write/dead-letter.js';

export type ReadMode = 'auto' | 'scroll' | 'sliced-scroll' | 'search-after' | 'pit';

/**
 * A document as user transforms see it. Returning null drops it; an array splits it. Integers in
 * `_source` beyond ±(2^53-1) are BigInt (exact; JSON.parse would round them) and are written back
 * unchanged; a BigInt the transform puts into `_source` is written as a JSON integer.
 */
export interface Doc {
  _index: string;
  _type?: string;
  _id: string;
  _routing?: string;
  _parent?: string;
  /** BigInt when beyond 2^53 */
  _version?: number | bigint;
  _source: Record<string, unknown>;
}
export type TransformFn = (doc: Doc) => Doc | Doc[] | null | undefined | Promise<Doc | Doc[] | null | undefined>;

/** Where a reader stands, so a later run can continue without copying acknowledged docs again. */
export interface ReaderPosition {
  mode: Exclude<ReadMode, 'auto'>;
  /** slice id / slice count for sliced reads (undefined = unsliced) */
  slice?: { id: number; max: number };
  /** search_after values of the last acknowledged doc (search-after / pit modes) */
  searchAfter?: unknown[];
  /** the sort used with searchAfter, so a resume uses the same */
  sort?: unknown[];
  /** docs acknowledged by the destination from this reader so far */
  acknowledged: number;
  done: boolean;
  /** source index this position belongs to (several indices in one copy); absent = any */
  index?: string;
}

/** Emitted after the destination acknowledged every doc up to `position` (never before). */
export interface Checkpoint {
  sourceIndex: string;
  destIndex: string;
  position: ReaderPosition;
  /** highest value of the time field seen in acknowledged docs, when a time field is configured */
  highWater?: string | number;
}

export interface CopyOptions {
  source: ConnectOptions;
  dest: ConnectOptions;
  /** index name, comma list or wildcard pattern on the source */
  sourceIndex: string;
  /** destination name; may contain `*` to rename patterns (`logs-*` → `v2-logs-*`); default: same name */
  destIndex?: string | ((sourceIndex: string) => string);

  // reading
  readMode?: ReadMode;
  slices?: number | 'auto';
  pageSize?: number;
  /** cap on bytes of one search page; page size adapts down to stay under it */
  maxPageBytes?: number;
  scrollKeepAlive?: string;
  query?: Record<string, unknown>;
  timeField?: string;
  since?: string | number;
  until?: string | number;
  sourceIncludes?: string[];
  sourceExcludes?: string[];
  resumeFrom?: ReaderPosition[];
  /**
   * with `checkpoint` on a search_after/PIT read: docs a reader may read ahead of its last saved
   * checkpoint (the `checkpoint` callback's promise resolved), the most a crash makes a resumed run
   * copy again per reader (default: a page and a half, or a bulk per destination shard group split
   * over the readers when that is more)
   */
  maxReadAhead?: number;
  /**
   * read only this slice (readMode 'sliced-scroll'; 'search-after', where slices are whole shards;
   * 'pit' where the source slices a PIT, ES >= 7.15 and OpenSearch >= 2.4): one share of an index that several processes copy at once (`esferry run --coordinate`)
   */
  slice?: { id: number; max: number };

  // transforming
  transform?: TransformFn;
  /** 'keep' (default where the destination has types), 'drop', or merge several types into one with a field */
  typeHandling?: 'auto' | 'keep' | 'drop' | { mergeIntoField: string; type?: string };
  /**
   * destination _id from the source's `{type}`, `{index}` and `{id}`, e.g. '{type}#{id}': keeps
   * documents apart whose ids repeat across the mapping types merged into one index
   */
  idTemplate?: string;
  keepVersion?: boolean;

  // writing
  opType?: 'index' | 'create';
  versionType?: 'external' | 'external_gte';
  /** field holding the external version (dates become epoch millis); default: source _version */
  versionField?: string;
  bulkDocs?: number;
  bulkBytes?: number;
  /** fixed number of concurrent bulk writers (disables adaptation) */
  writers?: number;
  minWriters?: number;
  maxWriters?: number;
  concurrency?: ConcurrencyController;
  /** consecutive failures of one bulk request that are not rejections (connection, timeout, 502/504) before the copy fails */
  retryBudget?: number;
  /** rejections are retried until the destination acknowledged nothing for this long (default 10 min) */
  stallTimeoutMs?: number;
  /** build bulks per group of destination shards: 'auto' (when the shard layout is readable), 'shard', 'none' */
  bulkGrouping?: 'auto' | 'shard' | 'none';
  /**
   * NDJSON file for documents the destination refused for good (one file for every index of the
   * copy). Default: no file; each refused document is a 'deadLetter' event on the handle, and the
   * report counts them (`deadLettered`). The CLI's default is ./esferry-deadletter-INDEX-TIME.ndjson.
   */
  deadLetterFile?: string;
  /** do not fail the run when documents were dead-lettered */
  allowFailures?: boolean;
  /** do not fail an index whose every document the transform dropped (returned null) */
  allowDropAll?: boolean;
  /** docs and bytes allowed in flight between reader and writers */
  maxInFlightDocs?: number;
  maxInFlightBytes?: number;

  /** source indices copied at the same time (default 1: one after the other) */
  indexParallelism?: number;

  // observing
  progressIntervalMs?: number;
  /**
   * a reader's acknowledged position, to save for a resume. A returned promise says when it was saved:
   * a search_after/PIT reader reads at most `maxReadAhead` past its last saved position, and a reader's
   * next checkpoint waits for it (carrying the newest position then); other readers' may overlap it
   */
  checkpoint?: (cp: Checkpoint) => void | Promise<void>;
  signal?: AbortSignal;
  /**
   * aborted = this process may no longer write (it lost the lease of its work): no bulk request is
   * sent after it fires, the copy ends 'failed' with the abort reason; bulks already sent finish
   */
  fence?: AbortSignal;
}

/** where one index's documents went so far: the counts progress events and index reports share */
export interface IndexCounts {
  sourceIndex: string;
  destIndex: string;
  total: number;
  read: number;
  written: number;
  skipped: number;
  deadLettered: number;
  dropped: number;
  /** read but not written because the copy was cancelled; a resume copies them */
  notWritten?: number;
  /**
   * of `written`, how many replaced a document already in the destination (same _id): from an
   * earlier run, or — into a fresh index — from this one (ids repeating across mapping types or
   * source indices: the destination then holds fewer documents than were written)
   */
  overwritten?: number;
  retries: number;
  rejectedItems: number;
  /** bulk requests sent and how full they were (docs per bulk p10/p50, mean bytes) */
  bulks?: BulkShapeSummary;
}

export interface ProgressEvent extends IndexCounts {
  docsPerSecond: number;
  bytesPerSecond: number;
  inFlightDocs: number;
  inFlightBytes: number;
  writers: number;
  elapsedMs: number;
}

export interface IndexReport extends IndexCounts {
  /** docs produced by splitting transforms beyond the ones read */
  added: number;
  durationMs: number;
  readMode: Exclude<ReadMode, 'auto'>;
  /** high-water marks of the in-flight bound, to show it held */
  maxInFlightDocsSeen?: number;
  maxInFlightBytesSeen?: number;
  /** read differs from the source count taken at the start (docs added/deleted meanwhile) */
  totalNote?: string;
  /** why this index failed, when it did */
  error?: string;
  /** bytes of search responses read and of bulk bodies sent for this index */
  bytesRead?: number;
  bytesWritten?: number;
}

export type Outcome = 'success' | 'failed' | 'cancelled';

export interface CopyReport {
  outcome: Outcome;
  /** one line on why, when not success */
  reason?: string;
  indices: IndexReport[];
  totals: Omit<IndexReport, 'sourceIndex' | 'destIndex' | 'readMode' | 'total'> & { total: number };
  /** read + added === written + skipped + deadLettered + dropped, checked by the engine */
  accountingOk: boolean;
  deadLetterFile?: string;
  bytesRead: number;
  bytesWritten: number;
  docsPerSecond: number;
  writers: { final: number; min: number; max: number; reason: string };
  startedAt: string;
  finishedAt: string;
}

/** a refused document: the source index it came from, where it was going, why, and its raw JSON body */
export type DeadLetterEvent = DeadLetterRecord & { sourceIndex: string };

export interface CopyHandle {
  on(event: 'progress', listener: (p: ProgressEvent) => void): this;
  on(event: 'checkpoint', listener: (cp: Checkpoint) => void): this;
  on(event: 'log', listener: (line: string) => void): this;
  /** a document the destination refused for good, when no `deadLetterFile` was given (nothing is written to disk then) */
  on(event: 'deadLetter', listener: (d: DeadLetterEvent) => void): this;
  readonly done: Promise<CopyReport>;
  /**
   * Stops reading at once; only bulks already on the wire finish. Documents read but not sent
   * are reported as `notWritten` and their positions stay unacknowledged, so a resume reads them.
   */
  cancel(reason?: string): void;
  /** cancel() that also cuts the bulks on the wire: for a process that must be gone now */
  abort(reason?: string): void;
}
