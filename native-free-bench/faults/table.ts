// The fault matrix as a markdown table, one row per scenario.
import type { FaultRow } from './scenarios.js';

const yes = (b: boolean) => (b ? 'yes' : '**NO**');

export function faultTable(rows: FaultRow[]): string {
  const head = '| scenario | docs expected | arrived | dead-lettered | exit code (→ rerun/resume) | settings restored | expected outcome met | what happened |\n| --- | ---: | ---: | ---: | --- | --- | --- | --- |';
  const lines = rows.map((r) => `| ${r.scenario} | ${r.expected} | ${r.arrived} | ${r.deadLettered} | ${r.exits.join(' → ')} | ${yes(r.restored)} | ${yes(r.met)} | ${r.outcome} |`);
  return [head, ...lines].join('\n');
}
