// `esferry plan` / `run --dry-run` output: a table plus the notes and conflicts per index.
import { formatBytes, formatNumber, formatTable } from '../report/table.js';
import type { Plan } from './build-plan.js';
import { shardLabel } from './shard.js';

export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`source: ${plan.source.label} (${plan.source.version})`);
  lines.push(`dest:   ${plan.dest.label} (${plan.dest.version})`);
  if (plan.shard) lines.push(`shard ${shardLabel(plan.shard)}: ${plan.items.length} of ${plan.resolvedCount} resolved indices`);
  lines.push('');
  lines.push(
    formatTable(
      ['source index', 'dest index', 'docs', 'size', 'destination'],
      plan.items.map((i) => [i.source, i.dest, i.docs, formatBytes(i.bytes), i.action === 'create' ? 'create' : i.action === 'recreate' ? `recreate (has ${i.destDocs ?? 0} docs)` : `exists (${i.destDocs ?? 0} docs)`]),
    ),
  );
  lines.push(`total: ${plan.totals.indices} indices, ${formatNumber(plan.totals.docs)} docs, ${formatBytes(plan.totals.bytes)}`);
  if (plan.crashCost) lines.push(`after a crash (with --state): ${plan.crashCost}`);
  for (const u of plan.unmatched) lines.push(`no match: "${u.pattern}" (list line ${u.line}) matches no index on the source`);
  const noted = plan.items.filter((i) => i.notes.length > 0);
  if (noted.length > 0) {
    lines.push('', 'conversions:');
    for (const i of noted) for (const n of i.notes) lines.push(`  ${i.source}: ${n}`);
  }
  if (plan.conflicts.length > 0) {
    lines.push('', 'CONFLICTS (nothing will be copied until they are resolved):');
    for (const c of plan.conflicts) lines.push(`  ${c}`);
  }
  return lines.join('\n');
}
