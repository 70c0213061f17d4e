// The query that counts and verification use: the same filter the readers send (the user's query
// and the time window combined), so a count never disagrees with what was read.
import { buildQuery, type ReadFilter } from '../read/search-body.js';

/** Range query for --time-field/--since/--until, combined with --query (used for counts and verify). */
export function effectiveQuery(o: Pick<ReadFilter, 'query' | 'timeField' | 'since' | 'until'>): Record<string, unknown> | undefined {
  return buildQuery(o);
}
