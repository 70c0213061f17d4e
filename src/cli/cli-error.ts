// Errors the CLI turns into one line and an exit code (never a stack trace).
import { EsferryError } from '../cluster/errors.js';
import { ListFileError } from '../plan/list-file.js';
import { ExitCode, type ExitCodeValue } from '../report/exit-codes.js';

/** Something the user typed or pointed at is unusable: exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure that already has its exit code (e.g. a conflict found while planning). */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly code: ExitCodeValue,
  ) {
    super(message);
    this.name = 'ExitError';
  }
}

export function exitCodeForError(err: unknown): ExitCodeValue {
  if (err instanceof ExitError) return err.code;
  if (err instanceof UsageError || err instanceof ListFileError) return ExitCode.badInput;
  if (err instanceof EsferryError) {
    if (err.kind === 'bad_input') return ExitCode.badInput;
    if (err.kind === 'connection' || err.kind === 'auth' || err.kind === 'timeout') return ExitCode.connection;
    return ExitCode.failed;
  }
  return ExitCode.failed;
}

/** One line for the user, with what to do where we know it. */
export function describeError(err: unknown): string {
  if (err instanceof EsferryError) {
    if (err.kind === 'auth') return `${err.message} — check --source-user/--source-password/--source-api-key (or the --dest-* ones)`;
    if (err.kind === 'connection' || err.kind === 'timeout') return `${err.message} — check the URL, that the cluster is up, and TLS options (--source-ca, --insecure)`;
    return err.message;
  }
  if (err instanceof Error) return err.message.split('\n')[0]!;
  return String(err);
}
