// Where each index of a migration stands (esferry status, the library's status()): source and
// destination counts and sizes, and settings an interrupted run left tuned.
import { countDocs, indexStats, listIndices, type IndexStats } from '../meta/admin.js';
import { TuningMarkerStore } from '../meta/tuning-marker.js';
import type { TunedValues } from '../meta/tuning.js';
import type { ListEntry } from '../plan/list-file.js';
import { mapLimit } from '../plan/map-limit.js';
import type { RenameRule } from '../plan/rename.js';
import { resolvePairs } from './index-pairs.js';
import type { ConnectedSide } from './sides.js';

export interface StatusRow {
  sourceIndex: string;
  destIndex: string;
  sourceCount: number;
  destCount: number | null;
  remaining: number;
  destDeleted: number | null;
  sourceBytes: number;
  destBytes: number | null;
  /** from --state: saved status and acknowledged docs */
  state?: string;
  acknowledged?: number;
  /** an interrupted run left the destination tuned for loading: the values it saved to restore */
  leftTuned?: { since: string; original: TunedValues };
}

/** One row per source index the entries resolve to: counts, sizes, and settings left tuned. */
export async function indexStatusRows(source: ConnectedSide, dest: ConnectedSide, entries: ListEntry[], rename: RenameRule[], destName?: (sourceIndex: string) => string): Promise<{ rows: StatusRow[]; unmatched: ListEntry[] }> {
  const markers = new TuningMarkerStore(dest.transport, dest.cluster.dialect.typeModel);
  const { pairs, unmatched } = await resolvePairs(source.transport, entries, rename, destName);
  const srcStats = await statsOf(source, pairs.map((p) => p.source));
  const destStats = await statsOf(dest, pairs.map((p) => p.dest));
  const rows = await mapLimit(pairs, 8, async (p): Promise<StatusRow> => {
    const sourceCount = await countDocs(source.transport, p.source);
    const d = destStats.get(p.dest);
    const destCount = d ? await countDocs(dest.transport, p.dest) : null;
    // a serverless destination is never tuned: no marker to look for
    const left = d && dest.cluster.dialect.features.tuning ? await markers.read(p.dest) : undefined;
    return {
      ...(left ? { leftTuned: { since: left.since, original: left.original } } : {}),
      sourceIndex: p.source,
      destIndex: p.dest,
      sourceCount,
      destCount,
      remaining: Math.max(0, sourceCount - (destCount ?? 0)),
      destDeleted: d ? d.deleted : null,
      sourceBytes: srcStats.get(p.source)?.bytes ?? 0,
      destBytes: d ? d.bytes : null,
    };
  });
  return { rows, unmatched };
}

/** `_stats` where the cluster has it; a serverless collection only lists its indices (`_cat/indices`) */
async function statsOf(side: ConnectedSide, names: string[]): Promise<Map<string, IndexStats>> {
  if (side.cluster.dialect.features.indexStats) return indexStats(side.transport, names);
  const wanted = new Set(names);
  const out = new Map<string, IndexStats>();
  for (const row of await listIndices(side.transport)) if (wanted.has(row.name)) out.set(row.name, { docs: row.docs, deleted: 0, bytes: row.bytes });
  return out;
}
