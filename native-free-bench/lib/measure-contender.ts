// One measured run of one contender: empty destination, run the copy in its own process,
// then count what arrived.
import { CONTENDERS, type CopyJob, type SharedSettings } from '../contenders/registry.js';
import type { ContenderName } from './args.js';
import { countDocs, deleteIndex } from './es-admin.js';
import { runChild } from './run-child.js';
import type { RunSample } from '../report/types.js';

export async function measureRun(name: ContenderName, job: CopyJob, shared: SharedSettings, run: number): Promise<RunSample> {
  await deleteIndex(job.dest, job.destIndex);
  const m = await runChild(CONTENDERS[name].spec(job, shared));
  const docsInDest = await countDocs(job.dest, job.destIndex);
  const sample: RunSample = { run, ok: m.ok, wallMs: m.wallMs, peakRssMB: m.peakRssMB, cpuMs: m.cpuMs, docsInDest, summary: m.summary };
  if (!m.ok) sample.error = `exit ${m.exitCode}: ${errorLine(m.stderrTail)}`;
  else if (docsInDest !== job.docs) sample.error = `destination holds ${docsInDest} docs, expected ${job.docs}`;
  return sample;
}

/** the most telling line of a crashed child's stderr: the first that names an error */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const thrown = lines.find((l) => /^[A-Za-z]*(Error|Exception)\b.*:/.test(l));
  return (thrown ?? lines.find((l) => /error|exception|refused|failed/i.test(l)) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}
