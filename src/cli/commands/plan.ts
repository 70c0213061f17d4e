// `esferry plan`: what a run would do, as a table or JSON, without writing anything.
import { buildPlan } from '../../plan/build-plan.js';
import { renderPlan } from '../../plan/render-plan.js';
import { unmatchedProblem } from '../../plan/resolve.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { engineOptionSpecs, parseIdTemplate, parseQuery, parseRenameRules, parseTypeHandling, timeWindow } from '../engine-options.js';
import { buildQuery } from '../../read/search-body.js';
import type { Output } from '../output.js';
import { connectBoth } from '../workflow/sides.js';
import { connectionSpecs, destIndexSpec, listEntries, missingSpec, renameArgs, selectionSpecs, shardOption, shardSpecs, sides, type Argv, type OptionSpecs } from './common.js';

export const planOptionSpecs: OptionSpecs = {
  ...connectionSpecs,
  ...selectionSpecs,
  ...shardSpecs,
  ...destIndexSpec,
  ...missingSpec,
  rename: engineOptionSpecs.rename!,
  types: engineOptionSpecs.types!,
  'parent-join': engineOptionSpecs['parent-join']!,
  'id-template': engineOptionSpecs['id-template']!,
  query: engineOptionSpecs.query!,
  'time-field': engineOptionSpecs['time-field']!,
  since: engineOptionSpecs.since!,
  until: engineOptionSpecs.until!,
  recreate: { type: 'boolean', group: 'Workflow:', describe: 'plan to delete and re-create destination indices that exist' },
  json: { type: 'boolean', group: 'Output:', describe: 'print the plan as JSON' },
};

export async function planCommand(argv: Argv, out: Output): Promise<ExitCodeValue> {
  const conn = sides(argv, out);
  const entries = await listEntries(argv);
  const { shard, shardBy } = shardOption(argv);
  const idTemplate = parseIdTemplate(argv);
  const query = argv.query !== undefined ? await parseQuery(String(argv.query)) : undefined;
  const window = { query, ...timeWindow(argv) };
  const both = await connectBoth(conn.source, conn.dest);
  try {
    const plan = await buildPlan(both.source, both.dest, {
      entries,
      rename: parseRenameRules(renameArgs(argv, entries)),
      typeHandling: parseTypeHandling(argv.types),
      recreate: argv.recreate === true,
      shard,
      shardBy,
      query: buildQuery(window),
      ...(argv['parent-join'] !== undefined ? { parentJoinField: String(argv['parent-join']) } : {}),
      ...(idTemplate ? { idTemplate } : {}),
      ...(window.timeField ? { timeField: window.timeField } : {}),
    });
    out.result(argv.json === true ? JSON.stringify(plan, null, 2) : renderPlan(plan));
    const missing = unmatchedProblem(plan.unmatched, argv['allow-missing'] === true, argv.list as string | undefined);
    if (missing) out.error(missing);
    return plan.conflicts.length > 0 || missing ? ExitCode.badInput : ExitCode.success;
  } finally {
    await both.close();
  }
}
