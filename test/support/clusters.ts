// Source/destination clusters for integration tests: real clusters when ESFERRY_TEST_SOURCE /
// ESFERRY_TEST_DEST name them (credentials allowed in the URL, never printed), otherwise two
// embedded test clusters. Both modes are prepared and inspected the same way, over plain HTTP
// (_bulk, _count, DELETE), so a test that passes here means the same against real clusters.
// Every index a test makes comes from `indexName()` (esferry-it-<pid>-<n>-…), so other data on a
// real cluster is never touched, and release() deletes each of them on both sides.
import { redactUrl } from '../../src/cluster/redact.js';
import { resolveAuth } from '../../src/cluster/transport/auth.js';
import { parseNodeUrl } from '../../src/cluster/transport/node-url.js';

export interface ItDoc {
  _id: string;
  _routing?: string;
  /** written with version_type=external when set */
  _version?: number;
  _source: Record<string, unknown>;
}

export interface SeedOptions {
  shards?: number;
  /** field → mapping (`{ type: 'date' }`), wrapped in a type for clusters that need one */
  properties?: Record<string, unknown>;
}

export interface StoredHit {
  _id: string;
  _routing?: string;
  _source: Record<string, unknown>;
}

export interface ClusterSide {
  /** URL as given (may carry credentials): pass to connect()/the CLI, print only `shownUrl` */
  url: string;
  shownUrl: string;
  /** distribution-number as the cluster reports it, e.g. "elasticsearch-5.6.16" */
  version: string;
  /** mapping type to write with on clusters that still have types (< 7.0), else undefined */
  docType: string | undefined;
  /** creates the index (when missing) and bulk-loads docs; refreshes after */
  seed(index: string, docs: ItDoc[], opts?: SeedOptions): Promise<void>;
  count(index: string): Promise<number>;
  /** every doc of the index (scroll), sorted by _id */
  docs(index: string): Promise<StoredHit[]>;
  /** one doc by id (with routing when given); undefined when not found */
  get(index: string, id: string, routing?: string): Promise<StoredHit | undefined>;
  deleteDoc(index: string, id: string, routing?: string): Promise<void>;
  remove(index: string): Promise<void>;
  /** low-level JSON request for anything else a test needs */
  request<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export interface AcquiredClusters {
  source: ClusterSide;
  dest: ClusterSide;
  real: boolean;
  /** a fresh index name unique to this process: esferry-it-<pid>-<n>[-label] */
  indexName(label?: string): string;
  /** deletes every index named by indexName() on both sides, then stops embedded clusters */
  release(): Promise<void>;
}

export const realSourceUrl = process.env.ESFERRY_TEST_SOURCE || undefined;
export const realDestUrl = process.env.ESFERRY_TEST_DEST || undefined;
export const realMode = !!(realSourceUrl && realDestUrl);

/** Version pairs run against the embedded clusters; in real mode only the given pair runs. */
export const EMBEDDED_PAIRS: { sourceVersion: string; destVersion: string }[] = [
  { sourceVersion: '2.4', destVersion: '5.6' },
  { sourceVersion: '5.6', destVersion: '6.2' },
  { sourceVersion: '6.2', destVersion: '8.15' },
  { sourceVersion: '7.17', destVersion: 'opensearch-2.11' },
  { sourceVersion: 'opensearch-1.3', destVersion: '8.15' },
  { sourceVersion: '8.15', destVersion: 'opensearch-3.1' },
];

/** The pairs a test should loop over, labelled for subtest names. */
export function clusterPairs(): { label: string; sourceVersion: string; destVersion: string }[] {
  if (realMode) return [{ label: `real clusters ${redactUrl(realSourceUrl!)} → ${redactUrl(realDestUrl!)}`, sourceVersion: 'real', destVersion: 'real' }];
  if (process.env.ESFERRY_TEST_SOURCE || process.env.ESFERRY_TEST_DEST) {
    throw new Error('set both ESFERRY_TEST_SOURCE and ESFERRY_TEST_DEST (or neither)');
  }
  return EMBEDDED_PAIRS.map((p) => ({ label: `${p.sourceVersion} → ${p.destVersion}`, ...p }));
}

let counter = 0;

/** Credentials the embedded clusters require, so the credential path (URL userinfo, redaction) is always exercised. */
export const EMBEDDED_AUTH = { username: 'esferry-it', password: 'it-Pa55-w0rd' };

export async function acquireClusters(opts: { sourceVersion: string; destVersion: string; auth?: boolean }): Promise<AcquiredClusters> {
  const created = new Set<string>();
  const indexName = (label?: string) => `esferry-it-${process.pid}-${++counter}${label ? `-${label}` : ''}`;
  const closers: (() => Promise<void>)[] = [];
  let sourceUrl: string;
  let destUrl: string;
  if (realMode) {
    sourceUrl = realSourceUrl!;
    destUrl = realDestUrl!;
  } else {
    const { startTestCluster } = await import('../../fixtures/cluster/index.js');
    const auth = opts.auth === false ? undefined : EMBEDDED_AUTH;
    const withAuth = (url: string) => (auth ? url.replace('://', `://${auth.username}:${encodeURIComponent(auth.password)}@`) : url);
    const s = await startTestCluster({ version: opts.sourceVersion, auth });
    closers.push(() => s.close());
    try {
      const d = await startTestCluster({ version: opts.destVersion, auth });
      closers.push(() => d.close());
      destUrl = withAuth(d.url);
    } catch (err) {
      await s.close();
      throw err;
    }
    sourceUrl = withAuth(s.url);
  }
  const source = await side(sourceUrl, created);
  const dest = await side(destUrl, created);
  return {
    source,
    dest,
    real: realMode,
    indexName,
    async release() {
      const failures: string[] = [];
      for (const s of [source, dest]) {
        for (const index of created) {
          await s.remove(index).catch((err: Error) => failures.push(`${s.shownUrl}/${index}: ${err.message}`));
        }
      }
      for (const close of closers.reverse()) await close();
      if (failures.length) throw new Error(`could not delete test indices: ${failures.join('; ')}`);
    },
  };
}

/** Splits `http://user:pass@host:9200` into a credential-free base URL and the header esferry itself would send. */
function endpoint(url: string): { base: string; headers: Record<string, string> } {
  const node = parseNodeUrl(url);
  const { header } = resolveAuth(undefined, node.username, node.password);
  return { base: `${node.origin}${node.basePath}`, headers: header ? { authorization: header } : {} };
}

async function side(url: string, created: Set<string>): Promise<ClusterSide> {
  const { base, headers } = endpoint(url);
  const shownUrl = redactUrl(url);

  async function request<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const ndjson = typeof body === 'string';
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' }) },
        body: body === undefined ? undefined : ndjson ? body : JSON.stringify(body),
      });
    } catch (err) {
      throw new Error(`${method} ${shownUrl}${path}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* plain text answer (cat APIs, HEAD) */
    }
    return { status: res.status, body: parsed as T };
  }

  const root = await request<{ version: { number: string; distribution?: string } }>('GET', '/');
  if (root.status !== 200) throw new Error(`GET ${shownUrl}/ answered ${root.status}`);
  const distribution = root.body.version.distribution ?? 'elasticsearch';
  const major = Number(root.body.version.number.split('.')[0]);
  const docType = distribution === 'elasticsearch' && major < 7 ? 'doc' : undefined;
  const docPath = (index: string, id: string) => `/${index}/${docType ?? '_doc'}/${encodeURIComponent(id)}`;
  const mustOk = (what: string, r: { status: number; body: unknown }, ok: number[] = [200, 201]) => {
    if (!ok.includes(r.status)) throw new Error(`${what} on ${shownUrl}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  };

  return {
    url,
    shownUrl,
    version: `${distribution}-${root.body.version.number}`,
    docType,
    request,
    async seed(index, docs, opts = {}) {
      assertOwned(index);
      created.add(index);
      const exists = await request('HEAD', `/${index}`);
      if (exists.status === 404) {
        const properties = opts.properties ?? {};
        const mappings = docType ? { [docType]: { properties } } : { properties };
        const r = await request('PUT', `/${index}`, { settings: { number_of_shards: opts.shards ?? 3, number_of_replicas: 0 }, mappings });
        mustOk(`create ${index}`, r);
      }
      // plain metadata keys (routing, version, version_type) are understood by every version 2.x–8.x
      for (let at = 0; at < docs.length; at += 500) {
        const lines: string[] = [];
        for (const d of docs.slice(at, at + 500)) {
          const meta: Record<string, unknown> = { _index: index, _id: d._id };
          if (docType) meta._type = docType;
          if (d._routing !== undefined) meta.routing = d._routing;
          if (d._version !== undefined) Object.assign(meta, { version: d._version, version_type: 'external' });
          lines.push(JSON.stringify({ index: meta }), JSON.stringify(d._source));
        }
        const r = await request<{ errors: boolean; items: Record<string, { status: number; error?: unknown }>[] }>('POST', '/_bulk', lines.join('\n') + '\n');
        mustOk(`bulk into ${index}`, r, [200]);
        const failed = r.body.items.map((it) => Object.values(it)[0]!).filter((it) => it.status >= 300);
        if (failed.length) throw new Error(`bulk into ${index} on ${shownUrl}: ${failed.length} items failed, first ${JSON.stringify(failed[0])}`);
      }
      mustOk(`refresh ${index}`, await request('POST', `/${index}/_refresh`));
    },
    async count(index) {
      mustOk(`refresh ${index}`, await request('POST', `/${index}/_refresh`));
      const r = await request<{ count: number }>('GET', `/${index}/_count`);
      mustOk(`count ${index}`, r, [200]);
      return r.body.count;
    },
    async docs(index) {
      mustOk(`refresh ${index}`, await request('POST', `/${index}/_refresh`));
      type Page = { _scroll_id?: string; hits: { hits: { _id: string; _routing?: string; fields?: { _routing?: string }; _source: Record<string, unknown> }[] } };
      let page = await request<Page>('POST', `/${index}/_search?scroll=1m`, { size: 500, sort: ['_doc'] });
      mustOk(`scroll ${index}`, page, [200]);
      const out: StoredHit[] = [];
      const scrollIds = new Set<string>();
      while (page.body.hits.hits.length > 0) {
        for (const h of page.body.hits.hits) {
          const routing = h._routing ?? h.fields?._routing;
          out.push({ _id: h._id, ...(routing !== undefined ? { _routing: routing } : {}), _source: h._source });
        }
        scrollIds.add(page.body._scroll_id!);
        page = await request<Page>('POST', '/_search/scroll', { scroll: '1m', scroll_id: page.body._scroll_id });
        mustOk(`scroll ${index}`, page, [200]);
      }
      if (page.body._scroll_id) scrollIds.add(page.body._scroll_id);
      await request('DELETE', '/_search/scroll', { scroll_id: [...scrollIds] });
      return out.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    },
    async get(index, id, routing) {
      const r = await request<{ found: boolean; _id: string; _routing?: string; _source: Record<string, unknown> }>(
        'GET', `${docPath(index, id)}${routing !== undefined ? `?routing=${encodeURIComponent(routing)}` : ''}`,
      );
      if (r.status === 404) return undefined;
      mustOk(`get ${index}/${id}`, r, [200]);
      return { _id: r.body._id, ...(r.body._routing !== undefined ? { _routing: r.body._routing } : {}), _source: r.body._source };
    },
    async deleteDoc(index, id, routing) {
      // through _bulk: the embedded test cluster has no single-document DELETE endpoint
      const meta: Record<string, unknown> = { _index: index, _id: id };
      if (docType) meta._type = docType;
      if (routing !== undefined) meta.routing = routing;
      const r = await request<{ items: Record<string, { status: number; result?: string; found?: boolean }>[] }>(
        'POST', '/_bulk?refresh=true', `${JSON.stringify({ delete: meta })}\n`,
      );
      mustOk(`delete ${index}/${id}`, r, [200]);
      const item = Object.values(r.body.items[0]!)[0]!;
      if (item.status !== 200) throw new Error(`delete ${index}/${id} on ${shownUrl}: ${JSON.stringify(item)}`);
    },
    async remove(index) {
      assertOwned(index);
      const r = await request('DELETE', `/${index}`);
      mustOk(`delete index ${index}`, r, [200, 404]);
    },
  };
}

/** Guard: this helper only ever creates or deletes indices it named itself. */
function assertOwned(index: string): void {
  if (!index.startsWith(`esferry-it-${process.pid}-`) || /[*,]/.test(index)) {
    throw new Error(`refusing to touch "${index}": integration tests only use names from indexName()`);
  }
}
