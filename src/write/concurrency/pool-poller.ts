// Feeds the destination's write thread-pool counters to the controller while a copy runs.
// Monitoring is a nice-to-have: a failing poll (no `monitor` privilege, a proxy that blocks
// `_cat`/`_nodes`) is logged once and never fails the copy; an auth refusal stops the polling.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dialect, Transport } from '../../cluster/types.js';
import { EsferryError } from '../../cluster/errors.js';
import type { ConcurrencyController } from './types.js';

export interface PollOptions {
  /** where the one warning goes (default: stderr) */
  log?: (line: string) => void;
}

function describe(err: unknown): string {
  if (err instanceof EsferryError) return `${err.kind}${err.status ? ` ${err.status}` : ''}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** Polls until `signal` aborts; resolves then (never rejects). */
export async function pollThreadPool(
  transport: Transport,
  dialect: Dialect,
  controller: ConcurrencyController,
  intervalMs: number,
  signal: AbortSignal,
  opts: PollOptions = {},
): Promise<void> {
  if (!controller.onThreadPool) return;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let warned = false;
  while (!signal.aborted) {
    try {
      const res = await transport.request({ ...dialect.threadPoolRequest(), signal });
      controller.onThreadPool(dialect.parseThreadPool(res.body));
    } catch (err) {
      if (signal.aborted) return;
      if (!warned) {
        warned = true;
        log(`esferry: cannot read the destination ${dialect.writePool} thread pool (${describe(err)}); adapting writers from bulk responses only`);
      }
      if (err instanceof EsferryError && err.kind === 'auth') return;
    }
    try {
      await sleep(Math.max(1, intervalMs), undefined, { signal });
    } catch {
      return; // aborted while waiting
    }
  }
}
