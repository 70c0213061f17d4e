// `esferry verify --ids`: every `_id` compared on both sides (bounded memory, external sort in the
// state module), reporting ids present on one side only; optionally deleting destination-only ids.
import type { EsferryDialect, Transport } from '../cluster/types.js';
import { diffIds, newDiffStats, type DiffStats } from '../state/id-diff.js';
import { formatTable } from './table.js';

type Obj = Record<string, unknown>;

export interface IdsVerification {
  sourceIndex: string;
  destIndex: string;
  stats: DiffStats;
  /** first ids found on one side only (for display) */
  sourceOnly: string[];
  destOnly: string[];
  ok: boolean;
  error?: string;
}

const SHOWN = 20;

export async function verifyIds(
  source: { transport: Transport; dialect: EsferryDialect },
  dest: { transport: Transport; dialect: EsferryDialect },
  pairs: { source: string; dest: string }[],
  opts: { query?: Obj; deleteDestOnly?: boolean; signal?: AbortSignal },
): Promise<IdsVerification[]> {
  const out: IdsVerification[] = [];
  for (const pair of pairs) {
    const stats = newDiffStats();
    const v: IdsVerification = { sourceIndex: pair.source, destIndex: pair.dest, stats, sourceOnly: [], destOnly: [], ok: false };
    try {
      for await (const d of diffIds(source, dest, pair.source, {
        destIndex: pair.dest,
        stats,
        ...(opts.query ? { query: opts.query } : {}),
        ...(opts.deleteDestOnly ? { deleteDestOnly: true } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      })) {
        const list = d.side === 'source' ? v.sourceOnly : v.destOnly;
        if (list.length < SHOWN) list.push(d.id);
      }
      const destOnlyResolved = stats.destOnly === 0 || (opts.deleteDestOnly === true && !stats.deleteRefused && (stats.deleted?.failed ?? 0) === 0);
      if (stats.deleteRefused) v.error = stats.deleteRefused;
      v.ok = stats.sourceOnly === 0 && destOnlyResolved;
    } catch (err) {
      v.error = err instanceof Error ? err.message : String(err);
    }
    out.push(v);
  }
  return out;
}

export function renderIdsVerification(rows: IdsVerification[], deleted: boolean): string {
  const lines = [
    '',
    formatTable(
      ['source', 'dest', 'source ids', 'dest ids', 'source only', 'dest only', ...(deleted ? ['deleted'] : []), 'result'],
      rows.map((r) => [r.sourceIndex, r.destIndex, r.stats.sourceIds, r.stats.destIds, r.stats.sourceOnly, r.stats.destOnly, ...(deleted ? [r.stats.deleted?.deleted ?? 0] : []), r.ok ? 'OK' : 'MISMATCH']),
    ),
  ];
  for (const r of rows) {
    if (r.error) lines.push(`${r.sourceIndex}: ${r.error}`);
    if (r.sourceOnly.length) lines.push(`${r.sourceIndex}: missing on destination: ${r.sourceOnly.join(', ')}${r.stats.sourceOnly > r.sourceOnly.length ? ', ...' : ''}`);
    if (r.destOnly.length) lines.push(`${r.destIndex}: only on destination${deleted && !r.stats.deleteRefused ? ' (deleted)' : ''}: ${r.destOnly.join(', ')}${r.stats.destOnly > r.destOnly.length ? ', ...' : ''}`);
  }
  lines.push(rows.every((r) => r.ok) ? 'verify --ids: OK' : `verify --ids: MISMATCH in ${rows.filter((r) => !r.ok).length} of ${rows.length} indices`);
  return lines.join('\n');
}
