// esferry as a library: copy() (with the CLI's metadata steps), plan/verify/status, and the public
// types. See the README's "Library API" section.
export { plan, verify, status, type PlanOptions, type VerifyOptions, type Plan, type PlanItem, type VerifyResult, type IndexVerification, type StatusRow } from './library/inspect.js';
export type { Selection } from './library/selection.js';
export type { ExistingClient } from './cluster/transport/client-transport.js';
export { copy, type MigrateOptions, type MigrateReport, type MigrateHandle, type CopyEvents } from './library/copy.js';
export type { Logger, LogLevel, LogEvent, LogFields } from './library/logger.js';
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
