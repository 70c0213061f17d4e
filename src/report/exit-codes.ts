// Process exit codes of the esferry CLI. Scripts and schedulers branch on these, so they are a
// public contract: never renumber, only add. The table is repeated in src/cli/README.md.
export const ExitCode = {
  /** everything copied (and verified, when asked) */
  success: 0,
  /** the run failed or is partial: dead-lettered docs, accounting mismatch, an index failed */
  failed: 1,
  /** bad input: unknown/missing option, unreadable list file, invalid index name */
  badInput: 2,
  /** a cluster cannot be reached or refused the credentials */
  connection: 3,
  /** verify found differences between source and destination */
  verifyMismatch: 4,
  /** cancelled by SIGINT/SIGTERM (128 + SIGINT) */
  cancelled: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for the end of a copy run. */
export function exitCodeForOutcome(outcome: 'success' | 'failed' | 'cancelled', verifyOk = true): ExitCodeValue {
  if (outcome === 'cancelled') return ExitCode.cancelled;
  if (outcome === 'failed') return ExitCode.failed;
  return verifyOk ? ExitCode.success : ExitCode.verifyMismatch;
}
