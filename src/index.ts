// esferry as a library: copy() and the public types of a copy.
export { copy } from './engine/copy.js';
export type {
  DeadLetterEvent,
  Checkpoint,
  CopyHandle,
  CopyOptions,
  CopyReport,
  Doc,
  IndexCounts,
  IndexReport,
  Outcome,
  ProgressEvent,
  ReaderPosition,
  ReadMode,
  TransformFn,
} from './engine/types.js';
export type { ConnectOptions, AuthOptions, TlsOptions, AwsOptions } from './cluster/connect-options.js';
export type { ConcurrencyController, BulkOutcome, ConcurrencySnapshot } from './write/concurrency/types.js';
export { EsferryError, type ErrorKind } from './cluster/errors.js';
