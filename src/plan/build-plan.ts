// The plan of a run: which source index goes where, how big it is, what exists already on the
// destination and how its metadata will be converted — everything decided before a byte is copied.
import { crashCost } from '../read/read-mode.js';
import { sameIdentity, type ClusterIdentity } from '../cluster/identity.js';
import type { EsferryDialect, Transport } from '../cluster/types.js';
import { countDocs, getIndexMappings, getIndexSettings, listAliases, listIndices } from '../meta/admin.js';
import { convertMappings, type MappingConversion, type TypeHandling } from '../meta/mappings.js';
import { convertSettings } from '../meta/settings.js';
import { timeFieldProblem } from '../meta/mapped-field.js';
import type { VersionFacts } from '../meta/versions.js';
import type { ListEntry } from './list-file.js';
import { renameIndex, type RenameRule } from './rename.js';
import { resolveEntries, type SourceIndexInfo } from './resolve.js';
import { pickShard, type ShardBy, type ShardSpec } from './shard.js';
import { mapLimit } from './map-limit.js';
import { SELF_COPY, selfCopyMessage, selfCopyTarget } from './self-copy.js';
import { typeIdCheck } from './id-collisions.js';

const METADATA_CONCURRENCY = 8;

export interface PlanSide {
  transport: Transport;
  facts: VersionFacts;
  /** redacted node URLs for display */
  label: string;
  /** cluster_uuid or node ids: decides whether both sides are one cluster */
  identity?: ClusterIdentity;
  /** requests beyond metadata (the id probe of merged types reads the source) */
  dialect?: EsferryDialect;
}

export interface PlanItem {
  source: string;
  dest: string;
  docs: number;
  bytes: number;
  destExists: boolean;
  destDocs?: number;
  /** create: new index; existing: copy into it as is; recreate: delete and create (--recreate) */
  action: 'create' | 'existing' | 'recreate';
  createBody?: Record<string, unknown>;
  mappings?: MappingConversion;
  notes: string[];
  conflicts: string[];
}

export interface Plan {
  source: { label: string; version: string };
  dest: { label: string; version: string };
  items: PlanItem[];
  /** list entries that matched no source index */
  unmatched: ListEntry[];
  /** indices resolved before the --shard split */
  resolvedCount: number;
  shard?: ShardSpec;
  totals: { indices: number; docs: number; bytes: number };
  conflicts: string[];
  /** what a crash costs a resumed run on this source */
  crashCost?: string;
}

export interface PlanOptions {
  entries: ListEntry[];
  rename: RenameRule[];
  typeHandling: TypeHandling;
  recreate: boolean;
  shard?: ShardSpec;
  shardBy?: ShardBy;
  /** count only docs matching this query (time window) */
  query?: Record<string, unknown>;
  /** --parent-join FIELD */
  parentJoinField?: string;
  /** --id-template: repeating ids across merged types are kept apart, nothing to probe */
  idTemplate?: string;
  /** --time-field: must be mapped in every source index */
  timeField?: string;
  /** destination name chosen by code (the library's `destIndex` function); overrides `rename` */
  destName?: (sourceIndex: string) => string;
}

/**
 * Both sides reach one cluster (by cluster_uuid or node ids, never by URL text: 127.0.0.1 and
 * localhost are one cluster). Only when a cluster does not say who it is are the URLs compared.
 */
export function sameCluster(a: PlanSide, b: PlanSide): boolean {
  const known = a.identity && b.identity ? sameIdentity(a.identity, b.identity) : undefined;
  if (known !== undefined) return known;
  const norm = (label: string) => label.split(',').map((u) => u.trim().replace(/\/+$/, '').toLowerCase()).sort().join(',');
  return norm(a.label) === norm(b.label);
}

/** The plan's conflicts that would make a run damage its own source. */
export function selfCopyConflicts(plan: Plan): string[] {
  return plan.conflicts.filter((c) => c.includes(SELF_COPY));
}

export function versionLabel(f: VersionFacts): string {
  return `${f.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${f.major}.${f.minor}`;
}

/** a side that reports no version (serverless) is named by its dialect */
function sideVersion(side: PlanSide): string {
  return side.dialect && !side.dialect.features.rootInfo ? side.dialect.label() : versionLabel(side.facts);
}

