// Errors the CLI turns into one line and an exit code (never a stack trace).
import { EsferryError } from '../cluster/errors.js';
import type { Transport } from '../cluster/types.js';
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

type Side = 'source' | 'dest';
const sideOfError = new WeakMap<object, Side>();

/**
 * The same transport, with every error it throws remembered as coming from `side`, so the one
 * line printed at the end names the right options (--dest-* for the destination).
 */
export function sideTagged(transport: Transport, side: Side): Transport {
  const tag = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (err && typeof err === 'object' && !sideOfError.has(err)) sideOfError.set(err, side);
      throw err;
    });
  return {
    request: (req) => tag(transport.request(req)),
    requestRaw: (req) => tag(transport.requestRaw(req)),
    stream: (req) => tag(transport.stream(req)),
    redactedNodes: transport.redactedNodes,
    close: () => transport.close(),
  };
}

/** Options that fix a problem on one side: `--dest-*` for the destination, never the source's. */
function sideHint(side: 'source' | 'dest' | undefined, names: string[]): string {
  const sidesToName = side ? [side] : (['source', 'dest'] as const);
  return sidesToName.map((s) => names.map((n) => `--${s}-${n}`).join('/')).join(' or ');
}

/** One line for the user, with what to do where we know it; `side` when the failing cluster is known. */
export function describeError(err: unknown, knownSide?: Side): string {
  if (err instanceof EsferryError) {
    const side = knownSide ?? sideOfError.get(err);
    // AWS's 403 already names the credential source and what to check
    if (err.kind === 'auth' && (err.esType === 'aws_signature' || err.status === 407)) return err.message;
    if (err.kind === 'auth' && err.status === 403) return `${err.message} — grant the privilege named above to the user, or give other credentials (${sideHint(side, ['user', 'api-key'])})`;
    if (err.kind === 'auth') return `${err.message} — check ${sideHint(side, ['user', 'password', 'api-key'])}`;
    if (err.kind === 'tls') return `${err.message.replace(/; pass the cluster's CA file, or insecure to skip verification$/, '')} — give ${sideHint(side, ['ca'])} (or --insecure to skip verification)`;
    if (err.kind === 'connection' || err.kind === 'timeout') return `${err.message} — check the URL (--${side ?? 'source/--dest'}), that the cluster is up, and TLS options (${sideHint(side, ['ca'])}, --insecure)`;
    return err.message;
  }
  if (err instanceof Error) return err.message.split('\n')[0]!;
  return String(err);
}
