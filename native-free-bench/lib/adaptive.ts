// The adaptive-concurrency bench (native-free-bench/adaptive/) as a section of the main report.
import { runAdaptiveBench } from '../adaptive/run.js';

/** the section's markdown; a failed adaptive bench becomes a line of the report, not a failed bench run */
export async function runAdaptive(log: (s: string) => void): Promise<string> {
  log('adaptive concurrency bench');
  try {
    return await runAdaptiveBench({ smoke: false, log: (l) => log(`adaptive: ${l}`) });
  } catch (e) {
    return `## Adaptive write concurrency\n\nadaptive bench failed: ${(e as Error).message}`;
  }
}
