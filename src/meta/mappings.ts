// Mappings for a destination index, from the source's GET _mapping (typed or typeless), converted
// to what the destination version accepts: mapping types kept, merged or removed; root metadata
// fields of old versions (_all, _timestamp, _ttl, _parent, _field_names) handled; fields converted.
import { convertField, convertProperties, isObj, type ConversionLog, type Obj } from './field-mapping.js';
import type { VersionFacts } from './versions.js';

export type TypeHandling = 'auto' | 'keep' | 'drop' | { mergeIntoField: string; type?: string };

export interface MappingConversion {
  /**
   * Body for `mappings` on index creation: keyed by type when the destination has types in its API
   * (2.x–6.x), typeless otherwise.
   */
  mappings: Obj;
  /** the single destination type name for typed destinations (6.x), when one was chosen */
  destType?: string;
  notes: string[];
  /** blocking problems: the copy of this index should not start */
  conflicts: string[];
  /** set when _parent relations became this join field (documents need parentJoinTransform) */
  joinField?: string;
}

export interface MappingOptions {
  /** turn 2.x/5.x `_parent` relations into a join field of this name (6.0+ destinations) */
  parentJoinField?: string;
}

/** Keys that only appear at the root of a typeless mapping. */
const ROOT_KEYS = ['properties', 'dynamic', '_source', '_routing', '_meta', 'dynamic_templates', 'date_detection', 'numeric_detection',
  '_all', '_field_names', 'runtime', 'enabled', '_size', 'dynamic_date_formats', '_data_stream_timestamp', 'subobjects'];

/** Normalises `GET /<index>/_mapping` → `{index: {mappings: X}}` X to a type → mapping map ('_doc' when typeless). */
export function mappingsByType(mappings: Obj | undefined): Record<string, Obj> {
  if (!mappings || Object.keys(mappings).length === 0) return {};
  if (Object.keys(mappings).some((k) => ROOT_KEYS.includes(k))) return { _doc: mappings };
  const out: Record<string, Obj> = {};
  for (const [type, m] of Object.entries(mappings)) if (m && typeof m === 'object') out[type] = m as Obj;
  return out;
}

function productName(v: VersionFacts): string {
  return v.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
}

/** Root-level conversion of one type mapping. */
export function convertTypeMapping(
  type: string,
  m: Obj,
  dest: VersionFacts,
  log: ConversionLog & { conflicts: string[] },
  relations?: Record<string, string[]>,
): Obj {
  const out: Obj = { ...m };
  const where = type === '_doc' ? 'mapping' : `type ${type}`;
  // field notes name their type when there is one ("type answer: t: string → keyword")
  const fieldLog: ConversionLog & { conflicts: string[] } = { notes: [], conflicts: [] };
  if ('_all' in out && dest.esMajor >= 6) {
    const a = out._all;
    delete out._all;
    if (!(isObj(a) && a.enabled === false)) log.notes.push(`${where}: _all dropped (gone from 6.0; use copy_to to a field if queries need it)`);
  }
  for (const meta of ['_timestamp', '_ttl', '_index', '_type', '_uid', '_id', '_boost', '_analyzer']) {
    if (meta in out && dest.esMajor >= 5) {
      delete out[meta];
      log.notes.push(`${where}: ${meta} dropped (removed in 5.0)`);
    }
  }
  if ('_field_names' in out && dest.esMajor >= 8) {
    delete out._field_names;
    log.notes.push(`${where}: _field_names settings dropped (removed in 8.0)`);
  }
  if ('_parent' in out && dest.esMajor >= 6) {
    const parent = isObj(out._parent) ? String(out._parent.type) : '?';
    delete out._parent;
    if (relations) {
      (relations[parent] ??= []).push(type);
      log.notes.push(`${where}: _parent (→ ${parent}) becomes a join relation ${parent} → ${type}`);
    } else
    // Not blocking: documents keep their routing (the parent id), so the data arrives intact, but the
    // relation itself needs a join field that only the user can fill (a --transform).
    log.notes.push(
        `WARNING ${where}: _parent (→ ${parent}) does not exist on ${productName(dest)} ${dest.major}.x; children keep their routing, the relation needs a join field filled by a --transform`,
    );
  }
  if (isObj(out.properties)) out.properties = convertProperties(out.properties, '', dest, fieldLog);
  if (Array.isArray(out.dynamic_templates)) {
    out.dynamic_templates = out.dynamic_templates.map((t) => {
      if (!isObj(t)) return t;
      const [[name, body]] = Object.entries(t) as [[string, unknown]];
      if (!isObj(body) || !isObj(body.mapping)) return t;
      return { [name]: { ...body, mapping: convertField(body.mapping, `dynamic_templates.${name}`, dest, fieldLog) } };
    });
  }
  const prefix = (n: string) => (type === '_doc' ? n : `${where}: ${n}`);
  log.notes.push(...fieldLog.notes.map(prefix));
  log.conflicts.push(...fieldLog.conflicts.map(prefix));
  return out;
}

