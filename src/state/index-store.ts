// `--state-index NAME`: run state kept as documents in an index on the destination cluster, one document per
// source index, so a run started on one host can be resumed from any other host. Writes go through `_bulk`
// (the one write API every version shares) with optimistic concurrency: `if_seq_no`/`if_primary_term` where the
// cluster has them (ES >= 6.7, OpenSearch) and they were returned, else a version check: every document carries
// `rev` = its `_version` (internal writes add 1, our external writes set rev+1), and a write with external
// version rev+1 succeeds only if nobody wrote since we read rev. External rather than internal `version` because
// 7.0+ refuses internal versions for concurrency control. A write that loses the race is an error naming the
// other run, never a silent overwrite.
import { createHash } from 'node:crypto';
import { EsferryError } from '../cluster/errors.js';
import type { Dialect, Transport } from '../cluster/types.js';
import { emptyIndexState } from './index-state.js';
import { defaultOwner, type LockOptions, type StateLock, StateStoreBase } from './store.js';
import { STATE_FORMAT_VERSION, type IndexState, type RunState } from './types.js';

/** mapping type used on versions that need one (2.x–6.x) */
const STATE_TYPE = 'esferry_state';
const LOCK_ID = '__esferry_lock__';
const MAX_INDICES = 10_000;

/** what this store last saw of a state document: its rev, and its seq_no/primary term when the cluster gave them */
interface Token {
  rev: number;
  seqNo?: number;
  primaryTerm?: number;
}

interface StateDoc {
  kind: 'index' | 'lock';
  formatVersion: number;
  /** equals the document's _version; see the header comment */
  rev?: number;
  sourceIndex?: string;
  status?: string;
  owner: string;
  updatedAt: string;
  checksum?: string;
  /** the IndexState as JSON text: stored, never indexed (reader positions hold values of any type) */
  state?: string;
  expiresAt?: string;
  released?: boolean;
}

interface Hit {
  _id: string;
  _version?: number;
  _seq_no?: number;
  _primary_term?: number;
  _source?: StateDoc;
}

export interface IndexStateStoreOptions {
  /** lock lease; a lock older than this whose holder stopped renewing it may be taken over (default 10 min) */
  lockTtlMs?: number;
  owner?: string;
}

export function seqNoConcurrency(dialect: Dialect): boolean {
  return dialect.writeGuard === 'seq_no';
}

