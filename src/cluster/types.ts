// Contracts of the cluster layer: how the rest of esferry talks to a cluster and asks about
// its version quirks. Everything version-specific lives behind `Dialect`.
import type { ClusterIdentity } from './identity.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface EsRequest {
  method: HttpMethod;
  /** path with leading slash, already URL-encoded where needed, e.g. "/logs-1/_search" */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** object → JSON; string/Buffer sent as is (NDJSON bulk bodies) */
  body?: unknown;
  /** defaults: application/json for objects, application/x-ndjson for _bulk strings */
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface EsResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  /** size of the response body on the wire after decompression, in bytes */
  bytes: number;
}

export interface StreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** raw (decompressed) body chunks; must be fully consumed or cancelled */
  body: AsyncIterable<Uint8Array>;
}

export interface Transport {
  /** buffered request; JSON bodies are parsed, others returned as string. Throws EsferryError on non-2xx unless `okStatuses` lists it. */
  request<T = unknown>(req: EsRequest & { okStatuses?: number[] }): Promise<EsResponse<T>>;
  /** raw bytes of the response body (hot path: no JSON.parse) */
  requestRaw(req: EsRequest & { okStatuses?: number[] }): Promise<EsResponse<Buffer>>;
  /** streaming response body (big search pages) */
  stream(req: EsRequest): Promise<StreamResponse>;
  /** node URLs with credentials removed, for logs and reports */
  readonly redactedNodes: string[];
  close(): Promise<void>;
}

export type Distribution = 'elasticsearch' | 'opensearch';

export interface ClusterInfo {
  distribution: Distribution;
  /** "6.2.0" */
  number: string;
  major: number;
  minor: number;
  patch: number;
  clusterName: string;
  /** cluster_uuid from GET / (2.4+, OpenSearch); absent before the cluster state recovered */
  clusterUuid?: string;
}

/** How a document's metadata is written in a bulk action line of this destination. */
export interface BulkMetaInput {
  index: string;
  type?: string;
  id: string;
  routing?: string;
  parent?: string;
  /** a BigInt for a version beyond 2^53 (from --version-field), written digit for digit */
  version?: number | bigint;
  versionType?: 'external' | 'external_gte';
}

export interface ThreadPoolSample {
  /** pool name read ('bulk' or 'write') */
  pool: string;
  /** summed over nodes */
  rejected: number;
  queue: number;
  active: number;
  threads: number;
  queueSize?: number;
}

/**
 * The APIs a deployment offers beyond search, count and bulk. Every self-managed or provisioned
 * cluster has them all; Amazon OpenSearch Serverless has none of them (./README.md, serverless).
 */
export interface ClusterFeatures {
  /** GET / (product, version, cluster_uuid) */
  rootInfo: boolean;
  /** `_cat/thread_pool`, `_nodes/stats`, `_nodes/http`: write-pool counters and node discovery */
  nodeApis: boolean;
  /** scroll searches (`?scroll=`, `_search/scroll`) */
  scroll: boolean;
  /** POST `<index>/_refresh`; without it documents become searchable on the service's own schedule */
  refresh: boolean;
  /** `refresh_interval` and `number_of_replicas` can be set (load tuning) */
  tuning: boolean;
  /** `<index>/_stats` (deleted docs, store size) */
  indexStats: boolean;
  /** the index's shard count and routing are its own (documents can be grouped by destination shard) */
  shardLayout: boolean;
  /** legacy `_template` (composable `_index_template` only where false) */
  legacyTemplates: boolean;
  /** index settings a new index may be created with; undefined: any */
  creatableSetting?: (flatKey: string) => boolean;
}

export interface Dialect {
  readonly info: ClusterInfo;
  /** 'es2' | 'es5' | 'es6' | 'es7' | 'es8' | 'os1' | 'os2' | 'os3' | 'aoss' */
  readonly family: string;
  /** which APIs beyond search/count/bulk the deployment has (all but a serverless one) */
  readonly features: ClusterFeatures;

