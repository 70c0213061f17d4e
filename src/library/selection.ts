// Which indices a library call is about: `sourceIndex` (name, comma list, alias or pattern) and
// `destIndex` (a name, a `*` pattern, or a function) in the plan's terms (list entries, rename rules).
import type { ConnectOptions } from '../cluster/connect-options.js';
import type { ListEntry } from '../plan/list-file.js';
import type { RenameRule } from '../plan/rename.js';

/** The clusters and indices a library call works on. */
export interface Selection {
  source: ConnectOptions;
  dest: ConnectOptions;
  /** index name, comma list, alias or wildcard pattern on the source */
  sourceIndex: string;
  /** destination name; may contain `*` (`logs-*` → `v2-logs-*`), or a function of the source name; default: same name */
  destIndex?: string | ((sourceIndex: string) => string);
}

export function listEntriesOf(sourceIndex: string): ListEntry[] {
  return sourceIndex.split(',').map((p) => p.trim()).filter(Boolean).map((pattern, i) => ({ pattern, line: i + 1 }));
}

export function renameRulesOf(s: Pick<Selection, 'sourceIndex' | 'destIndex'>): RenameRule[] {
  if (typeof s.destIndex !== 'string') return [];
  const to = s.destIndex;
  return listEntriesOf(s.sourceIndex).map((e) => ({ from: e.pattern, to }));
}

export function destNameOf(s: Pick<Selection, 'destIndex'>): { destName?: (sourceIndex: string) => string } {
  return typeof s.destIndex === 'function' ? { destName: s.destIndex } : {};
}
