// One Dialect implementation driven by DialectTraits: families differ in data, not in code paths.
import type { BulkMetaInput, ClusterFeatures, ClusterInfo, DocVersion, EsferryDialect, EsRequest, ThreadPoolSample } from '../types.js';
import { EsferryError } from '../errors.js';
import type { DialectTraits } from './traits.js';
import { indexPath } from './paths.js';
import { stringifyDoc } from '../../pipeline/doc-json.js';

type Body = Record<string, unknown>;

export class TraitDialect implements EsferryDialect {
  readonly family: string;
  readonly supportsSlicedScroll: boolean;
  readonly supportsSearchAfter: boolean;
  readonly pit: 'none' | 'es' | 'opensearch';
  readonly supportsSlicedPit: boolean;
  readonly typeModel: 'multi' | 'single' | 'typeless' | 'none';
  readonly writePool: 'bulk' | 'write';
  /** mapping type used for documents/mappings that come without one (typed destinations only) */
  readonly defaultType: string | undefined;
  readonly writeGuard: 'seq_no' | 'external_version';
  readonly features: ClusterFeatures;

  constructor(readonly info: ClusterInfo, readonly traits: DialectTraits) {
    this.family = traits.family;
    this.supportsSlicedScroll = traits.slicedScroll;
    this.supportsSearchAfter = traits.searchAfter;
    this.pit = traits.pit;
    this.supportsSlicedPit = traits.slicedPit;
    this.typeModel = traits.typeModel;
    this.writePool = traits.writePool;
    this.defaultType = traits.defaultType;
    this.writeGuard = traits.writeGuard;
    this.features = traits.features;
  }

  // ---- read side -------------------------------------------------------------------------

  /** Plain numbers (≤6.x) and {value, relation} (7.x+, OpenSearch); 0 when the response has none. */
  hitsTotal(hits: { total?: unknown }): number {
    const t = hits?.total;
    if (typeof t === 'number') return t;
    if (t && typeof t === 'object' && typeof (t as { value?: unknown }).value === 'number') return (t as { value: number }).value;
    return 0;
  }

  scrollStart(index: string, body: Body, keepAlive: string): EsRequest {
    if (!this.features.scroll) this.unsupported('scroll');
    if (!this.traits.slicedScroll && 'slice' in body) this.unsupported('sliced scroll');
    // 7.x+ would cap hits.total at 10,000 without it; accurate totals let callers check counts
    const b = this.traits.hitsTotalObject && !('track_total_hits' in body) ? { ...body, track_total_hits: true } : body;
    return { method: 'POST', path: `/${indexPath(index)}/_search`, query: { scroll: keepAlive }, body: b };
  }

  /** JSON body {scroll, scroll_id}: accepted by every version (2.4/11, 5.6/11, 6.2/15). */
  scrollContinue(scrollId: string, keepAlive: string): EsRequest {
    if (!this.features.scroll) this.unsupported('scroll');
    return { method: 'POST', path: '/_search/scroll', body: { scroll: keepAlive, scroll_id: scrollId } };
  }

  /** Array form: 2.x refuses a string (2.4/21). 404 means already gone. */
  scrollClear(scrollIds: string[]): EsRequest & { okStatuses: number[] } {
    return { method: 'DELETE', path: '/_search/scroll', body: { scroll_id: scrollIds }, okStatuses: [404] };
  }

  /** A search_after page: under a PIT the index is not in the path and the PIT travels in the body. */
  /**
   * One search_after page. `shards` limits a search without a PIT to those shard ids
   * (`preference=_shards:…`, every version); a PIT refuses a preference, it slices instead.
   */
  searchAfterPage(index: string, body: Body, opts: { pitId?: string; keepAlive?: string; searchAfter?: unknown[]; shards?: number[] } = {}): EsRequest {
    if (!this.traits.searchAfter) this.unsupported('search_after');
    const b: Body = { ...body };
    if (opts.searchAfter) b.search_after = opts.searchAfter;
    if (this.traits.hitsTotalObject && !('track_total_hits' in b)) b.track_total_hits = false;
    if (opts.pitId) {
      if (this.pit === 'none') this.unsupported('point in time');
      if (!this.traits.slicedPit && 'slice' in b) this.unsupported('sliced point in time');
      b.pit = { id: opts.pitId, keep_alive: opts.keepAlive ?? '1m' };
      return { method: 'POST', path: '/_search', body: b };
    }
    const req: EsRequest = { method: 'POST', path: `/${indexPath(index)}/_search`, body: b };
    if (opts.shards) req.query = { preference: `_shards:${opts.shards.join(',')}` };
    return req;
  }

