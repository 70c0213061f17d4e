// Turns a source hit into the documents to write: user transform, rename, type handling,
// routing/parent and external versions. `_source` is only parsed when something must look inside.
import type { BulkMetaInput, Dialect } from '../cluster/types.js';
import { EsferryError } from '../cluster/errors.js';
import type { CopyOptions, Doc, TransformFn } from '../engine/types.js';
import type { RawHit } from '../read/raw-hit.js';
import type { IdTemplate } from './id-template.js';
import { parseDoc, stringifyDoc } from './doc-json.js';

export interface PreparedDoc {
  action: 'index' | 'create';
  meta: BulkMetaInput;
  source: Buffer;
}

export type TypePlan = { kind: 'keep' } | { kind: 'drop' } | { kind: 'merge'; field: string; type?: string };

export interface PrepareContext {
  sourceIndex: string;
  destIndex: string;
  destTypeModel: Dialect['typeModel'];
  typePlan: TypePlan;
  transform?: TransformFn;
  opType: 'index' | 'create';
  keepVersion: boolean;
  versionType?: 'external' | 'external_gte';
  versionField?: string;
  /** --id-template: destination _id from the source type, index and id */
  destId?: IdTemplate;
}

export function resolveTypePlan(handling: CopyOptions['typeHandling'], destTypeModel: Dialect['typeModel']): TypePlan {
  if (handling && typeof handling === 'object') return { kind: 'merge', field: handling.mergeIntoField, type: handling.type };
  if (handling === 'keep') return { kind: 'keep' };
  if (handling === 'drop') return { kind: 'drop' };
  // auto: keep types where the destination stores them
  return destTypeModel === 'multi' || destTypeModel === 'single' ? { kind: 'keep' } : { kind: 'drop' };
}

const typeless = (m: Dialect['typeModel']) => m === 'typeless' || m === 'none';

function versionFromField(source: Record<string, unknown>, field: string, id: string): number | bigint {
  let v: unknown = source;
  for (const part of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.floor(v);
  // a long beyond 2^53 (nanosecond stamps, counters) is exact as BigInt, never rounded
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return Number.isSafeInteger(Number(v)) ? Number(v) : BigInt(v);
    const n = Date.parse(v);
    if (Number.isFinite(n)) return n;
  }
  throw new EsferryError('bad_input', `document ${id}: version field "${field}" is missing or neither a number nor a date`);
}

/** false on the pass-through path: the source goes out as read, only its metadata is made (`passThroughMeta`) */
export function needsParse(ctx: PrepareContext): boolean {
  return ctx.transform !== undefined || ctx.typePlan.kind === 'merge' || ctx.versionField !== undefined;
}

function metaFor(
  ctx: PrepareContext,
  d: Omit<BulkMetaInput, 'versionType'>,
  source?: Record<string, unknown>,
  index = d.index,
): BulkMetaInput {
  const meta: BulkMetaInput = { index, id: ctx.destId ? ctx.destId({ id: d.id, type: d.type, index: ctx.sourceIndex }) : d.id };
  if (!typeless(ctx.destTypeModel)) {
    if (ctx.typePlan.kind === 'keep' && d.type !== undefined) meta.type = d.type;
    else if (ctx.typePlan.kind === 'merge' && ctx.typePlan.type !== undefined) meta.type = ctx.typePlan.type;
  }
  // parent/child metadata only exists on multi-type destinations; elsewhere the parent routes
  if (ctx.destTypeModel === 'multi' && d.parent !== undefined) meta.parent = d.parent;
  const routing = d.routing ?? (ctx.destTypeModel === 'multi' ? undefined : d.parent);
  if (routing !== undefined) meta.routing = routing;
  if (ctx.versionField !== undefined && source) {
    meta.version = versionFromField(source, ctx.versionField, d.id);
    meta.versionType = ctx.versionType ?? 'external';
  } else if (ctx.keepVersion && d.version !== undefined) {
    meta.version = d.version;
    meta.versionType = ctx.versionType ?? 'external';
  }
  return meta;
}

/** fast path: no transform, no field to add, nothing parsed; the doc's source is the hit's */
export function passThroughMeta(hit: RawHit, ctx: PrepareContext): BulkMetaInput {
  return metaFor(ctx, hit, undefined, ctx.destIndex);
}

function toDoc(hit: RawHit): Doc {
  const doc: Doc = { _index: hit.index, _id: hit.id, _source: parseDoc(hit.source.toString('utf8')) as Record<string, unknown> };
  if (hit.type !== undefined) doc._type = hit.type;
  if (hit.routing !== undefined) doc._routing = hit.routing;
  if (hit.parent !== undefined) doc._parent = hit.parent;
  if (hit.version !== undefined) doc._version = hit.version;
  return doc;
}

function fromDoc(doc: Doc, hit: RawHit, ctx: PrepareContext): PreparedDoc {
  if (!doc || typeof doc._id !== 'string' || typeof doc._source !== 'object' || doc._source === null) {
    throw new TransformError(`transform of ${hit.index}/${hit.id} returned a document without a string _id and an object _source`);
  }
  // the merge field goes into a copy: split docs may share one _source object with different types
  const plan = ctx.typePlan;
  const source = plan.kind === 'merge' ? { ...doc._source, [plan.field]: doc._type ?? hit.type ?? null } : doc._source;
  // an _index the transform left alone is renamed like every other doc
  const index = doc._index === hit.index || !doc._index ? ctx.destIndex : doc._index;
  const meta = metaFor(ctx, { index, type: doc._type, id: doc._id, routing: doc._routing, parent: doc._parent, version: doc._version }, source);
  return { action: ctx.opType, meta, source: Buffer.from(stringifyDoc(source)) };
}

/**
 * The user transform failed on one document (threw, rejected, or returned undefined): that
 * document is dead-lettered with this reason and the copy goes on.
 */
export class TransformError extends Error {
  constructor(
    message: string,
    readonly original?: unknown,
  ) {
    super(message);
    this.name = 'TransformError';
  }

  /** what the dead-letter line records: message and, for a throw, the stack */
  get record(): { type: 'transform_error'; reason: string; stack?: string } {
    const stack = this.original instanceof Error ? this.original.stack : undefined;
    return { type: 'transform_error', reason: this.message, ...(stack ? { stack } : {}) };
  }
}

function transformFailed(err: unknown): TransformError {
  return new TransformError(`transform threw: ${err instanceof Error ? err.message : String(err)}`, err);
}

/** may return a promise only when a user transform is async; a failing transform gives TransformError */
export function prepareDocs(hit: RawHit, ctx: PrepareContext): PreparedDoc[] | Promise<PreparedDoc[]> {
  if (!needsParse(ctx)) return [{ action: ctx.opType, meta: passThroughMeta(hit, ctx), source: hit.source }];
  const doc = toDoc(hit);
  if (!ctx.transform) return [fromDoc(doc, hit, ctx)];
  let out: ReturnType<NonNullable<PrepareContext['transform']>>;
  try {
    out = ctx.transform(doc);
  } catch (err) {
    throw transformFailed(err);
  }
  const finish = (r: Doc | Doc[] | null | undefined): PreparedDoc[] => {
    // a forgotten `return` must not silently drop every document: dropping takes an explicit null
    if (r === undefined) throw new TransformError('transform returned undefined (return null to drop a document on purpose)');
    if (r === null) return [];
    return (Array.isArray(r) ? r : [r]).map((d) => fromDoc(d, hit, ctx));
  };
  return out instanceof Promise
    ? out.then(finish, (err: unknown) => {
        throw transformFailed(err);
      })
    : finish(out);
}
