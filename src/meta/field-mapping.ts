// Field-level mapping conversion between versions: 2.x `string` becomes `text`/`keyword`, and
// parameters the destination no longer accepts are removed. Applied recursively to properties,
// multi-fields (`fields`) and dynamic template mappings.
//
// `string` choice (documented in src/cli/README.md): `index: not_analyzed` → keyword,
// `index: no` → keyword with `index: false`, analyzed → text WITHOUT an added keyword subfield.
// This is what Elasticsearch 5.x itself does with 2.x `string` mappings (see the 5.6 transcript
// 44-get-mapping-string), so queries keep behaving as they did on the source.
import { unsupportedFieldType } from './field-types.js';
import type { VersionFacts } from './versions.js';

export interface ConversionLog {
  notes: string[];
  /** blocking problems (a field type the destination does not have) */
  conflicts?: string[];
}

export type Obj = Record<string, unknown>;

const GEO_POINT_2X = ['lat_lon', 'geohash', 'geohash_precision', 'geohash_prefix', 'validate', 'validate_lat', 'validate_lon', 'normalize', 'normalize_lat', 'normalize_lon'];
const TEXT_ONLY = ['analyzer', 'search_analyzer', 'search_quote_analyzer', 'position_increment_gap', 'term_vector', 'fielddata_frequency_filter', 'index_phrases', 'index_prefixes'];
const KEYWORD_DROPS = [...TEXT_ONLY, 'fielddata'];

/** a JSON object (not null, not an array); shared by the mapping and template converters */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts one field mapping (returns a new object). `path` is used in notes. */
export function convertField(field: Obj, path: string, dest: VersionFacts, log: ConversionLog): Obj {
  let out: Obj = { ...field };
  if (typeof out.type === 'string') {
    const problem = unsupportedFieldType(out.type, dest);
    if (problem) (log.conflicts ?? log.notes).push(`${path}: ${problem}`);
  }
  if (dest.esMajor >= 5 && out.type === 'string') out = convertString(out, path, log);
  if (dest.esMajor >= 5) {
    if ('index' in out && (out.index === 'not_analyzed' || out.index === 'analyzed' || out.index === 'no')) out.index = out.index !== 'no';
    if ('precision_step' in out) drop(out, 'precision_step', path, 'removed in 5.0', log);
    if (out.type === 'geo_point') for (const p of GEO_POINT_2X) if (p in out) drop(out, p, path, 'removed in 5.0', log);
    if (isObj(out.norms)) out.norms = out.norms.enabled !== false;
    if (out.type === 'text' && isObj(out.fielddata)) {
      // 2.x `fielddata: {format: ...}` objects are not accepted; text fielddata is off by default
      delete out.fielddata;
    }
  }
  if (dest.esMajor >= 6 && 'include_in_all' in out) drop(out, 'include_in_all', path, '_all is gone from 6.0', log);
  if (dest.esMajor >= 8 && 'boost' in out) drop(out, 'boost', path, 'index-time boost removed in 8.0', log);
  if (isObj(out.properties)) out.properties = convertProperties(out.properties, path, dest, log);
  if (isObj(out.fields)) {
    const fields: Obj = {};
    for (const [k, v] of Object.entries(out.fields)) fields[k] = isObj(v) ? convertField(v, `${path}.${k}`, dest, log) : v;
    out.fields = fields;
  }
  return out;
}

function convertString(f: Obj, path: string, log: ConversionLog): Obj {
  const out: Obj = { ...f };
  const index = out.index;
  if (index === 'not_analyzed' || index === 'no' || index === false) {
    out.type = 'keyword';
    if (index === 'no' || index === false) out.index = false;
    else delete out.index;
    for (const p of KEYWORD_DROPS) delete out[p];
    log.notes.push(`${path}: string (${index === 'not_analyzed' ? 'not_analyzed' : 'index: no'}) → keyword`);
  } else {
    out.type = 'text';
    delete out.index;
    delete out.doc_values;
    delete out.ignore_above;
    delete out.null_value;
    log.notes.push(`${path}: string (analyzed) → text`);
  }
  return out;
}

function drop(o: Obj, key: string, path: string, why: string, log: ConversionLog): void {
  delete o[key];
  log.notes.push(`${path}: "${key}" dropped (${why})`);
}

export function convertProperties(props: Obj, parent: string, dest: VersionFacts, log: ConversionLog): Obj {
  const out: Obj = {};
  for (const [name, def] of Object.entries(props)) {
    out[name] = isObj(def) ? convertField(def, parent ? `${parent}.${name}` : name, dest, log) : def;
  }
  return out;
}
