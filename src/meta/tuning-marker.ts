// The original settings of a tuned destination index, saved on the index itself before tuning,
// so a run that dies (kill -9, a second Ctrl-C, a lost host) never leaves them unknown: any later
// run — resumed or not, from any host — finds them and restores them, and `status` shows the index
// as left tuned. Unknown index settings are refused by Elasticsearch ≥ 5, so the record lives in
// the mapping's `_meta`, which every version 2.x–8.x and OpenSearch accepts and keeps. A mapping
// update replaces `_meta` whole: the user's own keys are read first and written back unchanged.
import type { Dialect, Transport } from '../cluster/types.js';
import { getIndexMappings, indexPath } from './admin.js';
import type { TunedValues } from './tuning.js';

export const MARKER_KEY = 'esferry_tuning';

export interface TuningMarker {
  original: TunedValues;
  applied: TunedValues;
  /** when the tuning was applied (ISO time) */
  since: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** type name → its mapping; typeless destinations answer one mapping under the pseudo type "" */
function typeMappings(mappings: Obj, typeModel: Dialect['typeModel']): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (typeModel === 'typeless' || typeModel === 'none') out.set('', mappings);
  else for (const [t, m] of Object.entries(mappings)) if (isObj(m) && t !== '_default_') out.set(t, m);
  return out;
}

function markerOf(meta: unknown): TuningMarker | undefined {
  const m = isObj(meta) ? meta[MARKER_KEY] : undefined;
  return isObj(m) && isObj(m.original) ? (m as unknown as TuningMarker) : undefined;
}

export class TuningMarkerStore {
  constructor(
    private readonly transport: Transport,
    private readonly typeModel: Dialect['typeModel'],
  ) {}

  async read(index: string): Promise<TuningMarker | undefined> {
    for (const m of typeMappings(await getIndexMappings(this.transport, index), this.typeModel).values()) {
      const found = markerOf(m._meta);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Saves (or, with undefined, removes) the marker. Returns false when the index has no mapping
   * type to hold it (a typed destination before its first type exists): the caller must not tune.
   */
  async write(index: string, marker: TuningMarker | undefined, timeoutMs?: number): Promise<boolean> {
    const types = typeMappings(await getIndexMappings(this.transport, index, timeoutMs), this.typeModel);
    let wrote = false;
    for (const [type, mapping] of types) {
      const meta: Obj = isObj(mapping._meta) ? { ...mapping._meta } : {};
      if (marker) meta[MARKER_KEY] = marker;
      else if (!(MARKER_KEY in meta)) continue;
      else delete meta[MARKER_KEY];
      const path = type === '' ? indexPath(index, '/_mapping') : indexPath(index, `/_mapping/${encodeURIComponent(type)}`);
      await this.transport.request({ method: 'PUT', path, body: { _meta: meta }, ...(timeoutMs ? { timeoutMs } : {}) });
      wrote = true;
      // one type holds the marker; removal goes on to clear every type that has one
      if (marker) break;
    }
    return wrote || !marker;
  }
}