/** Merges the properties of several types; a field defined differently in two types is a conflict. */
function mergeTypes(types: Record<string, Obj>, log: { conflicts: string[] }): Obj {
  const merged: Obj = {};
  const props: Obj = {};
  for (const [type, m] of Object.entries(types)) {
    for (const [k, v] of Object.entries(m)) {
      if (k === 'properties') continue;
      if (!(k in merged)) merged[k] = v;
    }
    for (const [field, def] of Object.entries(isObj(m.properties) ? m.properties : {})) {
      if (field in props && JSON.stringify(props[field]) !== JSON.stringify(def)) {
        log.conflicts.push(`field "${field}" is mapped differently in type ${type} than in another type; merging types needs one mapping per field`);
      } else props[field] = def;
    }
  }
  merged.properties = props;
  return merged;
}

export function convertMappings(
  sourceMappings: Obj | undefined,
  dest: VersionFacts,
  typeHandling: TypeHandling = 'auto',
  opts: MappingOptions = {},
): MappingConversion {
  const log = { notes: [] as string[], conflicts: [] as string[] };
  const byType = mappingsByType(sourceMappings);
  const converted: Record<string, Obj> = {};
  const relations: Record<string, string[]> | undefined = opts.parentJoinField && dest.esMajor >= 6 ? {} : undefined;
  for (const [type, m] of Object.entries(byType)) converted[type] = convertTypeMapping(type, m, dest, log, relations);
  const joinField = relations && Object.keys(relations).length > 0 ? opts.parentJoinField : undefined;
  const typeNames = Object.keys(converted);
  const merge = typeof typeHandling === 'object' ? typeHandling : undefined;

  if (dest.typeModel === 'multi') {
    if (merge || typeHandling === 'drop') return single(merge?.type ?? dest.defaultType ?? 'doc');
    // a typeless source gets the destination's type name (2.x/5.x refuse names starting with "_")
    const typed: Record<string, Obj> = {};
    for (const [type, m] of Object.entries(converted)) typed[type === '_doc' ? dest.defaultType ?? 'doc' : type] = m;
    return { mappings: typed, notes: log.notes, conflicts: log.conflicts };
  }
  // one type at most from here on
  function single(destTypeName: string | undefined): MappingConversion {
    let body: Obj;
    if (typeNames.length <= 1) body = typeNames.length ? converted[typeNames[0]!]! : {};
    else {
      if (!merge && typeHandling !== 'drop') {
        log.conflicts.push(
          `source has ${typeNames.length} mapping types (${typeNames.join(', ')}) but ${productName(dest)} ${dest.major}.x allows one per index: use --types merge:FIELD (keeps the type name in FIELD) or --types drop`,
        );
      }
      body = mergeTypes(converted, log);
      log.notes.push(`types ${typeNames.join(', ')} merged into one mapping`);
    }
    if (joinField) {
      const props = isObj(body.properties) ? { ...body.properties } : {};
      if (joinField in props) log.conflicts.push(`--parent-join ${joinField}: the source already has a field "${joinField}"`);
      const rel: Record<string, string | string[]> = {};
      for (const [parent, children] of Object.entries(relations!)) rel[parent] = children.length === 1 ? children[0]! : children;
      props[joinField] = { type: 'join', relations: rel };
      body = { ...body, properties: props };
    }
    if (merge) {
      const props = isObj(body.properties) ? { ...body.properties } : {};
      if (merge.mergeIntoField in props) log.conflicts.push(`--types merge:${merge.mergeIntoField}: the source already has a field "${merge.mergeIntoField}"`);
      props[merge.mergeIntoField] = { type: dest.esMajor >= 5 ? 'keyword' : 'string', ...(dest.esMajor >= 5 ? {} : { index: 'not_analyzed' }) };
      body = { ...body, properties: props };
      log.notes.push(`type name kept in keyword field "${merge.mergeIntoField}"`);
    }
    const extra = joinField ? { joinField } : {};
    if (destTypeName === undefined) return { mappings: body, notes: log.notes, conflicts: log.conflicts, ...extra };
    return { mappings: { [destTypeName]: body }, destType: destTypeName, notes: log.notes, conflicts: log.conflicts, ...extra };
  }
  if (dest.typeModel === 'single') {
    // a single named source type keeps its name (the writers keep it too); otherwise the destination's default type
    const only = typeNames.length === 1 && typeNames[0] !== '_doc' && !merge && typeHandling !== 'drop' ? typeNames[0]! : merge?.type ?? dest.defaultType ?? '_doc';
    return single(only);
  }
  if (typeNames.length === 1 && typeNames[0] !== '_doc') log.notes.push(`type ${typeNames[0]} removed (typeless destination)`);
  return single(undefined);
}
