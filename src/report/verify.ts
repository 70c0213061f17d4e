// `esferry verify`: per-index document counts on both sides (after a refresh of the destination, or
// once the copied documents became searchable on one without `_refresh`)
// and, with --sample N, N documents picked at random on the source compared by _id with the
// destination, `_source` deep-equal (key order ignored). The copy's own changes are expected:
// the merged-type field and the templated destination id. Sampled bodies are read losslessly, so
// longs beyond 2^53 are compared exactly.
import type { ClusterFeatures, Transport } from '../cluster/types.js';
import { countDocs, indexExists, indexPath } from '../meta/admin.js';
import { makeSearchable, visibleCount } from '../meta/visible-count.js';
import { parseDoc } from '../pipeline/doc-json.js';
import { compileIdTemplate, type IdTemplate } from '../pipeline/id-template.js';
import type { TypeHandling } from '../meta/mappings.js';
import { parentJoinTransform } from '../meta/parent-join.js';
import type { Doc } from '../engine/types.js';
import { formatTable } from './table.js';

type Obj = Record<string, unknown>;

export interface IndexVerification {
  sourceIndex: string;
  destIndex: string;
  sourceCount: number;
  destCount: number | null;
  countOk: boolean;
  sampled: number;
  missing: string[];
  different: string[];
  ok: boolean;
  error?: string;
}

export interface VerifyResult {
  ok: boolean;
  indices: IndexVerification[];
  sample: number;
  /** counts restricted to this query (time window), when given */
  query?: Obj;
}

export interface VerifyPair {
  source: string;
  dest: string;
  /** changes of this index only (on top of the options' changes) */
  changes?: CopyChanges;
}

/** Deterministic PRNG so a run can be repeated with the same --seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function deepEqualJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqualJson(x, bb[i]));
  }
  const ka = Object.keys(a as Obj);
  const kb = Object.keys(b as Obj);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqualJson((a as Obj)[k], (b as Obj)[k]));
}

interface Hit {
  _id: string;
  _type?: string;
  _parent?: string;
  fields?: { _parent?: string };
  _source?: Obj;
}

/** What the copy changed on purpose, so verify expects it instead of flagging every document. */
export interface CopyChanges {
  /** --types merge:FIELD: the source type name was added under this field */
  mergeField?: string;
  /** --id-template: the destination _id of a source document */
  destId?: IdTemplate;
  /** --parent-join FIELD: the join value filled from the old type and parent */
  joinField?: string;
}

/** the changes of a copy made with these type handling and id template options */
export function copyChanges(typeHandling: TypeHandling | undefined, idTemplate: string | undefined, joinField?: string): CopyChanges {
  return {
    ...(joinField !== undefined ? { joinField } : {}),
    ...(typeHandling && typeof typeHandling === 'object' ? { mergeField: typeHandling.mergeIntoField } : {}),
    ...(idTemplate !== undefined ? { destId: compileIdTemplate(idTemplate) } : {}),
  };
}

async function search(t: Transport, index: string, body: Obj): Promise<Hit[]> {
  const res = await t.requestRaw({ method: 'POST', path: indexPath(index, '/_search'), body });
  const parsed = parseDoc(res.body.toString('utf8')) as { hits?: { hits?: Hit[] } };
  return parsed?.hits?.hits ?? [];
}

/** the destination id and body a source hit should have become */
function expected(h: Hit, sourceIndex: string, changes: CopyChanges): { id: string; source: Obj | undefined } {
  const id = changes.destId ? changes.destId({ id: h._id, type: h._type, index: sourceIndex }) : h._id;
  let source = h._source;
  if (changes.joinField && source) {
    // the same fill the copy applied (src/meta/parent-join.ts), on a copy of the sampled body
    const parent = h._parent ?? h.fields?._parent;
    const doc = { _index: sourceIndex, _id: h._id, _source: { ...source }, ...(h._type !== undefined ? { _type: h._type } : {}), ...(parent !== undefined ? { _parent: parent } : {}) };
    source = (parentJoinTransform(changes.joinField)(doc) as Doc)._source;
  }
  if (changes.mergeField && source) source = { ...source, [changes.mergeField]: h._type ?? null };
  return { id, source };
}

