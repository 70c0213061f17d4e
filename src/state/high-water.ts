// Ordering of time-field values as they come out of documents: epoch millis, or date strings.

/** epoch millis of a time value, or undefined when it is not a date/number */
export function toEpochMillis(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (/^-?\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** negative when a < b; dates are compared as instants so "…Z" and "+00:00" spellings agree */
export function compareHighWater(a: string | number, b: string | number): number {
  const ma = toEpochMillis(a);
  const mb = toEpochMillis(b);
  if (ma !== undefined && mb !== undefined) return ma - mb;
  // not dates: plain string order (e.g. sortable ids used as the time field)
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function maxHighWater(
  a: string | number | undefined,
  b: string | number | undefined,
): string | number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareHighWater(b, a) > 0 ? b : a;
}
