// The printing loop of `status` (plain and --coordinate): once, or every --watch seconds until
// Ctrl-C; a terminal gets the table redrawn in place, pipes and files get one table after another.
// --json prints one document; with --watch, one compact JSON object per line (JSON Lines), each
// stamped with the time of the look, so `esferry status --watch 10 --json | jq` follows a migration.
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
      out.result(json ? jsonText(shown.json, watchS !== undefined) : `${clear}${watchS ? `${new Date().toISOString()}\n` : ''}${shown.text}`);
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

/** one pretty document, or (watching) one line: {"time": ..., "indices": [...]} or the object's own fields */
function jsonText(json: unknown, asLine: boolean): string {
  if (!asLine) return JSON.stringify(json, null, 2);
  const time = new Date().toISOString();
  const body = Array.isArray(json) ? { indices: json } : (json as Record<string, unknown>);
  return JSON.stringify({ time, ...body });
}
