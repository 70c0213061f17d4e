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
  if (!m.ok) sample.error = `exit ${m.exitCode}: ${m.stderrTail.trim().split('\n').slice(-3).join(' | ')}`;
  else if (docsInDest !== job.docs) sample.error = `destination holds ${docsInDest} docs, expected ${job.docs}`;
  return sample;
}
