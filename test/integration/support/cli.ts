// The esferry CLI for integration tests: in this process (main() with captured output, fast
// enough for a version matrix) or as the real binary — both from the CLI tests' runner.
import type { CliResult } from '../../cli/support/run-cli.js';

export { runInProcess as cliInProcess, runCli as cliSpawned, type CliResult } from '../../cli/support/run-cli.js';

/** stdout+stderr for assertion messages; the CLI redacts credentials itself. */
export const shown = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
