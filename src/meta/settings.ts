// Index settings for a destination index, from the source's GET _settings. Settings that describe
// the old index itself (uuid, creation date, version stamps, resize history), the old cluster's
// node layout (routing.allocation.*), write blocks and settings the destination no longer accepts
// are removed; each removal of a user-visible setting is reported. A serverless destination takes
// only analysis and k-NN settings (shards, replicas, refresh and the rest are the service's).
import type { VersionFacts } from './versions.js';

export interface SettingsConversion {
  /** nested `index` settings object ready for PUT /<index> {settings: {index: ...}} */
  index: Record<string, unknown>;
  notes: string[];
}

/** Always-internal keys: silently dropped. */
const INTERNAL = [
  'uuid', 'creation_date', 'creation_date_string', 'version', 'provided_name', 'resize', 'shrink', 'history',
  'verified_before_close', 'frozen', 'search.throttled', 'routing.allocation.initial_recovery', 'store.snapshot',
  'source_only',
];

export function flattenSettings(obj: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenSettings(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}

/** Accepts `{index: {...}}`, `{...}` under index, or flat `index.x` keys; returns flat keys without "index.". */
export function flatIndexSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const flat = flattenSettings(settings);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) out[k.startsWith('index.') ? k.slice(6) : k] = v;
  return out;
}

function startsWithAny(key: string, prefixes: string[]): string | undefined {
  return prefixes.find((p) => key === p || key.startsWith(`${p}.`));
}

export function convertSettings(sourceSettings: Record<string, unknown>, dest: VersionFacts): SettingsConversion {
  const flat = flatIndexSettings(sourceSettings);
  const index: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(flat)) {
    if (startsWithAny(key, INTERNAL)) continue;
    let why: string | undefined;
    if (dest.creatableSetting && !dest.creatableSetting(key)) why = 'the serverless destination manages it';
    else if (key.startsWith('routing.allocation.')) why = 'node allocation rules of the source cluster';
    else if (key.startsWith('blocks.')) why = 'write/read blocks of the source';
    else if (key.startsWith('lifecycle.')) why = 'ILM policy may not exist on the destination';
    else if (key.startsWith('plugins.') || key.startsWith('opendistro.')) {
      if (dest.distribution !== 'opensearch') why = 'OpenSearch plugin setting';
    } else if (key === 'mapping.single_type' || key === 'mapper.dynamic') {
      if (dest.esMajor >= 6) why = 'removed in 6.0/7.0';
    } else if (key === 'soft_deletes.enabled' && String(value) === 'false') {
      if (dest.esMajor >= 8) why = 'soft deletes are mandatory from 8.0';
    } else if (key === 'max_adjacency_matrix_filters' || key === 'percolator.map_unmapped_fields_as_string') {
      if (dest.esMajor >= 8) why = 'removed in 8.0';
    } else if (key.startsWith('analysis.') && dest.esMajor >= 7 && isRenamedTokenFilter(key, value)) {
      index[key] = renameTokenFilter(String(value));
      notes.push(`setting index.${key}: "${String(value)}" → "${index[key] as string}"`);
      continue;
    }
    if (why) {
      notes.push(`setting index.${key} dropped (${why})`);
      continue;
    }
    index[key] = value;
  }
  return { index: nest(index), notes };
}

// nGram/edgeNGram tokenizer and filter names were removed in 7.x/8.x in favour of ngram/edge_ngram.
function isRenamedTokenFilter(key: string, value: unknown): boolean {
  return /\.type$/.test(key) && (value === 'nGram' || value === 'edgeNGram');
}
function renameTokenFilter(v: string): string {
  return v === 'nGram' ? 'ngram' : 'edge_ngram';
}

/**
 * flat dotted keys → nested objects (the shape every version accepts on index creation). A key that
 * is both a value and a prefix of another (`a.b` and `a.b.c`) cannot nest; the longer one then keeps
 * its dotted remainder, which Elasticsearch reads the same way.
 */
export function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let cur = out;
    let i = 0;
    for (; i < parts.length - 1; i++) {
      const next = cur[parts[i]!];
      if (next === undefined) cur[parts[i]!] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) break;
      cur = cur[parts[i]!] as Record<string, unknown>;
    }
    cur[parts.slice(i).join('.')] = value;
  }
  return out;
}