function checksumOf(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

export class IndexStateStore extends StateStoreBase {
  readonly location: string;
  private readonly tokens = new Map<string, Token>();
  private readonly cache = new Map<string, IndexState>();
  private chain: Promise<unknown> = Promise.resolve();
  private ensured = false;
  private readonly typed: boolean;
  private readonly seqNo: boolean;
  private readonly owner: string;
  private readonly lockTtlMs: number;
  /** set when a lease renewal found another run holding the lock; every later save fails with it */
  private lostLease: EsferryError | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly dialect: Dialect,
    readonly index: string,
    opts: IndexStateStoreOptions = {},
  ) {
    super();
    // the store reads its own writes back at once (_refresh, refresh=true): a serverless collection has neither
    if (!dialect.features.refresh) {
      throw new EsferryError('bad_input', "--state-index keeps the run state in an index it must refresh; the destination has no _refresh (Amazon OpenSearch Serverless): use --state FILE");
    }
    this.location = `state index ${index} on ${transport.redactedNodes[0] ?? 'the destination'}`;
    this.typed = dialect.typeModel === 'multi' || dialect.typeModel === 'single';
    this.seqNo = seqNoConcurrency(dialect);
    this.owner = opts.owner ?? defaultOwner();
    this.lockTtlMs = opts.lockTtlMs ?? 10 * 60_000;
  }

  async load(): Promise<RunState> {
    await this.chain.catch(() => undefined);
    const hits = await this.readAll();
    const indices: Record<string, IndexState> = {};
    for (const hit of hits) {
      const doc = hit._source;
      if (doc?.kind !== 'index') continue;
      const state = this.validate(hit);
      indices[state.sourceIndex] = state;
      this.cache.set(state.sourceIndex, state);
      this.rememberToken(hit._id, hit);
    }
    return structuredClone({ indices });
  }

  saveIndex(state: IndexState): Promise<void> {
    const copy = structuredClone(state);
    const text = JSON.stringify(copy);
    return this.serial(async () => {
      if (this.lostLease) throw this.lostLease;
      await this.write(docId(copy.sourceIndex), {
        kind: 'index',
        formatVersion: STATE_FORMAT_VERSION,
        sourceIndex: copy.sourceIndex,
        status: copy.status,
        owner: this.owner,
        updatedAt: copy.updatedAt,
        checksum: checksumOf(text),
        state: text,
      }, `state of ${copy.sourceIndex}`);
      this.cache.set(copy.sourceIndex, copy);
    });
  }

  /** a lease document, written with the same version check as state and renewed every ttl/3 while held;
   * released by marking it, not deleting it (a delete's version tombstone would refuse the next lock for
   * `index.gc_deletes`). `force` takes over a lease whose holder is known to be gone (a crashed host). */
  async lock(owner = this.owner, opts: LockOptions = {}): Promise<StateLock> {
    await this.ensureIndex();
    const existing = (await this.readAll([LOCK_ID]))[0];
    if (existing?._source) {
      this.rememberToken(LOCK_ID, existing);
      const held = existing._source;
      const expired = held.released === true || Date.parse(held.expiresAt ?? '') < Date.now();
      if (!expired && held.owner !== owner && !opts.force) {
        throw new EsferryError(
          'bad_input',
          `${this.location} is locked by ${held.owner} until ${held.expiresAt}; wait for that run to end (a crashed run's lease expires by itself), or take the lock over with the force option if that run is gone`,
        );
      }
    }
    await this.serial(() => this.write(LOCK_ID, this.leaseDoc(owner), 'lock'));
    const timer = setInterval(() => {
      void this.serial(() => this.write(LOCK_ID, this.leaseDoc(owner), 'lock')).catch((e: unknown) => {
        // another run took the lease over: stop writing state rather than interleave with it
        this.lostLease ??= new EsferryError('bad_input', `lost the lock of ${this.location}: ${(e as Error).message}`, { cause: e });
      });
    }, Math.max(10, Math.floor(this.lockTtlMs / 3)));
    timer.unref?.();
    let released = false;
    return {
      owner,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        if (this.lostLease) return;
        const at = new Date().toISOString();
        await this.serial(() =>
          this.write(LOCK_ID, { kind: 'lock', formatVersion: STATE_FORMAT_VERSION, owner, updatedAt: at, expiresAt: at, released: true }, 'lock'),
        );
      },
    };
  }

  private leaseDoc(owner: string): StateDoc {
    const now = Date.now();
    return {
      kind: 'lock',
      formatVersion: STATE_FORMAT_VERSION,
      owner,
      updatedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.lockTtlMs).toISOString(),
    };
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  protected async current(sourceIndex: string): Promise<IndexState> {
    if (!this.cache.has(sourceIndex)) {
      const hit = (await this.readAll([docId(sourceIndex)]))[0];
      if (hit?._source?.kind === 'index') {
        this.cache.set(sourceIndex, this.validate(hit));
        this.rememberToken(hit._id, hit);
      }
    }
    return structuredClone(this.cache.get(sourceIndex) ?? emptyIndexState(sourceIndex));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.catch(() => undefined).then(fn);
    this.chain = run;
    return run;
  }

  private validate(hit: Hit): IndexState {
    const doc = hit._source!;
    const where = `${this.location}, document ${hit._id}`;
    if (doc.formatVersion !== STATE_FORMAT_VERSION) {
      throw new EsferryError(
        'bad_input',
        `${where} has state format version ${String(doc.formatVersion)}, this esferry reads version ${STATE_FORMAT_VERSION}; finish that run with the esferry version that wrote it, or delete the document to start that index over`,
      );
    }
    if (typeof doc.state !== 'string' || doc.checksum !== checksumOf(doc.state)) {
      throw new EsferryError(
        'bad_input',
        `${where} fails its checksum (it was modified outside esferry); delete the document to start that index over, or restore it`,
      );
    }
    return JSON.parse(doc.state) as IndexState;
  }

  /** from a search hit (rev in _source) or a bulk item (rev we just wrote, seq_no in the item) */
  private rememberToken(id: string, hit: Hit, rev?: number): void {
    const r = rev ?? hit._source?.rev ?? hit._version;
    if (typeof r !== 'number') return;
    const token: Token = { rev: r };
    if (this.seqNo && typeof hit._seq_no === 'number' && typeof hit._primary_term === 'number') {
      token.seqNo = hit._seq_no;
      token.primaryTerm = hit._primary_term;
    }
    this.tokens.set(id, token);
  }

  /** search the state index (all documents, or some ids), with the version/seq_no of every hit */
  private async readAll(ids?: string[]): Promise<Hit[]> {
    await this.transport.request({ method: 'POST', path: `/${encodeURIComponent(this.index)}/_refresh`, okStatuses: [404] });
    const body: Record<string, unknown> = {
      size: MAX_INDICES,
      query: ids ? { ids: { values: ids } } : { match_all: {} },
      version: true,
    };
    if (this.seqNo) body.seq_no_primary_term = true;
    const res = await this.transport.request<{ hits?: { total?: unknown; hits?: Hit[] } }>({
      method: 'POST',
      path: `/${encodeURIComponent(this.index)}/_search`,
      body,
      okStatuses: [404],
    });
    if (res.status === 404) return [];
    const hits = res.body.hits?.hits ?? [];
    if (this.dialect.hitsTotal(res.body.hits ?? {}) > MAX_INDICES) {
      throw new EsferryError('bad_input', `${this.location} holds more than ${MAX_INDICES} documents; use one state index per migration`);
    }
    return hits;
  }

  private async ensureIndex(): Promise<void> {
    if (this.ensured) return;
    const legacy = this.dialect.info.major <= 2 && this.dialect.info.distribution === 'elasticsearch';
    const kw = legacy ? { type: 'string', index: 'not_analyzed' } : { type: 'keyword' };
    // the state text is kept in _source only: never indexed, no doc values (it can exceed a term's size limit)
    const stored = legacy ? { type: 'string', index: 'no', doc_values: false } : { type: 'keyword', index: false, doc_values: false };
    const mapping = {
      properties: {
        kind: kw,
        sourceIndex: kw,
        status: kw,
        owner: kw,
        rev: { type: 'long' },
        updatedAt: { type: 'date' },
        expiresAt: { type: 'date' },
        state: stored,
        checksum: stored,
      },
    };
    const res = await this.transport.request<{ error?: { type?: string } }>({
      method: 'PUT',
      path: `/${encodeURIComponent(this.index)}`,
      body: {
        settings: { number_of_shards: 1 },
        mappings: this.typed ? { [STATE_TYPE]: mapping } : mapping,
      },
      okStatuses: [400],
    });
    const type = res.body?.error?.type ?? '';
    if (res.status === 400 && !/already_exists/.test(type)) {
      throw new EsferryError('request', `cannot create ${this.location}: ${JSON.stringify(res.body)}`, { status: 400, esType: type });
    }
    this.ensured = true;
  }

  private actionLine(id: string, token: Token | undefined): string {
    const meta = { index: this.index, id, ...(this.typed ? { type: STATE_TYPE } : {}) };
    if (token?.seqNo !== undefined && token.primaryTerm !== undefined) {
      const line = JSON.parse(this.dialect.bulkActionLine('index', meta)) as { index: Record<string, unknown> };
      line.index.if_seq_no = token.seqNo;
      line.index.if_primary_term = token.primaryTerm;
      return JSON.stringify(line);
    }
    // external version rev+1: refused (409) when the document moved past the rev we know (or exists unknown to us)
    return this.dialect.bulkActionLine('index', { ...meta, version: (token?.rev ?? 0) + 1, versionType: 'external' });
  }

  private async write(id: string, doc: StateDoc, what: string): Promise<void> {
    await this.ensureIndex();
    const token = this.tokens.get(id);
    const rev = (token?.rev ?? 0) + 1;
    const ndjson = `${this.actionLine(id, token)}\n${JSON.stringify({ ...doc, rev })}\n`;
    const item = await this.bulkOne(ndjson);
    if (item.status === 409) {
      this.tokens.delete(id);
      throw new EsferryError(
        'request',
        `${what} in ${this.location} was changed by another esferry run since this run read it; two runs are using the same state — stop one (or use --state-index with another name)`,
        { status: 409, esType: 'version_conflict_engine_exception' },
      );
    }
    if (item.status >= 300) {
      throw new EsferryError('request', `cannot save ${what} to ${this.location}: ${JSON.stringify(item.error)}`, { status: item.status });
    }
    this.rememberToken(id, item, rev);
  }

  private async bulkOne(ndjson: string): Promise<Hit & { status: number; error?: unknown }> {
    const res = await this.transport.request<{ items?: Array<Record<string, Hit & { status: number; error?: unknown }>> }>({
      method: 'POST',
      path: '/_bulk',
      query: { refresh: 'true' },
      body: ndjson,
      contentType: 'application/x-ndjson',
    });
    const item = res.body.items?.[0];
    const result = item ? Object.values(item)[0] : undefined;
    if (!result) throw new EsferryError('server', `${this.location}: bulk answered without an item`);
    return result;
  }
}

/** document id of a source index's state (index names are safe ids; the prefix keeps them apart from the lock) */
export function docId(sourceIndex: string): string {
  return `index:${sourceIndex}`;
}

export function createIndexStateStore(
  transport: Transport,
  dialect: Dialect,
  index: string,
  opts?: IndexStateStoreOptions,
): IndexStateStore {
  return new IndexStateStore(transport, dialect, index, opts);
}
