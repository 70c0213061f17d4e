// Plain-text tables for terminals and logs: columns padded to the widest cell, numbers right-aligned.

export type Cell = string | number | undefined | null;

export function formatTable(header: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => (c === undefined || c === null ? '-' : typeof c === 'number' ? formatNumber(c) : c)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === undefined || r[i] === null));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/**
 * 1234567.89 → "1,234,567.9": what toLocaleString('en-US', { maximumFractionDigits: 1 }) prints (the
 * shortest decimal of n, rounded half away from zero), without ICU's number formatting, whose first
 * use costs ~0.02 CPU-s — a tenth of the CLI's start.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = plainDecimal(Math.abs(n));
  const tenths = (BigInt(int + (frac[0] ?? '0')) + ((frac[1] ?? '0') >= '5' ? 1n : 0n)).toString().padStart(2, '0');
  const whole = tenths.slice(0, -1).replace(/\B(?=(\d{3})+$)/g, ',');
  const decimal = tenths.slice(-1);
  return `${n < 0 || Object.is(n, -0) ? '-' : ''}${whole}${decimal === '0' ? '' : `.${decimal}`}`;
}

/** the digits before and after the point of String(x) for x ≥ 0, exponent forms ("1e+21", "2.5e-7") spelled out */
function plainDecimal(x: number): [string, string] {
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) {
    const [i, f = ''] = s.split('.');
    return [i!, f];
  }
  const [mi, mf = ''] = s.slice(0, e).split('.');
  const digits = mi! + mf;
  const point = mi!.length + Number(s.slice(e + 1));
  if (point <= 0) return ['0', '0'.repeat(-point) + digits];
  if (point >= digits.length) return [digits + '0'.repeat(point - digits.length), ''];
  return [digits.slice(0, point), digits.slice(point)];
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