async function sampleIds(t: Transport, index: string, count: number, n: number, query: Obj | undefined, rnd: () => number): Promise<Hit[]> {
  if (n <= 0 || count === 0) return [];
  // random offsets inside the first 10,000 hits (max_result_window) in _doc order
  const window = Math.min(count, 10_000);
  const offsets = new Set<number>();
  while (offsets.size < Math.min(n, window)) offsets.add(Math.floor(rnd() * window));
  const hits: Hit[] = [];
  const sorted = [...offsets].sort((a, b) => a - b);
  // group nearby offsets into pages to keep requests few
  let i = 0;
  while (i < sorted.length) {
    const from = sorted[i]!;
    const size = Math.min(window - from, 500);
    const page = await search(t, index, { query: query ?? { match_all: {} }, sort: ['_doc'], from, size });
    while (i < sorted.length && sorted[i]! < from + size) {
      const h = page[sorted[i]! - from];
      if (h) hits.push(h);
      i++;
    }
  }
  return hits;
}

export async function verifyIndices(
  source: Transport,
  dest: Transport,
  pairs: VerifyPair[],
  opts: { sample?: number; query?: Obj; seed?: number; changes?: CopyChanges; destFeatures: Pick<ClusterFeatures, 'refresh'> },
): Promise<VerifyResult> {
  // a destination without _refresh (serverless) is counted until what was copied has become searchable
  const { destFeatures } = opts;
  const changes = opts.changes ?? {};
  const rnd = mulberry32(opts.seed ?? Date.now());
  const out: IndexVerification[] = [];
  for (const pair of pairs) {
    const v: IndexVerification = { sourceIndex: pair.source, destIndex: pair.dest, sourceCount: 0, destCount: null, countOk: false, sampled: 0, missing: [], different: [], ok: false };
    try {
      v.sourceCount = await countDocs(source, pair.source, opts.query);
      if (!(await indexExists(dest, pair.dest))) {
        v.error = `destination index ${pair.dest} does not exist`;
        out.push(v);
        continue;
      }
      await makeSearchable(dest, destFeatures, pair.dest);
      v.destCount = await visibleCount(dest, destFeatures, pair.dest, v.sourceCount, opts.query ? { query: opts.query } : {});
      v.countOk = v.destCount === v.sourceCount;
      const samples = await sampleIds(source, pair.source, v.sourceCount, opts.sample ?? 0, opts.query, rnd);
      v.sampled = samples.length;
      for (let i = 0; i < samples.length; i += 200) {
        const chunk = samples.slice(i, i + 200);
        const pairChanges = pair.changes ? { ...changes, ...pair.changes } : changes;
        const want = chunk.map((h) => ({ sourceId: h._id, ...expected(h, pair.source, pairChanges) }));
        const found = await search(dest, pair.dest, { query: { ids: { values: want.map((w) => w.id) } }, size: chunk.length * 2 });
        const byId = new Map(found.map((h) => [h._id, h]));
        for (const w of want) {
          const d = byId.get(w.id);
          if (!d) v.missing.push(w.sourceId);
          else if (!deepEqualJson(w.source, d._source)) v.different.push(w.sourceId);
        }
      }
      v.ok = v.countOk && v.missing.length === 0 && v.different.length === 0;
    } catch (err) {
      v.error = err instanceof Error ? err.message : String(err);
    }
    out.push(v);
  }
  return { ok: out.every((v) => v.ok), indices: out, sample: opts.sample ?? 0, query: opts.query };
}

export function renderVerification(r: VerifyResult): string {
  const rows = r.indices.map((v) => [
    v.sourceIndex,
    v.destIndex,
    v.sourceCount,
    v.destCount,
    v.destCount === null ? undefined : v.destCount - v.sourceCount,
    r.sample > 0 ? `${v.sampled - v.missing.length - v.different.length}/${v.sampled}` : '-',
    v.ok ? 'OK' : 'MISMATCH',
  ]);
  const lines = ['', formatTable(['source', 'dest', 'source docs', 'dest docs', 'diff', 'sample ok', 'result'], rows)];
  for (const v of r.indices) {
    if (v.error) lines.push(`${v.sourceIndex}: ${v.error}`);
    if (v.missing.length) lines.push(`${v.sourceIndex}: missing on destination: ${v.missing.slice(0, 10).join(', ')}${v.missing.length > 10 ? ', ...' : ''}`);
    if (v.different.length) lines.push(`${v.sourceIndex}: _source differs: ${v.different.slice(0, 10).join(', ')}${v.different.length > 10 ? ', ...' : ''}`);
  }
  lines.push(r.ok ? 'verify: OK' : `verify: MISMATCH in ${r.indices.filter((v) => !v.ok).length} of ${r.indices.length} indices`);
  return lines.join('\n');
}
