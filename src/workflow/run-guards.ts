// Runs that would damage a cluster are refused before anything is written (exit 2, one line):
// a destination that is an index being read on the same cluster, templates or aliases copied
// onto the cluster they come from, and a state index that is also a copy target.
import { describeIdentity } from '../cluster/identity.js';
import { sameCluster, selfCopyConflicts, type Plan, type PlanSide } from '../plan/build-plan.js';

export interface GuardedRun {
  copyTemplates: boolean;
  copyAliases: boolean;
  state?: { index?: string };
}

/** Why this run must not start, or undefined. */
export function runRefusal(input: GuardedRun, plan: Plan, source: PlanSide, dest: PlanSide): string | undefined {
  const selfCopy = selfCopyConflicts(plan);
  if (selfCopy.length > 0) return `refusing to copy: ${selfCopy[0]}; nothing was written`;
  const oneCluster = sameCluster(source, dest);
  if (oneCluster && (input.copyTemplates || input.copyAliases)) {
    const which = [input.copyTemplates ? '--copy-templates' : '', input.copyAliases ? '--copy-aliases' : ''].filter(Boolean).join(' and ');
    const id = dest.identity ? ` (${describeIdentity(dest.identity)})` : '';
    return `refusing ${which}: source and destination are the same cluster${id}, so the source's own templates would be overwritten and its aliases would point at the copies too; run without ${which}`;
  }
  const stateIndex = input.state?.index;
  if (stateIndex) {
    const hit = plan.items.find((i) => i.dest === stateIndex || (oneCluster && i.source === stateIndex));
    if (hit) return `refusing --state-index ${stateIndex}: it is also ${hit.dest === stateIndex ? 'a destination' : 'a source'} index of this run; name the state index apart (e.g. .esferry-state)`;
  }
  return undefined;
}
