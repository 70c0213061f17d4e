// What every esferry parser shares: the command's options (numbers checked by us), strict option
// names, the exit-code epilogue, and yargs failures turned into one line and exit 2.
import type { Argv as Yargs } from 'yargs';
import { ExitCode } from '../report/exit-codes.js';
import { describeError, exitCodeForError } from './cli-error.js';
import type { Handler } from './command-table.js';
import type { Argv, OptionSpecs } from './commands/common.js';
import type { Output } from './output.js';
import { numericOptionsAsChecked, valuesStartingWithDash } from './raw-args.js';

const EPILOGUE = [
  'Exit codes: 0 success, 1 failed/partial (dead letters, accounting), 2 bad input, 3 cannot connect/auth, 4 verification mismatch, 130 cancelled.',
  'Passwords: prefer ESFERRY_SOURCE_PASSWORD / ESFERRY_DEST_PASSWORD (and ..._API_KEY) over command-line flags.',
].join('\n');

/** The outcome of one CLI invocation, shared by the parser's failure handler and the command handler. */
export class ParserSetup {
  exitCode: number = ExitCode.success;
  failed = false;

  constructor(readonly out: Output) {}

  /** a yargs failure (unknown option, bad choice) or an error before the handler: one line, exit 2 */
  fail(msg: string, err?: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const text = msg || (err ? describeError(err) : 'invalid arguments');
    // yargs puts details on following lines ("Invalid values:\n  Argument: ..."): keep one line
    const line = text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    this.out.error(line.includes('--help') ? line : `${line} (see esferry --help)`);
    this.exitCode = ExitCode.badInput;
  }

  run(handler: Handler): (argv: Argv) => Promise<void> {
    return async (argv) => {
      if (this.failed) return;
      try {
        this.exitCode = await handler(argv, this.out);
      } catch (err) {
        this.out.error(describeError(err));
        this.exitCode = exitCodeForError(err);
      }
    };
  }
}

export function configureParser<T>(y: Yargs<T>, setup: ParserSetup, specs: OptionSpecs): Yargs<T> {
  return y
    .options(numericOptionsAsChecked(specs) as Parameters<Yargs<T>['options']>[0])
    .strictOptions()
    .epilogue(EPILOGUE)
    .wrap(Math.min(120, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => setup.fail(msg, err)) as unknown as Yargs<T>;
}

/** the argument fixes applied before any parser sees the command line */
export function preparedArgs(args: string[]): string[] {
  return valuesStartingWithDash(args);
}
