#!/usr/bin/env node
// esferry command line: copy, run, plan, verify, status. Every failure ends as one line on stderr
// and an exit code from src/report/exit-codes.ts (table in src/cli/README.md).
//
// Start-up cost matters (one process per host, often per index): a command line naming its command
// is parsed by a parser holding only that command's options, and only that command's module is
// loaded. yargs renders the whole help text whenever a registered command runs (so a handler could
// show it); the parser with every command registered is used only for help, version and mistakes.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../report/exit-codes.js';
import { describeError, exitCodeForError } from './cli-error.js';
import { COMMANDS, commandOf, type CommandName } from './command-table.js';
import { configureCommand, configureParser, ParserSetup, preparedArgs, registerEnvSecrets, withConfigFromEnv } from './parser.js';
import { Output } from './output.js';
import { packageVersion } from './package-version.js';

/** help, version and their short forms, before a "--" that ends the options */
function asksForHelpOrVersion(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h' || a === '--version' || a === '-V') return true;
  }
  return false;
}

/** Runs the CLI with the given arguments; resolves to the exit code (never throws). */
export async function main(args: string[], out = new Output()): Promise<number> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    out.result(packageVersion());
    return ExitCode.success;
  }
  const prepared = preparedArgs(args);
  const setup = new ParserSetup(out);
  registerEnvSecrets(setup, process.env);
  const name = commandOf(prepared);
  if (name && !asksForHelpOrVersion(prepared)) await runOneCommand(name, prepared.slice(1), setup);
  else await runWithEveryCommand(prepared, setup);
  return setup.exitCode;
}

/** `esferry NAME ...`: a parser with NAME's options only, so no help text is rendered */
async function runOneCommand(name: CommandName, args: string[], setup: ParserSetup): Promise<void> {
  const yargs = (await import('yargs')).default;
  const command = await COMMANDS[name].load();
  // copy/run --json: option errors found by the parser are JSON lines too
  if ((name === 'copy' || name === 'run') && args.some((a) => a === '--json' || a === '--json=true')) setup.out.jsonLines = true;
  const argv = await configureCommand(yargs(withConfigFromEnv(args, process.env)), setup, command.specs)
    .scriptName(`esferry ${name}`)
    .help(false)
    .version(false)
    .parseAsync()
    .catch((err: unknown) => setup.fail('', err));
  if (!argv || setup.failed) return;
  if (argv._.length > 0) setup.fail(`unexpected argument "${String(argv._[0])}"`);
  else await setup.run(command.handler)(argv);
}

/** help, version, no or unknown command: every command registered, the modules of those named loaded */
async function runWithEveryCommand(args: string[], setup: ParserSetup): Promise<void> {
  const yargs = (await import('yargs')).default;
  let parser = configureParser(yargs(args), setup, {})
    .scriptName('esferry')
    .usage('$0 <command> [options]\n\nCopy Elasticsearch/OpenSearch indices between clusters of any major version (ES 2.x–8.x, OpenSearch 1–3).');
  for (const n of Object.keys(COMMANDS) as CommandName[]) {
    // yargs builds and runs only the command named on the command line: the others need no module
    if (!args.includes(n)) {
      parser = parser.command(n, COMMANDS[n].describe);
      continue;
    }
    const command = await COMMANDS[n].load();
    parser = parser.command(n, COMMANDS[n].describe, (y) => configureCommand(y, setup, command.specs), setup.run(command.handler));
  }
  try {
    await parser
      .demandCommand(1, 'a command is required: copy, run, plan, verify or status (see esferry --help)')
      .strictCommands()
      .help('help')
      .alias('help', 'h')
      .version('version', 'print the esferry version', packageVersion())
      .alias('version', 'V')
      .completion('completion', 'print a bash/zsh completion script: esferry completion >> ~/.bashrc (or ~/.zshrc)')
      .parseAsync();
  } catch (err) {
    if (!setup.failed) {
      setup.out.error(describeError(err));
      setup.exitCode = exitCodeForError(err);
    }
  }
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
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  // a finished command must not hang on a stray socket or timer
  setTimeout(() => process.exit(code), 200).unref();
}
