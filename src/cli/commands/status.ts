// `esferry status`: where a migration stands per index, optionally refreshed every N seconds.
import { setTimeout as sleep } from 'node:timers/promises';
import { countDocs, indexStats, listIndices } from '../../meta/admin.js';
import { renameIndex } from '../../plan/rename.js';
import { resolveEntries } from '../../plan/resolve.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { formatBytes, formatTable } from '../../report/table.js';
import { UsageError } from '../cli-error.js';
import { engineOptionSpecs, parseRenameRules } from '../engine-options.js';
import type { Output } from '../output.js';
import { connectBoth, type ConnectedSide } from '../workflow/sides.js';
import { connectionSpecs, listEntries, selectionSpecs, sides, type Argv, type OptionSpecs } from './common.js';
import type { ListEntry } from '../../plan/list-file.js';
import type { RenameRule } from '../../plan/rename.js';

export const statusOptionSpecs: OptionSpecs = {
  ...connectionSpecs,
  ...selectionSpecs,
  rename: engineOptionSpecs.rename!,
  watch: { type: 'number', group: 'Output:', describe: 'print the table again every SECONDS until Ctrl-C' },
  json: { type: 'boolean', group: 'Output:', describe: 'print the rows as JSON' },
};

export interface StatusRow {
  sourceIndex: string;
  destIndex: string;
  sourceCount: number;
  destCount: number | null;
  remaining: number;
  destDeleted: number | null;
  sourceBytes: number;
  destBytes: number | null;
}

async function collect(source: ConnectedSide, dest: ConnectedSide, entries: ListEntry[], rename: RenameRule[]): Promise<{ rows: StatusRow[]; unmatched: ListEntry[] }> {
  const resolution = resolveEntries(entries, await listIndices(source.transport));
  const pairs = resolution.indices.map((i) => ({ source: i.name, dest: renameIndex(i.name, rename) }));
  const srcStats = await indexStats(source.transport, pairs.map((p) => p.source));
  const destStats = await indexStats(dest.transport, pairs.map((p) => p.dest));
  const rows: StatusRow[] = [];
  for (const p of pairs) {
    const sourceCount = await countDocs(source.transport, p.source);
    const d = destStats.get(p.dest);
    const destCount = d ? await countDocs(dest.transport, p.dest) : null;
    rows.push({
      sourceIndex: p.source,
      destIndex: p.dest,
      sourceCount,
      destCount,
      remaining: Math.max(0, sourceCount - (destCount ?? 0)),
      destDeleted: d ? d.deleted : null,
      sourceBytes: srcStats.get(p.source)?.bytes ?? 0,
      destBytes: d ? d.bytes : null,
    });
  }
  return { rows, unmatched: resolution.unmatched };
}

export function renderStatus(rows: StatusRow[]): string {
  const table = formatTable(
    ['index', 'dest index', 'source docs', 'dest docs', 'remaining', 'deleted', 'source size', 'dest size'],
    rows.map((r) => [r.sourceIndex, r.destIndex, r.sourceCount, r.destCount, r.remaining, r.destDeleted, formatBytes(r.sourceBytes), r.destBytes === null ? '-' : formatBytes(r.destBytes)]),
  );
  const src = rows.reduce((a, r) => a + r.sourceCount, 0);
  const rem = rows.reduce((a, r) => a + r.remaining, 0);
  return `${table}\ntotal: ${rows.length} indices, ${src.toLocaleString('en-US')} source docs, ${rem.toLocaleString('en-US')} remaining`;
}

export async function statusCommand(argv: Argv, out: Output): Promise<ExitCodeValue> {
  const conn = sides(argv, out);
  const entries = await listEntries(argv);
  const rename = parseRenameRules(argv.rename);
  const watch = argv.watch === undefined ? undefined : Number(argv.watch);
  if (watch !== undefined && (!Number.isFinite(watch) || watch <= 0)) throw new UsageError('--watch must be a number of seconds > 0');
  const both = await connectBoth(conn.source, conn.dest);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    for (;;) {
      const { rows, unmatched } = await collect(both.source, both.dest, entries, rename);
      for (const u of unmatched) out.warn(`warning: "${u.pattern}" (line ${u.line}) matches no index on the source`);
      out.result(argv.json === true ? JSON.stringify(rows, null, 2) : `${watch ? `${new Date().toISOString()}\n` : ''}${renderStatus(rows)}`);
      if (watch === undefined) return ExitCode.success;
      try {
        await sleep(watch * 1000, undefined, { signal: stop.signal });
      } catch {
        return ExitCode.success;
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    await both.close();
  }
}