export async function buildPlan(source: PlanSide, dest: PlanSide, opts: PlanOptions): Promise<Plan> {
  const available = await listIndices(source.transport);
  const resolution = resolveEntries(opts.entries, available, await listAliases(source.transport));
  const mine: SourceIndexInfo[] = opts.shard ? pickShard(resolution.indices, opts.shard, opts.shardBy) : resolution.indices;
  const destIndices = new Map((await listIndices(dest.transport)).map((i) => [i.name, i]));
  // one cluster on both sides: no destination may be (or alias) an index this run reads
  const oneCluster = sameCluster(source, dest);
  const readIndices = new Set(resolution.indices.map((i) => i.name));
  const destAliases = oneCluster ? await listAliases(dest.transport) : new Map<string, string[]>();
  // per-index metadata in parallel (bounded); naming checks after, in list order
  const items = await mapLimit(mine, METADATA_CONCURRENCY, async (idx): Promise<PlanItem> => {
    const destName = opts.destName ? opts.destName(idx.name) : renameIndex(idx.name, opts.rename, resolution.matchedBy.get(idx.name)?.pattern);
    const existing = destIndices.get(destName);
    const item: PlanItem = {
      source: idx.name,
      dest: destName,
      docs: idx.status === 'close' ? 0 : await countDocs(source.transport, idx.name, opts.query),
      bytes: idx.bytes,
      destExists: existing !== undefined,
      destDocs: existing?.docs,
      action: existing === undefined ? 'create' : opts.recreate ? 'recreate' : 'existing',
      notes: [],
      conflicts: [],
    };
    if (idx.status === 'close') item.conflicts.push(`source index ${idx.name} is closed: open it first`);
    const overwritten = oneCluster ? selfCopyTarget(destName, readIndices, destAliases) : undefined;
    if (overwritten) item.conflicts.push(selfCopyMessage(destName, overwritten));
    const sourceMappings = idx.status !== 'close' && (item.action !== 'existing' || opts.timeField) ? await getIndexMappings(source.transport, idx.name) : undefined;
    // an empty index may have no mapping yet: nothing to filter, nothing to refuse
    if (opts.timeField && sourceMappings && idx.docs > 0) {
      const problem = timeFieldProblem(sourceMappings, opts.timeField, idx.name);
      if (problem) item.conflicts.push(problem);
    }
    if (item.action !== 'existing' && idx.status !== 'close') {
      const settings = convertSettings(await getIndexSettings(source.transport, idx.name), dest.facts);
      const mappings = convertMappings(sourceMappings!, dest.facts, opts.typeHandling, {
        ...(opts.parentJoinField ? { parentJoinField: opts.parentJoinField } : {}),
      });
      item.mappings = mappings;
      item.createBody = { settings: { index: settings.index } };
      if (Object.keys(mappings.mappings).length > 0) item.createBody.mappings = mappings.mappings;
      item.notes.push(...settings.notes, ...mappings.notes);
      item.conflicts.push(...mappings.conflicts);
    } else if (item.action === 'existing') {
      item.notes.push(`destination exists with ${existing?.docs ?? 0} docs: settings and mappings left alone (use --recreate to replace it)`);
    }
    const mergesTypes = opts.typeHandling === 'drop' || typeof opts.typeHandling === 'object';
    if (mergesTypes && !opts.idTemplate && source.dialect && idx.status !== 'close') {
      const ids = await typeIdCheck({ transport: source.transport, dialect: source.dialect }, idx.name, item.docs);
      if (ids.conflict) item.conflicts.push(ids.conflict);
      if (ids.note) item.notes.push(ids.note);
    }
    return item;
  });
  const destNames = new Map<string, string>();
  for (const item of items) {
    const other = destNames.get(item.dest);
    if (other) {
      item.notes.push(`also receives ${other} (several source indices into one destination)`);
      if (item.action !== 'existing') {
        // the first one creates it; the others copy into it
        item.action = 'existing';
        delete item.createBody;
      }
    }
    destNames.set(item.dest, item.source);
  }
  return {
    source: { label: source.label, version: sideVersion(source) },
    dest: { label: dest.label, version: sideVersion(dest) },
    items,
    unmatched: resolution.unmatched,
    resolvedCount: resolution.indices.length,
    shard: opts.shard,
    totals: {
      indices: items.length,
      docs: items.reduce((a, i) => a + i.docs, 0),
      bytes: items.reduce((a, i) => a + i.bytes, 0),
    },
    conflicts: items.flatMap((i) => i.conflicts.map((c) => `${i.source}: ${c}`)),
    ...(source.dialect ? { crashCost: crashCost(source.dialect) } : {}),
  };
}
