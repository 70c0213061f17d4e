// The version quirks of every supported family, as data. Sources are in ./README.md.
import type { ClusterFeatures, ClusterInfo } from '../types.js';

export type FamilyName = 'es2' | 'es5' | 'es6' | 'es7' | 'es8' | 'os1' | 'os2' | 'os3' | 'aoss';

export const FULL_FEATURES: ClusterFeatures = {
  rootInfo: true,
  nodeApis: true,
  scroll: true,
  refresh: true,
  tuning: true,
  indexStats: true,
  shardLayout: true,
  legacyTemplates: true,
};

export interface DialectTraits {
  family: FamilyName;
  slicedScroll: boolean;
  searchAfter: boolean;
  pit: 'none' | 'es' | 'opensearch';
  /** `slice` in a PIT search (ES >= 7.15, OpenSearch >= 2.4); without it only a scroll may be sliced */
  slicedPit: boolean;
  /** hits.total is {value, relation} */
  hitsTotalObject: boolean;
  /** unique sort for search_after without a PIT; undefined: the version offers none */
  uniqueSortField?: '_uid' | '_id';
  /** tiebreaker under a PIT */
  pitSortField?: '_shard_doc' | '_id';
  typeModel: 'multi' | 'single' | 'typeless' | 'none';
  /** type written in bulk lines and wrapped around typeless mappings, for typed destinations */
  defaultType?: string;
  /** bulk metadata spelling: `_routing` (2.x/5.x) or `routing` (6.x+, where `_routing` warns) */
  bulkMetaUnderscore: boolean;
  /** `parent` in bulk lines (join fields in 6.x+ use routing only) */
  bulkParent: boolean;
  /** `_type` in bulk lines */
  bulkType: boolean;
  writePool: 'bulk' | 'write';
  /** 2.x: one `_cat/thread_pool` row per node with `<pool>.<metric>` columns */
  catThreadPoolPerNodeRow: boolean;
  /**
   * optimistic concurrency of a document write: `if_seq_no`/`if_primary_term` (bulk from 6.6, search's
   * `seq_no_primary_term` from 6.7; internal `version` refused for it from 7.0) or an external version
   * one above the `_version` read (2.x–6.6)
   */
  writeGuard: 'seq_no' | 'external_version';
  features: ClusterFeatures;
  /** the name shown instead of product + version, for a service that reports no version */
  serviceLabel?: string;
}

const atLeast = (info: ClusterInfo, major: number, minor: number) =>
  info.major > major || (info.major === major && info.minor >= minor);

type TraitsOf = (info: ClusterInfo) => DialectTraits;

const es2: TraitsOf = () => ({
  family: 'es2',
  slicedScroll: false,
  searchAfter: false,
  pit: 'none',
  slicedPit: false,
  hitsTotalObject: false,
  uniqueSortField: '_uid',
  typeModel: 'multi',
  defaultType: 'doc',
  bulkMetaUnderscore: true,
  bulkParent: true,
  bulkType: true,
  writePool: 'bulk',
  catThreadPoolPerNodeRow: true,
  writeGuard: 'external_version',
  features: FULL_FEATURES,
});

const es5: TraitsOf = (info) => ({
  ...es2(info),
  family: 'es5',
  slicedScroll: true,
  searchAfter: true,
  catThreadPoolPerNodeRow: false,
});

const es6: TraitsOf = (info) => ({
  ...es5(info),
  family: 'es6',
  uniqueSortField: '_id',
  typeModel: 'single',
  // `_doc` is the type name 7.x moves to; before 6.2 a type could not start with "_"
  defaultType: atLeast(info, 6, 2) ? '_doc' : 'doc',
  bulkMetaUnderscore: false,
  writePool: atLeast(info, 6, 3) ? 'write' : 'bulk',
  writeGuard: atLeast(info, 6, 7) ? 'seq_no' : 'external_version',
});

const es7: TraitsOf = (info) => ({
  ...es6(info),
  family: 'es7',
  pit: atLeast(info, 7, 10) ? 'es' : 'none',
  // elastic/elasticsearch#75162: before 7.15 a PIT search refuses `slice` like any non-scroll search
  slicedPit: atLeast(info, 7, 15),
  hitsTotalObject: true,
  // sorting on _id works in 7.x (with a deprecation warning from 7.6)
  uniqueSortField: '_id',
  // _shard_doc arrived in 7.12; a 7.10/7.11 PIT still tiebreaks on _id
  pitSortField: atLeast(info, 7, 12) ? '_shard_doc' : '_id',
  typeModel: 'typeless',
  defaultType: undefined,
  bulkParent: false,
  bulkType: false,
  writePool: 'write',
  writeGuard: 'seq_no',
});

const es8: TraitsOf = (info) => ({
  ...es7(info),
  family: 'es8',
  pit: 'es',
  slicedPit: true,
  // indices.id_field_data.enabled defaults to false: _id cannot be sorted on
  uniqueSortField: undefined,
  pitSortField: '_shard_doc',
  typeModel: 'none',
});

const os1: TraitsOf = (info) => ({
  ...es7({ ...info, major: 7, minor: 10 }),
  family: 'os1',
  pit: 'none',
  slicedPit: false,
  pitSortField: undefined,
});

const os2: TraitsOf = (info) => ({
  ...os1(info),
  family: 'os2',
  pit: atLeast(info, 2, 4) ? 'opensearch' : 'none',
  // PIT arrived in 2.4 with slicing: the shard accepts `slice` in a PIT reader context
  slicedPit: atLeast(info, 2, 4),
  // OpenSearch keeps _id sortable; its PIT tiebreak documented on _id
  pitSortField: '_id',
  typeModel: 'none',
});

const os3: TraitsOf = (info) => ({ ...os2(info), family: 'os3', pit: 'opensearch', slicedPit: true });

/**
 * Amazon OpenSearch Serverless: OpenSearch 2.x+ APIs for search (PIT since Nov 2024), count, bulk
 * and index metadata; no root info, node/cat thread-pool APIs, scroll, _refresh, _stats or
 * shard/replica/refresh settings (sources in ./README.md). Never detected from GET / (there is
 * none): chosen by the AWS service name `aoss` (serverless.ts).
 */
const aoss: TraitsOf = (info) => ({
  ...os2({ ...info, major: 2, minor: 4 }),
  family: 'aoss',
  serviceLabel: 'Amazon OpenSearch Serverless',
  pit: 'opensearch',
  // sliced scrolls need scroll; a collection has no shard layout to slice by, and slicing its PIT
  // is not documented
  slicedScroll: false,
  slicedPit: false,
  features: {
    rootInfo: false,
    nodeApis: false,
    scroll: false,
    refresh: false,
    tuning: false,
    indexStats: false,
    shardLayout: false,
    // data-prepper's OpenSearch sink writes only composable templates to collections
    legacyTemplates: false,
    creatableSetting: (key) => key === 'knn' || key.startsWith('knn.') || key.startsWith('analysis.'),
  },
});

export const FAMILY_TRAITS: Record<FamilyName, TraitsOf> = { es2, es5, es6, es7, es8, os1, os2, os3, aoss };

export function familyOf(info: ClusterInfo): FamilyName | undefined {
  if (info.distribution === 'opensearch') {
    if (info.major === 1) return 'os1';
    if (info.major === 2) return 'os2';
    if (info.major >= 3) return 'os3';
    return undefined;
  }
  if (info.major === 2) return 'es2';
  if (info.major === 5) return 'es5';
  if (info.major === 6) return 'es6';
  if (info.major === 7) return 'es7';
  if (info.major >= 8) return 'es8';
  return undefined;
}
