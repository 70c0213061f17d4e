// The adaptive-concurrency bench lives in native-free-bench/adaptive/ (its own engineer's);
// it joins the report when its module exports runAdaptiveBench.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { codeRoot, compiled } from './paths.js';

export async function runAdaptiveIfPresent(log: (s: string) => void): Promise<unknown> {
  const file = join(codeRoot, 'native-free-bench', 'adaptive', `run.${compiled ? 'js' : 'ts'}`);
  if (!existsSync(file)) return undefined;
  const mod = (await import(new URL(`file://${file}`).href)) as {
    runAdaptiveBench?: (o?: { smoke?: boolean; log?: (line: string) => void }) => Promise<string>;
  };
  if (typeof mod.runAdaptiveBench !== 'function') return undefined;
  log('adaptive concurrency bench');
  try {
    return await mod.runAdaptiveBench({ smoke: false, log: (l) => log(`adaptive: ${l}`) });
  } catch (e) {
    return `adaptive bench failed: ${(e as Error).message}`;
  }
}
