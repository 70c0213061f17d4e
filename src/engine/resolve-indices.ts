// Source indices of a copy (name, comma list, wildcards, aliases) and their destination names.
import type { Cluster } from '../cluster/types.js';
import { EsferryError } from '../cluster/errors.js';
import type { CopyOptions } from './types.js';
import type { IndexJob } from './copy-index.js';

type SettingsBody = Record<string, { settings?: { index?: { number_of_shards?: string | number } } }>;

function patternRegex(pattern: string): RegExp {
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(.*)')}$`);
}

/** `logs-*` → `v2-logs-*`: each `*` of the destination takes what a `*` of the source matched */
export function destinationName(sourceIndex: string, sourcePattern: string, dest: CopyOptions['destIndex']): string {
  if (dest === undefined) return sourceIndex;
  if (typeof dest === 'function') return dest(sourceIndex);
  if (!dest.includes('*')) return dest;
  const patterns = sourcePattern.split(',').map((p) => p.trim()).filter((p) => p && !p.startsWith('-'));
  for (const p of patterns) {
    const m = patternRegex(p).exec(sourceIndex);
    if (!m) continue;
    const captures = m.slice(1);
    if (captures.length === 0) return dest.replace(/\*/g, sourceIndex);
    let k = 0;
    return dest.replace(/\*/g, () => captures[Math.min(k++, captures.length - 1)] ?? '');
  }
  return dest.replace(/\*/g, sourceIndex);
}

export async function resolveIndices(source: Cluster, options: CopyOptions): Promise<IndexJob[]> {
  const pattern = options.sourceIndex.trim();
  if (!pattern) throw new EsferryError('bad_input', 'no source index given');
  const path = `/${pattern.split(',').map((p) => encodeURIComponent(p.trim()).replace(/%2A/g, '*')).join(',')}/_settings`;
  let body: SettingsBody;
  try {
    // wildcards skip closed indices (they cannot be searched); explicit names still resolve
    body = (await source.transport.request<SettingsBody>({ method: 'GET', path, query: { expand_wildcards: 'open' } })).body;
  } catch (err) {
    if (err instanceof EsferryError && (err.kind === 'index_missing' || err.status === 404)) {
      throw new EsferryError('bad_input', `source index "${pattern}" does not exist on ${source.dialect.label()}`, { cause: err });
    }
    throw err;
  }
  // wildcards do not pick up system indices unless the pattern itself starts with a dot
  const explicitDot = pattern.split(',').some((p) => p.trim().startsWith('.'));
  const names = Object.keys(body)
    .filter((n) => explicitDot || !n.startsWith('.'))
    .sort();
  if (names.length === 0) throw new EsferryError('bad_input', `no source index matches "${pattern}" on ${source.dialect.label()}`);
  return names.map((name) => ({
    sourceIndex: name,
    destIndex: destinationName(name, pattern, options.destIndex),
    // a serverless collection manages its shards: whatever it reports, reads are not split by shard
    shards: source.dialect.features.shardLayout ? Number(body[name]?.settings?.index?.number_of_shards ?? 1) || 1 : 1,
  }));
}
