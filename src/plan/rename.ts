// --rename 'logs-*=v2-logs-*': destination index names from source names. Several rules may be
// given; the first whose left side matches wins. `*` captures the same text on both sides.
import { indexNameProblem, matchesPattern } from './index-name.js';

export interface RenameRule {
  from: string;
  to: string;
}

export function parseRenameRule(text: string): RenameRule | string {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) return `--rename must look like FROM=TO (e.g. 'logs-*=v2-logs-*'), got "${text}"`;
  const from = text.slice(0, eq).trim();
  const to = text.slice(eq + 1).trim();
  const stars = (s: string) => s.split('*').length - 1;
  if (stars(from) > 1 || stars(to) > 1) return `--rename supports one "*" per side, got "${text}"`;
  if (stars(to) === 1 && stars(from) === 0) return `--rename: "${to}" has a "*" but "${from}" has none`;
  const p = indexNameProblem(to.replace('*', 'x'), false);
  if (p) return `--rename: destination "${to}" ${p}`;
  return { from, to };
}

/**
 * `via` is the list entry that brought the index in: when it is an alias (`--index current
 * --dest-index v2`), a rule naming the alias applies to the indices behind it.
 */
export function renameIndex(name: string, rules: RenameRule[], via?: string): string {
  for (const r of rules) {
    if (via !== undefined && via !== name && !r.from.includes('*') && r.from === via) return r.to;
    if (!matchesPattern(r.from, name)) continue;
    if (!r.from.includes('*')) return r.to.replace('*', name);
    const [pre, post] = r.from.split('*') as [string, string];
    const captured = name.slice(pre.length, name.length - post.length);
    return r.to.replace('*', captured);
  }
  return name;
}
