// The few version facts metadata conversion needs, derived from ClusterInfo so the converters
// stay pure and testable without a cluster.
import type { ClusterFeatures, ClusterInfo } from '../cluster/types.js';
import { dialectFor } from '../cluster/dialects/index.js';

export type TypeModel = 'multi' | 'single' | 'typeless' | 'none';

export interface VersionFacts {
  distribution: 'elasticsearch' | 'opensearch';
  major: number;
  minor: number;
  /** comparable Elasticsearch version (OpenSearch forked from 7.10) */
  esMajor: number;
  esMinor: number;
  typeModel: TypeModel;
  /** type name the destination's writers use when a document has none (2.x–6.x); undefined when typeless */
  defaultType?: string;
  /** index settings a new index may be created with (serverless); undefined: any */
  creatableSetting?: (flatKey: string) => boolean;
  /** false: no legacy `_template` API (serverless), templates go to `_index_template` */
  legacyTemplates?: boolean;
}

/** Facts of one cluster; the type model and default type come from its dialect, the one owner of version quirks. */
export function versionFacts(
  info: Pick<ClusterInfo, 'distribution' | 'major' | 'minor'>,
  typeModel: TypeModel,
  defaultType?: string,
  features?: Pick<ClusterFeatures, 'creatableSetting' | 'legacyTemplates'>,
): VersionFacts {
  const os = info.distribution === 'opensearch';
  const esMajor = os ? 7 : info.major;
  const esMinor = os ? 10 : info.minor;
  return {
    distribution: info.distribution, major: info.major, minor: info.minor, esMajor, esMinor, typeModel, defaultType,
    ...(features?.creatableSetting ? { creatableSetting: features.creatableSetting } : {}),
    ...(features && !features.legacyTemplates ? { legacyTemplates: false } : {}),
  };
}

/** Parses "6.2.0", "es8", "opensearch-2.11" — for tests and the plan printer. */
export function factsFromSpec(spec: string): VersionFacts {
  const m = /^(elasticsearch|opensearch|es|os)?[-: ]?(\d+)(?:\.(\d+))?/i.exec(spec.trim());
  if (!m) throw new Error(`bad version "${spec}"`);
  const distribution = m[1] && /^o/i.test(m[1]) ? 'opensearch' : 'elasticsearch';
  const major = Number(m[2]);
  const minor = Number(m[3] ?? 0);
  const dialect = dialectFor({ distribution, number: `${major}.${minor}.0`, major, minor, patch: 0, clusterName: '' });
  return versionFacts({ distribution, major, minor }, dialect.typeModel, dialect.defaultType);
}