  openPit(index: string, keepAlive: string): EsRequest {
    if (this.pit === 'es') return { method: 'POST', path: `/${indexPath(index)}/_pit`, query: { keep_alive: keepAlive } };
    if (this.pit === 'opensearch') {
      return { method: 'POST', path: `/${indexPath(index)}/_search/point_in_time`, query: { keep_alive: keepAlive } };
    }
    return this.unsupported('point in time');
  }

  /** ES answers {id}, OpenSearch {pit_id}. */
  pitId(body: unknown): string {
    const b = (body ?? {}) as { id?: unknown; pit_id?: unknown };
    const id = this.pit === 'opensearch' ? b.pit_id : b.id;
    if (typeof id !== 'string' || !id) throw new EsferryError('request', `point in time open answered without an id (${this.family})`);
    return id;
  }

  closePit(pitId: string): EsRequest & { okStatuses: number[] } {
    if (this.pit === 'es') return { method: 'DELETE', path: '/_pit', body: { id: pitId }, okStatuses: [404] };
    if (this.pit === 'opensearch') {
      return { method: 'DELETE', path: '/_search/point_in_time', body: { pit_id: [pitId] }, okStatuses: [404] };
    }
    return this.unsupported('point in time');
  }

  /** 2.x/5.x `_uid` ("type#id"), 6.x/7.x/OpenSearch `_id`, PIT `_shard_doc` (ES ≥7.12). */
  uniqueSort(withPit: boolean): unknown[] {
    const field = withPit && this.pit !== 'none' ? this.traits.pitSortField : this.traits.uniqueSortField;
    if (!field) {
      throw new EsferryError('bad_input', `${this.label()} cannot sort on _id; search_after needs a point in time here`);
    }
    return [{ [field]: 'asc' }];
  }

  // ---- write side ------------------------------------------------------------------------

  private lastIndex = '';
  private lastIndexJson = '""';

  /** the JSON of an index name, cached: a copy writes one index for millions of lines */
  private indexJson(index: string): string {
    if (index !== this.lastIndex) {
      this.lastIndex = index;
      this.lastIndexJson = JSON.stringify(index);
    }
    return this.lastIndexJson;
  }

  /** a source's `_doc` is not a valid type name before 6.2; such docs go to the default type */
  private bulkTypeOf(meta: BulkMetaInput): string | undefined {
    const t = this.traits;
    const usable = meta.type && !(meta.type.startsWith('_') && !t.defaultType?.startsWith('_'));
    return usable ? meta.type : t.defaultType;
  }

  bulkActionLine(action: 'index' | 'create', meta: BulkMetaInput): string {
    const t = this.traits;
    // the per-document common case (no routing, parent or version): one template string, no
    // object to build and stringify; same bytes as the general path below
    if (meta.routing === undefined && meta.parent === undefined && meta.version === undefined) {
      const type = t.bulkType ? this.bulkTypeOf(meta) : undefined;
      return `{"${action}":{"_index":${this.indexJson(meta.index)}${type !== undefined ? `,"_type":${JSON.stringify(type)}` : ''},"_id":${JSON.stringify(meta.id)}}}`;
    }
    const u = t.bulkMetaUnderscore ? '_' : '';
    const m: Record<string, unknown> = { _index: meta.index };
    if (t.bulkType) m._type = this.bulkTypeOf(meta);
    m._id = meta.id;
    // without parent/child metadata the parent id is the routing value (join fields route by parent)
    const routing = meta.routing ?? (t.bulkParent ? undefined : meta.parent);
    if (routing !== undefined) m[`${u}routing`] = routing;
    if (t.bulkParent && meta.parent !== undefined) m[`${u}parent`] = meta.parent;
    if (meta.version !== undefined) {
      m[`${u}version`] = meta.version;
      // internal versioning cannot be set from outside: a copied version is always external
      m[`${u}version_type`] = meta.versionType ?? 'external';
    }
    return typeof meta.version === 'bigint' ? stringifyDoc({ [action]: m }) : JSON.stringify({ [action]: m });
  }

  guardSearchKeys(): Record<string, boolean> {
    return this.writeGuard === 'seq_no' ? { version: true, seq_no_primary_term: true } : { version: true };
  }

