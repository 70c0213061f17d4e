// Which indices a library call is about: `sourceIndex` (name, comma list, alias or pattern) and
// `destIndex` (a name, a `*` pattern, or a function) in the plan's terms (list entries, rename rules).
import type { ConnectOptions } from '../cluster/connect-options.js';
import type { ListEntry } from '../plan/list-file.js';
import type { RenameRule } from '../plan/rename.js';
import type { PlanOptions as BuildPlanOptions } from '../plan/build-plan.js';
import type { CopyOptions } from '../engine/types.js';
import { buildQuery } from '../read/search-body.js';

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

/**
 * A side given as an embedder's client needs no URLs: its own connections name it (the URLs are
 * only shown in logs and reports; requests go through the client).
 */
export function withClientNodes<T extends { nodes?: ConnectOptions['nodes']; client?: ConnectOptions['client'] }>(side: T): T {
  if (!side || typeof side !== 'object' || !side.client) return side;
  const given = Array.isArray(side.nodes) ? side.nodes : side.nodes ? [side.nodes] : [];
  if (given.length > 0) return side;
  const urls = side.client.connectionPool?.connections?.map((c) => c.url?.origin).filter((u): u is string => Boolean(u)) ?? [];
  return { ...side, nodes: urls.length > 0 ? urls : ['http://embedder-client'] };
}

/** the selection with client-only sides named by their clients' URLs */
export function normalizedSides<T extends Pick<Selection, 'source' | 'dest'>>(s: T): T {
  if (!s || typeof s !== 'object') return s;
  return { ...s, source: withClientNodes(s.source), dest: withClientNodes(s.dest) };
}

/** what the library's copy() and plan() ask buildPlan for */
export function planOptionsOf(
  o: Pick<Selection, 'sourceIndex' | 'destIndex'> & Pick<CopyOptions, 'typeHandling' | 'idTemplate' | 'query' | 'timeField' | 'since' | 'until'> & { recreate?: boolean; parentJoinField?: string },
): BuildPlanOptions {
  return {
    entries: listEntriesOf(o.sourceIndex),
    rename: renameRulesOf(o),
    typeHandling: o.typeHandling ?? 'auto',
    recreate: o.recreate === true,
    query: buildQuery(o),
    ...destNameOf(o),
    ...(o.parentJoinField ? { parentJoinField: o.parentJoinField } : {}),
    ...(o.idTemplate ? { idTemplate: o.idTemplate } : {}),
    ...(o.timeField ? { timeField: o.timeField } : {}),
  };
}
