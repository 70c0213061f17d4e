// Creating a destination index from converted settings and mappings.
import type { Transport } from '../cluster/types.js';
import { indexPath } from './admin.js';
import type { MappingConversion } from './mappings.js';
import type { VersionFacts } from './versions.js';

type Obj = Record<string, unknown>;

export function createIndexBody(settingsIndex: Obj, mappings: MappingConversion): Obj {
  const body: Obj = { settings: { index: settingsIndex } };
  if (Object.keys(mappings.mappings).length > 0) body.mappings = mappings.mappings;
  return body;
}

/**
 * PUT /<name>. Typed destinations (≤ 6.x) get `mappings: {type: ...}`, which 6.7/6.8 accept by
 * default (include_type_name defaults to true there); typeless ones (7.x, 8.x, OpenSearch) get the
 * mapping directly, the 7.x default (include_type_name=false), so no parameter is sent either way.
 */
export async function createIndex(t: Transport, _dest: VersionFacts, name: string, body: Obj): Promise<void> {
  await t.request({ method: 'PUT', path: indexPath(name), body });
}

export async function deleteIndex(t: Transport, name: string): Promise<void> {
  await t.request({ method: 'DELETE', path: indexPath(name), okStatuses: [404] });
}
