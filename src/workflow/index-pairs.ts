// Source indices a list resolves to on the source (names, aliases, patterns) and the destination
// name of each — what verify and status compare, without the plan's metadata reads.
import { listAliases, listIndices } from '../meta/admin.js';
import type { ListEntry } from '../plan/list-file.js';
import { renameIndex, type RenameRule } from '../plan/rename.js';
import { resolveEntries } from '../plan/resolve.js';
import type { Transport } from '../cluster/types.js';

export interface IndexPair {
  source: string;
  dest: string;
}

export async function resolvePairs(source: Transport, entries: ListEntry[], rename: RenameRule[], destName?: (sourceIndex: string) => string): Promise<{ pairs: IndexPair[]; unmatched: ListEntry[] }> {
  const resolution = resolveEntries(entries, await listIndices(source), await listAliases(source));
  const pairs = resolution.indices.map((i) => ({ source: i.name, dest: destName ? destName(i.name) : renameIndex(i.name, rename, resolution.matchedBy.get(i.name)?.pattern) }));
  return { pairs, unmatched: resolution.unmatched };
}
