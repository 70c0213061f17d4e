// The commands of the CLI: a description for the help, and a loader that imports the command's
// module (its option specs and handler) only when that command is used.
import type { Argv, OptionSpecs } from './commands/common.js';
import type { Output } from './output.js';

export type Handler = (argv: Argv, out: Output) => Promise<number>;

export interface LoadedCommand {
  specs: OptionSpecs;
  handler: Handler;
}

export const COMMANDS = {
  copy: {
    describe: 'copy one index or pattern (--index) with its metadata',
    load: async (): Promise<LoadedCommand> => {
      const m = await import('./commands/run.js');
      return { specs: m.runOptionSpecs('copy'), handler: (a, o) => m.runCommand('copy', a, o) };
    },
  },
  run: {
    describe: 'copy every index of a list file (--list), several in parallel, optionally split across hosts (--shard i/n)',
    load: async (): Promise<LoadedCommand> => {
      const m = await import('./commands/run.js');
      return { specs: m.runOptionSpecs('run'), handler: (a, o) => m.runCommand('run', a, o) };
    },
  },
  plan: {
    describe: 'show what a run would do: indices, doc counts, sizes, existing destination indices, conversions, conflicts',
    load: async (): Promise<LoadedCommand> => {
      const m = await import('./commands/plan.js');
      return { specs: m.planOptionSpecs, handler: m.planCommand };
    },
  },
  verify: {
    describe: 'compare doc counts (and --sample random docs) between source and destination; exit 4 on mismatch',
    load: async (): Promise<LoadedCommand> => {
      const m = await import('./commands/verify.js');
      return { specs: m.verifyOptionSpecs, handler: m.verifyCommand };
    },
  },
  status: {
    describe: 'per index: source/destination counts, remaining, deleted docs and sizes (--watch SECONDS to repeat)',
    load: async (): Promise<LoadedCommand> => {
      const m = await import('./commands/status.js');
      return { specs: m.statusOptionSpecs, handler: m.statusCommand };
    },
  },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** the command named by the first argument, if it is one */
export function commandOf(args: string[]): CommandName | undefined {
  const first = args[0];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? (first as CommandName) : undefined;
}
