// The coordination index: a few documents written only with optimistic concurrency. `create`
// succeeds for one writer only; `replace` succeeds only if nobody wrote the document since it was
// read (the dialect picks if_seq_no/if_primary_term or an external version per cluster version).
import { EsferryError } from '../cluster/errors.js';
import type { DocVersion, EsferryDialect, Transport } from '../cluster/types.js';
import { indexPath } from '../meta/admin.js';
import type { CoordRecord } from './types.js';

/** mapping type on destinations that still have types (2.x–6.x) */
const COORD_TYPE = 'esferry_coord';
const MAX_DOCS = 10_000;

export interface Stored<T extends CoordRecord = CoordRecord> {
  id: string;
  doc: T;
  seen: DocVersion;
}

interface Hit {
  _id: string;
  _version?: number;
  _seq_no?: number;
  _primary_term?: number;
  _source?: CoordRecord;
}

type BulkItem = Hit & { status: number; error?: unknown };

export class CoordIndex {
  readonly location: string;
  private ensured = false;
  private readonly typed: boolean;

  constructor(
    readonly transport: Transport,
    readonly dialect: EsferryDialect,
    readonly name: string,
  ) {
    // leases are read back at once (_refresh, refresh=true): a serverless collection has neither
    if (!dialect.features.refresh) {
      throw new EsferryError('bad_input', `--coordinate keeps its leases in an index it must refresh; ${dialect.label()} has no _refresh: give --coordinator the URL of a cluster that has (any Elasticsearch or OpenSearch)`);
    }
    this.location = `coordination index ${name} on ${transport.redactedNodes[0] ?? 'the destination'}`;
    this.typed = dialect.typeModel === 'multi' || dialect.typeModel === 'single';
  }

  async all(): Promise<Stored[]> {
    await this.transport.request({ method: 'POST', path: `/${indexPath(this.name)}/_refresh`, okStatuses: [404] });
    const res = await this.transport.request<{ hits?: { total?: unknown; hits?: Hit[] } }>({
      method: 'POST',
      path: `/${indexPath(this.name)}/_search`,
      body: { size: MAX_DOCS, query: { match_all: {} }, ...this.dialect.guardSearchKeys() },
      okStatuses: [404],
    });
    if (res.status === 404) return [];
    if (this.dialect.hitsTotal(res.body.hits ?? {}) > MAX_DOCS) throw new EsferryError('bad_input', `${this.location} holds more than ${MAX_DOCS} documents`);
    return (res.body.hits?.hits ?? []).filter((h) => h._source).map((h) => ({ id: h._id, doc: h._source!, seen: versionOf(h) }));
  }

  async get(id: string): Promise<Stored | undefined> {
    return (await this.all()).find((s) => s.id === id);
  }

  /** the first writer of `id` wins; undefined for everyone else */
  async create<T extends CoordRecord>(id: string, doc: T): Promise<Stored<T> | undefined> {
    await this.ensure();
    const line = this.dialect.bulkActionLine('create', this.meta(id));
    return this.write(id, line, doc);
  }

  /** succeeds only if the document is still as `prev` saw it; undefined when someone wrote it since */
  async replace<T extends CoordRecord>(prev: Stored, doc: T): Promise<Stored<T> | undefined> {
    const line = this.dialect.guardedIndexLine(this.meta(prev.id), prev.seen);
    return this.write(prev.id, line, doc);
  }

  async ensure(): Promise<void> {
    if (this.ensured) return;
    const legacy = this.dialect.info.major <= 2 && this.dialect.info.distribution === 'elasticsearch';
    const kw = legacy ? { type: 'string', index: 'not_analyzed' } : { type: 'keyword' };
    // positions hold values of any type: kept in _source, never mapped
    const mapping = { dynamic: false, properties: { kind: kw, status: kw, owner: kw } };
    const res = await this.transport.request<{ error?: { type?: string } }>({
      method: 'PUT',
      path: `/${indexPath(this.name)}`,
      body: { settings: { number_of_shards: 1 }, mappings: this.typed ? { [COORD_TYPE]: mapping } : mapping },
      okStatuses: [400],
    });
    const type = res.body?.error?.type ?? '';
    if (res.status === 400 && !/already_exists/.test(type)) {
      throw new EsferryError('request', `cannot create ${this.location}: ${JSON.stringify(res.body)}`, { status: 400, esType: type });
    }
    this.ensured = true;
  }

  private meta(id: string): { index: string; id: string; type?: string } {
    return { index: this.name, id, ...(this.typed ? { type: COORD_TYPE } : {}) };
  }

  private async write<T extends CoordRecord>(id: string, action: string, doc: T): Promise<Stored<T> | undefined> {
    const res = await this.transport.request<{ items?: Array<Record<string, BulkItem>> }>({
      method: 'POST',
      path: '/_bulk',
      query: { refresh: 'true' },
      body: `${action}\n${JSON.stringify(doc)}\n`,
      contentType: 'application/x-ndjson',
    });
    const first = res.body.items?.[0];
    const item = first ? Object.values(first)[0] : undefined;
    if (!item) throw new EsferryError('server', `${this.location}: bulk answered without an item`);
    if (item.status === 409) return undefined;
    if (item.status >= 300) throw new EsferryError('request', `cannot write ${id} to ${this.location}: ${JSON.stringify(item.error)}`, { status: item.status });
    return { id, doc, seen: versionOf(item) };
  }
}

function versionOf(h: Hit): DocVersion {
  const v: DocVersion = { version: h._version ?? 0 };
  if (typeof h._seq_no === 'number' && typeof h._primary_term === 'number') {
    v.seqNo = h._seq_no;
    v.primaryTerm = h._primary_term;
  }
  return v;
}
