// What every esferry parser shares: the command's options (numbers checked by us), strict option
// names, the exit-code epilogue, and yargs failures turned into one line and exit 2.
import type { Argv as Yargs } from 'yargs';
import { ExitCode } from '../report/exit-codes.js';
import { describeError, exitCodeForError } from './cli-error.js';
import type { Handler } from './command-table.js';
import type { Argv, OptionSpecs } from './commands/common.js';
import type { Output } from './output.js';
import { numericOptionsAsChecked, valuesStartingWithDash } from './raw-args.js';
import { envValues, readConfigFile, registerSecrets } from './config-sources.js';

const EPILOGUE = [
  'Exit codes: 0 success, 1 failed/partial (dead letters, accounting), 2 bad input, 3 cannot connect/auth, 4 verification mismatch, 130 cancelled.',
  'Every option can also come from the environment (--dest-password: ESFERRY_DEST_PASSWORD) or from --config FILE (JSON or YAML, keys as the option names); the command line wins over the environment, which wins over the file.',
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
      const stopLog = argv.debug === true ? (await import('./request-log.js')).logRequests(this.out) : undefined;
      try {
        this.exitCode = await handler(argv, this.out);
      } catch (err) {
        this.out.error(describeError(err));
        this.exitCode = exitCodeForError(err);
      } finally {
        stopLog?.();
      }
    };
  }
}

/** the options of one command, with their ESFERRY_* variables and --config FILE below the command line */
export function configureCommand<T>(y: Yargs<T>, setup: ParserSetup, specs: OptionSpecs): Yargs<T> {
  const fromEnv = envValues(specs, process.env);
  return configureParser(y, setup, specs)
    .option('config', { type: 'string', group: 'Config:', describe: 'JSON or YAML file of options ({"source": "...", "bulk-docs": 2000}); env ESFERRY_CONFIG; command line and environment win over it' })
    .config(fromEnv)
    .config('config', (path: string) => {
      const fromFile = readConfigFile(path, specs);
      registerSecrets(fromFile, setup.out.redactor);
      // a file's values are applied before the environment's: merged here so the environment wins
      return { ...fromFile, ...fromEnv };
    }) as Yargs<T>;
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

/** ESFERRY_CONFIG names the config file when the command line gives none */
export function withConfigFromEnv(args: string[], env: NodeJS.ProcessEnv): string[] {
  const given = args.some((a) => a === '--config' || a.startsWith('--config='));
  return given || !env.ESFERRY_CONFIG ? args : [...args, '--config', env.ESFERRY_CONFIG];
}

/** every ESFERRY_* password, key and URL credential is known to the redactor from the start */
export function registerEnvSecrets(setup: ParserSetup, env: NodeJS.ProcessEnv): void {
  registerSecrets(Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('ESFERRY_'))), setup.out.redactor);
}
