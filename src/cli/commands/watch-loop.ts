// The printing loop of `status` (plain and --coordinate): once, or every --watch seconds until
// Ctrl-C; a terminal gets the table redrawn in place, pipes and files get one table after another.
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import type { Output } from '../output.js';

export interface Shown {
  /** what --json prints */
  json: unknown;
  text: string;
  /** exit code of a single (non-watch) look; default success */
  exitCode?: ExitCodeValue;
}

export async function showRepeatedly(out: Output, json: boolean, watchS: number | undefined, look: () => Promise<Shown>): Promise<ExitCodeValue> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    for (;;) {
      const shown = await look();
      const clear = watchS && process.stdout.isTTY && !json ? '\x1b[2J\x1b[H' : '';
      out.result(json ? JSON.stringify(shown.json, null, 2) : `${clear}${watchS ? `${new Date().toISOString()}\n` : ''}${shown.text}`);
      if (watchS === undefined) return shown.exitCode ?? ExitCode.success;
      try {
        await sleep(watchS * 1000, undefined, { signal: stop.signal });
      } catch {
        return ExitCode.success;
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
  }
}
