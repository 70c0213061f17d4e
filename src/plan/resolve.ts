// Resolving list entries (names and wildcards) against the indices that exist on the source.
import { isPattern, matchesPattern, showName } from './index-name.js';
import type { ListEntry } from './list-file.js';

export interface SourceIndexInfo {
  name: string;
  docs: number;
  /** primary store size in bytes (what is copied; replicas are not) */
  bytes: number;
  /** open | close */
  status?: string;
}

export interface Resolution {
  /** unique indices in list order (first entry that matched wins) */
  indices: SourceIndexInfo[];
  /** entries that matched nothing on the source */
  unmatched: ListEntry[];
  /** which entry brought each index in */
  matchedBy: Map<string, ListEntry>;
}

/**
 * `aliases` (alias name → index names) lets a list name an alias: it stands for its indices.
 * Wildcards match index names only.
 */
export function resolveEntries(entries: ListEntry[], available: SourceIndexInfo[], aliases: Map<string, string[]> = new Map()): Resolution {
  const byName = new Map(available.map((i) => [i.name, i]));
  const sortedNames = [...byName.keys()].sort();
  const indices: SourceIndexInfo[] = [];
  const unmatched: ListEntry[] = [];
  const matchedBy = new Map<string, ListEntry>();
  for (const entry of entries) {
    const names = isPattern(entry.pattern)
      ? sortedNames.filter((n) => matchesPattern(entry.pattern, n) && (!n.startsWith('.') || entry.pattern.startsWith('.')))
      : byName.has(entry.pattern) ? [entry.pattern] : (aliases.get(entry.pattern) ?? []).filter((n) => byName.has(n)).sort();
    if (names.length === 0) unmatched.push(entry);
    for (const n of names) {
      if (matchedBy.has(n)) continue;
      matchedBy.set(n, entry);
      indices.push(byName.get(n)!);
    }
  }
  return { indices, unmatched, matchedBy };
}

/**
 * A list entry that matches nothing is a typo until told otherwise (`--allow-missing`): the
 * command stops before writing anything. `listFile` names the file for line numbers.
 */
export function unmatchedProblem(unmatched: ListEntry[], allowMissing: boolean, listFile?: string): string | undefined {
  if (unmatched.length === 0 || allowMissing) return undefined;
  const names = unmatched.map((u) => `${showName(u.pattern)} (${listFile !== undefined ? `${listFile}:${u.line}` : '--index'})`).join(', ');
  return `no source index matches ${names}: check the name${unmatched.length > 1 ? 's' : ''} (aliases count, wildcards match index names), or add --allow-missing to copy the rest`;
}
