// The esferry contender of the cost bench: the CLI a user runs (`esferry copy`, the package's bundled
// bin), default settings, no progress output, optionally under --cpu-prof for the breakdown.
import type { CopyJob } from '../contenders/registry.js';
import type { ChildSpec } from '../lib/run-child.js';
import { cliScript } from '../lib/paths.js';

export function esferryCliSpec(job: CopyJob, profileDir?: string): ChildSpec {
  const { execArgv, script } = cliScript();
  return {
    execArgv: [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...execArgv],
    script,
    timeoutMs: Math.max(120_000, job.docs * 2),
    args: ['copy', '--source', job.source, '--dest', job.dest, '--index', job.sourceIndex, '--dest-index', job.destIndex, '--progress', 'none'],
  };
}
