// Does a field exist in an index's mapping? Used to refuse a --time-field that names nothing
// (a range query on an unmapped field matches no document: the copy would "succeed" with 0 docs).
import { mappingsByType } from './mappings.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function inProperties(props: unknown, parts: string[]): boolean {
  if (!isObj(props) || parts.length === 0) return false;
  // "a.b.c" may be an object path, a field literally named with dots, or a multi-field (a.keyword)
  for (let n = parts.length; n >= 1; n--) {
    const def = props[parts.slice(0, n).join('.')];
    if (!isObj(def)) continue;
    const rest = parts.slice(n);
    if (rest.length === 0) return true;
    if (inProperties(def.properties, rest) || inProperties(def.fields, rest)) return true;
  }
  return false;
}

/** `mappings` as returned for one index by GET /<index>/_mapping (typed or typeless). */
export function hasMappedField(mappings: Obj | undefined, field: string): boolean {
  const parts = field.split('.');
  return Object.values(mappingsByType(mappings)).some((m) => inProperties(m.properties, parts) || inProperties(m.runtime, parts));
}

/** why `field` cannot filter `index`, or undefined when it is mapped */
export function timeFieldProblem(mappings: Obj | undefined, field: string, index: string): string | undefined {
  if (hasMappedField(mappings, field)) return undefined;
  return `--time-field "${field}" is not a field of ${index} (not in its mapping): a range on it would match no document; check the field name`;
}
