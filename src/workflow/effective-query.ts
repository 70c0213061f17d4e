// The query that counts and verification use: the user's query and the time window combined.
/** Range query for --time-field/--since/--until, combined with --query (used for counts and verify). */
export function effectiveQuery(o: { query?: Record<string, unknown>; timeField?: string; since?: string | number; until?: string | number }): Record<string, unknown> | undefined {
  const filters: Record<string, unknown>[] = [];
  if (o.query) filters.push(o.query);
  if (o.timeField && (o.since !== undefined || o.until !== undefined)) {
    const range: Record<string, unknown> = {};
    if (o.since !== undefined) range.gte = o.since;
    if (o.until !== undefined) range.lt = o.until;
    filters.push({ range: { [o.timeField]: range } });
  }
  if (filters.length === 0) return undefined;
  if (filters.length === 1) return filters[0];
  return { bool: { filter: filters } };
}
