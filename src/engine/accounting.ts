// The books of one index: every document read ends up written, skipped, dead-lettered or
// dropped (splits add documents) — or, after a cancel, not written (left for a resume). Checked
// at the end; a mismatch fails the run with the numbers.
export interface Counts {
  read: number;
  added: number;
  written: number;
  skipped: number;
  deadLettered: number;
  dropped: number;
  /** read, then given back unsent by a cancel */
  notWritten?: number;
}

export interface AccountingVerdict {
  ok: boolean;
  /** why the books do not balance, or a note on the source count */
  reason?: string;
  /** read differs from the source count taken at the start */
  totalNote?: string;
}

export function checkAccounting(c: Counts, label: string): AccountingVerdict {
  const inflow = c.read + c.added;
  const outflow = c.written + c.skipped + c.deadLettered + c.dropped + (c.notWritten ?? 0);
  if (inflow === outflow) return { ok: true };
  return {
    ok: false,
    reason:
      `${label}: accounting mismatch: read ${c.read} + added ${c.added} = ${inflow}, but written ${c.written} + skipped ${c.skipped}` +
      ` + dead-lettered ${c.deadLettered} + dropped ${c.dropped}${c.notWritten ? ` + not written ${c.notWritten}` : ''} = ${outflow} (${inflow - outflow} unaccounted)`,
  };
}

/** a note when the documents read differ from the count taken before reading */
export function compareWithTotal(read: number, total: number, label: string): string | undefined {
  if (read === total) return undefined;
  return `${label}: read ${read} documents but the source counted ${total} at the start (documents were ${read > total ? 'added' : 'deleted'} on the source during the copy)`;
}
