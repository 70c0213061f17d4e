// `esferry status`: where a migration stands per index, optionally refreshed every N seconds.
import type { ExitCodeValue } from '../../report/exit-codes.js';
import { formatBytes, formatNumber, formatTable } from '../../report/table.js';
import { UsageError } from '../cli-error.js';
import { engineOptionSpecs, parseRenameRules } from '../engine-options.js';
import type { Output } from '../output.js';
import { connectBoth } from '../workflow/sides.js';
import { indexStatusRows, type StatusRow } from '../../workflow/index-status.js';

export type { StatusRow } from '../../workflow/index-status.js';
import { connectionSpecs, destIndexSpec, listEntries, renameArgs, selectionSpecs, sides, type Argv, type OptionSpecs } from './common.js';
import { openStateStore } from '../../state/open-store.js';
import { statusRows } from '../../state/status.js';
import { coordinateStatusCommand } from './coordinate-status.js';
import { showRepeatedly } from './watch-loop.js';

export const statusOptionSpecs: OptionSpecs = {
  ...connectionSpecs,
  ...selectionSpecs,
  ...destIndexSpec,
  rename: engineOptionSpecs.rename!,
  watch: { type: 'number', group: 'Output:', describe: 'print the table again every SECONDS until Ctrl-C' },
  state: { type: 'string', group: 'State:', describe: 'state file of the run (--state): adds each index\'s saved state (done, running, failed) and acknowledged docs' },
  'state-index': { type: 'string', group: 'State:', describe: 'state index on the destination (--state-index), instead of --state' },
  json: { type: 'boolean', group: 'Output:', describe: 'print the rows as JSON' },
  coordinate: { type: 'string', group: 'Coordinated migration:', describe: 'show the work items of the migration shared under this NAME (esferry run --coordinate NAME): state, owner, progress, rate, last renewal, failures; needs only --dest (or --coordinator)' },
  coordinator: { type: 'string', group: 'Coordinated migration:', describe: 'with --coordinate: the cluster holding the coordination index, when not the destination' },
};

export function renderStatus(rows: StatusRow[], withState = false): string {
  const header = ['index', 'dest index', 'source docs', 'dest docs', 'remaining', 'deleted', 'source size', 'dest size'];
  const table = formatTable(
    withState ? [...header, 'state', 'acknowledged'] : header,
    rows.map((r) => {
      const row = [r.sourceIndex, r.destIndex, r.sourceCount, r.destCount, r.remaining, r.destDeleted, formatBytes(r.sourceBytes), r.destBytes === null ? '-' : formatBytes(r.destBytes)];
      return withState ? [...row, r.state ?? 'not started', r.acknowledged] : row;
    }),
  );
  const src = rows.reduce((a, r) => a + r.sourceCount, 0);
  const rem = rows.reduce((a, r) => a + r.remaining, 0);
  const tuned = rows.filter((r) => r.leftTuned).map((r) =>
    `LEFT TUNED: ${r.destIndex} still has refresh off and no replicas from a run interrupted after ${r.leftTuned!.since}; the next copy/run of it restores ${JSON.stringify(r.leftTuned!.original)}`,
  );
  return [`${table}\ntotal: ${rows.length} indices, ${formatNumber(src)} source docs, ${formatNumber(rem)} remaining`, ...tuned].join('\n');
}

export async function statusCommand(argv: Argv, out: Output): Promise<ExitCodeValue> {
  if (argv.coordinate !== undefined) return coordinateStatusCommand(argv, out);
  const conn = sides(argv, out);
  const entries = await listEntries(argv);
  const rename = parseRenameRules(renameArgs(argv, entries));
  const watch = argv.watch === undefined ? undefined : Number(argv.watch);
  if (watch !== undefined && (!Number.isFinite(watch) || watch <= 0)) throw new UsageError('--watch must be a number of seconds > 0');
  if (argv.state !== undefined && argv['state-index'] !== undefined) throw new UsageError('use either --state FILE or --state-index NAME, not both');
  const both = await connectBoth(conn.source, conn.dest);
  const store = openStateStore({ file: argv.state as string | undefined, index: argv['state-index'] as string | undefined, dest: { transport: both.dest.transport, dialect: both.dest.cluster.dialect } });
  try {
    return await showRepeatedly(out, argv.json === true, watch, async () => {
      const { rows, unmatched } = await indexStatusRows(both.source, both.dest, entries, rename);
      if (store) {
        const saved = new Map(statusRows(await store.load()).map((r) => [r.sourceIndex, r]));
        for (const row of rows) {
          const s = saved.get(row.sourceIndex);
          if (s) {
            row.state = s.status;
            row.acknowledged = s.acknowledged;
          }
        }
      }
      for (const u of unmatched) out.warn(`warning: "${u.pattern}" (line ${u.line}) matches no index on the source`);
      return { json: rows, text: renderStatus(rows, store !== undefined) };
    });
  } finally {
    await both.close();
  }
}
