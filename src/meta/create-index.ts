// Creating and deleting destination indices. The body comes from the plan (converted settings and
// mappings): typed `mappings: {type: ...}` only for ≤ 6.x destinations, where typed is the default
// (include_type_name defaults to true on 6.7/6.8), typeless for 7.x+/OpenSearch, where typeless is
// the default — so no include_type_name parameter is sent to any version.
import type { Transport } from '../cluster/types.js';
import { indexPath } from './admin.js';

export async function createIndex(t: Transport, name: string, body: Record<string, unknown>): Promise<void> {
  await t.request({ method: 'PUT', path: indexPath(name), body });
}

export async function deleteIndex(t: Transport, name: string): Promise<void> {
  await t.request({ method: 'DELETE', path: indexPath(name), okStatuses: [404] });
}
