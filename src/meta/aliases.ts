// Aliases of the copied indices, added on the destination after the data (so readers switching to
// the alias never see a half-filled index).
import type { Transport } from '../cluster/types.js';
import { getIndexAliases } from './admin.js';

export interface AliasResult {
  alias: string;
  sourceIndex: string;
  destIndex: string;
  ok: boolean;
  error?: string;
}

export async function copyAliases(source: Transport, dest: Transport, pairs: { source: string; dest: string }[]): Promise<AliasResult[]> {
  const results: AliasResult[] = [];
  for (const pair of pairs) {
    const aliases = await getIndexAliases(source, pair.source);
    for (const [alias, def] of Object.entries(aliases)) {
      const add: Record<string, unknown> = { index: pair.dest, alias };
      for (const k of ['filter', 'routing', 'index_routing', 'search_routing', 'is_write_index', 'is_hidden']) if (def[k] !== undefined) add[k] = def[k];
      try {
        await dest.request({ method: 'POST', path: '/_aliases', body: { actions: [{ add }] } });
        results.push({ alias, sourceIndex: pair.source, destIndex: pair.dest, ok: true });
      } catch (err) {
        results.push({ alias, sourceIndex: pair.source, destIndex: pair.dest, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return results;
}
