// Mapping bodies between type models: a typed `{ <type>: {properties} }` and a typeless `{properties}`.
import { EsferryError } from '../errors.js';

// keys that can only appear at the top of a typeless mapping
const MAPPING_ROOT_KEYS = new Set([
  'properties', 'dynamic', 'dynamic_templates', 'dynamic_date_formats', 'date_detection', 'numeric_detection',
  '_source', '_routing', '_meta', '_all', '_field_names', '_size', 'runtime', 'enabled', '_parent', '_timestamp', '_ttl',
]);

/** Type names of a typed mapping body, or undefined when the body is typeless (or empty). */
export function mappingTypes(mappings: Record<string, unknown>): string[] | undefined {
  const keys = Object.keys(mappings);
  if (keys.length === 0 || keys.some((k) => MAPPING_ROOT_KEYS.has(k))) return undefined;
  return keys.every((k) => isObject(mappings[k])) ? keys : undefined;
}

/** One typeless mapping for a 7.x+ destination; several types cannot be merged safely. */
export function toTypeless(index: string, mappings: Record<string, unknown>): Record<string, unknown> {
  const types = mappingTypes(mappings);
  if (!types) return mappings;
  if (types.length > 1) {
    throw new EsferryError('bad_input', `index "${index}" has ${types.length} mapping types (${types.join(', ')}); the destination allows one`);
  }
  return mappings[types[0]!] as Record<string, unknown>;
}

/** A typed mapping for a 2.x–6.x destination, wrapping a typeless body in `type`. */
export function toTyped(index: string, mappings: Record<string, unknown>, type: string, single: boolean): Record<string, unknown> {
  const types = mappingTypes(mappings);
  if (!types) return Object.keys(mappings).length === 0 ? mappings : { [type]: mappings };
  if (single && types.length > 1) {
    throw new EsferryError('bad_input', `index "${index}" has ${types.length} mapping types (${types.join(', ')}); a 6.x destination allows one`);
  }
  return mappings;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