  /**
   * if_seq_no/if_primary_term where the cluster has them; elsewhere the external version `seen + 1`,
   * refused (409) once anyone wrote the document after it was read — external because 7.0+ refuses
   * internal versions for this, and 2.x–6.x accept an external version above an internal one.
   */
  guardedIndexLine(meta: Pick<BulkMetaInput, 'index' | 'type' | 'id'>, seen: DocVersion): string {
    if (this.writeGuard === 'seq_no') {
      if (seen.seqNo === undefined || seen.primaryTerm === undefined) {
        throw new EsferryError('request', `${this.label()}: a guarded write needs the _seq_no and _primary_term read with the document`);
      }
      const line = JSON.parse(this.bulkActionLine('index', meta)) as { index: Record<string, unknown> };
      line.index.if_seq_no = seen.seqNo;
      line.index.if_primary_term = seen.primaryTerm;
      return JSON.stringify(line);
    }
    return this.bulkActionLine('index', { ...meta, version: seen.version + 1, versionType: 'external' });
  }

  threadPoolRequest(): EsRequest {
    if (!this.features.nodeApis) this.unsupported('reading the write thread pool');
    if (this.traits.catThreadPoolPerNodeRow) {
      const p = this.writePool;
      const cols = ['host', `${p}.active`, `${p}.queue`, `${p}.rejected`, `${p}.size`, `${p}.queueSize`];
      return { method: 'GET', path: '/_cat/thread_pool', query: { format: 'json', h: cols.join(',') } };
    }
    return {
      method: 'GET',
      path: `/_cat/thread_pool/${this.writePool}`,
      query: { format: 'json', h: 'node_name,name,active,queue,rejected,size,queue_size' },
    };
  }

  /** Sums the write pool over nodes; accepts the _cat rows of either layout and _nodes/stats. */
  parseThreadPool(body: unknown): ThreadPoolSample {
    const sample: ThreadPoolSample = { pool: this.writePool, rejected: 0, queue: 0, active: 0, threads: 0 };
    let queueSize = 0;
    let bounded = false;
    const add = (active: unknown, queue: unknown, rejected: unknown, size: unknown, qSize: unknown) => {
      sample.active += num(active);
      sample.queue += num(queue);
      sample.rejected += num(rejected);
      sample.threads += num(size);
      const q = num(qSize, -1);
      if (q >= 0) {
        queueSize += q;
        bounded = true;
      }
    };
    if (Array.isArray(body)) {
      const p = this.writePool;
      for (const row of body as Record<string, unknown>[]) {
        if (this.traits.catThreadPoolPerNodeRow) {
          add(row[`${p}.active`], row[`${p}.queue`], row[`${p}.rejected`], row[`${p}.size`], row[`${p}.queueSize`]);
        } else if (row.name === undefined || row.name === p) {
          add(row.active, row.queue, row.rejected, row.size, row.queue_size);
        }
      }
    } else if (body && typeof body === 'object' && 'nodes' in body) {
      for (const node of Object.values((body as { nodes: Record<string, unknown> }).nodes ?? {})) {
        const pool = (node as { thread_pool?: Record<string, Record<string, unknown>> }).thread_pool?.[this.writePool];
        if (pool) add(pool.active, pool.queue, pool.rejected, pool.threads, undefined);
      }
    } else {
      throw new EsferryError('request', `unexpected thread pool response from ${this.label()}`);
    }
    if (bounded) sample.queueSize = queueSize;
    return sample;
  }

  // ---- admin -----------------------------------------------------------------------------

  mappingRequest(index: string): EsRequest {
    return { method: 'GET', path: `/${indexPath(index)}/_mapping` };
  }

  settingsRequest(index: string): EsRequest {
    return { method: 'GET', path: `/${indexPath(index)}/_settings` };
  }

  updateSettingsRequest(index: string, settings: Body): EsRequest {
    if (!this.features.tuning) this.unsupported('changing index settings');
    return { method: 'PUT', path: `/${indexPath(index)}/_settings`, body: { index: settings } };
  }

  countRequest(index: string, query?: Body): EsRequest {
    return query
      ? { method: 'POST', path: `/${indexPath(index)}/_count`, body: { query } }
      : { method: 'GET', path: `/${indexPath(index)}/_count` };
  }

  refreshRequest(index: string): EsRequest {
    if (!this.features.refresh) this.unsupported('_refresh');
    return { method: 'POST', path: `/${indexPath(index)}/_refresh` };
  }

  existsRequest(index: string): EsRequest & { okStatuses: number[] } {
    return { method: 'HEAD', path: `/${indexPath(index)}`, okStatuses: [404] };
  }

  label(): string {
    if (this.traits.serviceLabel) return this.traits.serviceLabel;
    return `${this.info.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${this.info.number}`;
  }

  private unsupported(what: string): never {
    throw new EsferryError('bad_input', `${what} is not supported by ${this.label()}`);
  }
}

function num(v: unknown, fallback = 0): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : fallback;
  }
  return fallback;
}
