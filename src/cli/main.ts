#!/usr/bin/env node
// esferry command line: copy, run, plan, verify, status. Every failure ends as one line on stderr
// and an exit code from src/report/exit-codes.ts (table in src/cli/README.md).
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode } from '../report/exit-codes.js';
import { describeError, exitCodeForError } from './cli-error.js';
import { planCommand, planOptionSpecs } from './commands/plan.js';
import { runCommand, runOptionSpecs } from './commands/run.js';
import { statusCommand, statusOptionSpecs } from './commands/status.js';
import { verifyCommand, verifyOptionSpecs } from './commands/verify.js';
import type { Argv, OptionSpecs } from './commands/common.js';
import { Output } from './output.js';
import { numericOptionsAsChecked, valuesStartingWithDash } from './raw-args.js';

type Handler = (argv: Argv, out: Output) => Promise<number>;

/** the package's version: package.json is two levels above src/cli/main.ts, three above dist/src/cli/main.js */
function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'esferry' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}
const VERSION = packageVersion();

const EXIT_TABLE = `Exit codes: 0 success, 1 failed/partial (dead letters, accounting), 2 bad input, 3 cannot connect/auth, 4 verification mismatch, 130 cancelled.`;

/** Runs the CLI with the given arguments; resolves to the exit code (never throws). */
export async function main(args: string[], out = new Output()): Promise<number> {
  let exitCode: number = ExitCode.success;
  let failed = false;
  const run = (handler: Handler) => async (argv: Argv) => {
    if (failed) return;
    try {
      exitCode = await handler(argv, out);
    } catch (err) {
      out.error(describeError(err));
      exitCode = exitCodeForError(err);
    }
  };
  const withOptions = (specs: OptionSpecs) => (y: ReturnType<typeof yargs>) =>
    y.options(numericOptionsAsChecked(specs) as Parameters<ReturnType<typeof yargs>['options']>[0]).epilogue(EXIT_TABLE);

  const parser = yargs(valuesStartingWithDash(args))
    .scriptName('esferry')
    .usage('$0 <command> [options]\n\nCopy Elasticsearch/OpenSearch indices between clusters of any major version (ES 2.x–8.x, OpenSearch 1–3).')
    .command('copy', 'copy one index or pattern (--index) with its metadata', withOptions(runOptionSpecs('copy')), run((a, o) => runCommand('copy', a, o)))
    .command('run', 'copy every index of a list file (--list), several in parallel, optionally split across hosts (--shard i/n)', withOptions(runOptionSpecs('run')), run((a, o) => runCommand('run', a, o)))
    .command('plan', 'show what a run would do: indices, doc counts, sizes, existing destination indices, conversions, conflicts', withOptions(planOptionSpecs), run(planCommand))
    .command('verify', 'compare doc counts (and --sample random docs) between source and destination; exit 4 on mismatch', withOptions(verifyOptionSpecs), run(verifyCommand))
    .command('status', 'per index: source/destination counts, remaining, deleted docs and sizes (--watch SECONDS to repeat)', withOptions(statusOptionSpecs), run(statusCommand))
    .demandCommand(1, 'a command is required: copy, run, plan, verify or status (see esferry --help)')
    .strictCommands()
    .strictOptions()
    .epilogue(`${EXIT_TABLE}\nPasswords: prefer ESFERRY_SOURCE_PASSWORD / ESFERRY_DEST_PASSWORD (and ..._API_KEY) over command-line flags.`)
    .wrap(Math.min(120, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (failed) return;
      failed = true;
      const text = msg || (err ? describeError(err) : 'invalid arguments');
      // yargs puts details on following lines ("Invalid values:\n  Argument: ..."): keep one line
      const line = text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      out.error(line.includes('--help') ? line : `${line} (see esferry --help)`);
      exitCode = ExitCode.badInput;
    })
    .help('help')
    .alias('help', 'h')
    .version('version', 'print the esferry version', VERSION)
    .alias('version', 'V');
  try {
    await parser.parseAsync();
  } catch (err) {
    if (!failed) {
      out.error(describeError(err));
      exitCode = exitCodeForError(err);
    }
  }
  return exitCode;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const code = await main(hideBin(process.argv));
  process.exitCode = code;
  // a finished command must not hang on a stray socket or timer
  setTimeout(() => process.exit(code), 200).unref();
}