  // read side
  readonly supportsSlicedScroll: boolean;
  readonly supportsSearchAfter: boolean;
  readonly pit: 'none' | 'es' | 'opensearch';
  /** a PIT search may carry `slice` (ES >= 7.15, OpenSearch >= 2.4) */
  readonly supportsSlicedPit: boolean;
  /** hits.total as a number whatever the version's shape */
  hitsTotal(hits: { total?: unknown }): number;
  scrollStart(index: string, body: Record<string, unknown>, keepAlive: string): EsRequest;
  scrollContinue(scrollId: string, keepAlive: string): EsRequest;
  scrollClear(scrollIds: string[]): EsRequest & { okStatuses: number[] };
  openPit(index: string, keepAlive: string): EsRequest;
  /** extract the PIT id from the open response */
  pitId(body: unknown): string;
  closePit(pitId: string): EsRequest & { okStatuses: number[] };
  /** sort that is unique per document for search_after (without PIT): e.g. [{_id:'asc'}] or [{_uid:'asc'}] */
  uniqueSort(withPit: boolean): unknown[];

  // write side
  /** does this destination store mapping types: 'multi' | 'single' | 'typeless' (_doc) | 'none' */
  readonly typeModel: 'multi' | 'single' | 'typeless' | 'none';
  /** JSON of a bulk action line for this destination ({"index":{...}}), without trailing newline */
  bulkActionLine(action: 'index' | 'create', meta: BulkMetaInput): string;
  /** write thread pool name: 'bulk' before 6.3, 'write' after */
  readonly writePool: 'bulk' | 'write';
  threadPoolRequest(): EsRequest;
  parseThreadPool(body: unknown): ThreadPoolSample;
  /** how writes are made conditional on the version read: 'seq_no' (ES >= 6.7, OpenSearch) or 'external_version' */
  readonly writeGuard: 'seq_no' | 'external_version';
  /** search body keys that make hits carry what `guardedIndexLine` needs (`version`, and `seq_no_primary_term` where it exists) */
  guardSearchKeys(): Record<string, boolean>;
  /** bulk `index` action line that succeeds only if the document is still at `seen` (409 otherwise) */
  guardedIndexLine(meta: Pick<BulkMetaInput, 'index' | 'type' | 'id'>, seen: DocVersion): string;
}

/** What a reader saw of a document, so a later write can be refused if anyone wrote it since. */
export interface DocVersion {
  version: number;
  seqNo?: number;
  primaryTerm?: number;
}

/** Requests beyond the read/write core that the workflow (index setup, verification) needs. */
export interface EsferryDialect extends Dialect {
  /** mapping type for typed destinations (2.x/5.x "doc", 6.x "_doc"); undefined for 7.x+ */
  readonly defaultType: string | undefined;
  /** one search_after page; with `pitId` the PIT goes in the body and the index leaves the path */
  searchAfterPage(index: string, body: Record<string, unknown>, opts?: { pitId?: string; keepAlive?: string; searchAfter?: unknown[]; shards?: number[] }): EsRequest;
  mappingRequest(index: string): EsRequest;
  settingsRequest(index: string): EsRequest;
  /** PUT /<index>/_settings with {index: settings} */
  updateSettingsRequest(index: string, settings: Record<string, unknown>): EsRequest;
  countRequest(index: string, query?: Record<string, unknown>): EsRequest;
  refreshRequest(index: string): EsRequest;
  /** HEAD /<index>: 200 exists, 404 missing */
  existsRequest(index: string): EsRequest & { okStatuses: number[] };
  /** "Elasticsearch 6.2.0" */
  label(): string;
}

/** A connected cluster: what connect() returns. */
export interface Cluster {
  transport: Transport;
  dialect: EsferryDialect;
  info: ClusterInfo;
  /** which cluster this is (cluster_uuid, or node ids): never decided by URL text */
  identity?: ClusterIdentity;
  close(): Promise<void>;
}
