// dialectFor(info): the version-quirk object for a detected cluster.
import type { ClusterInfo, EsferryDialect } from '../types.js';
import { EsferryError } from '../errors.js';
import { TraitDialect } from './base.js';
import { FAMILY_TRAITS, familyOf, type FamilyName } from './traits.js';

export { TraitDialect } from './base.js';
export { FAMILY_TRAITS, FULL_FEATURES, familyOf, type FamilyName, type DialectTraits } from './traits.js';
export { serverlessDialect, isServerless, SERVERLESS_INFO } from './serverless.js';

export function dialectFor(info: ClusterInfo): EsferryDialect {
  const family = familyOf(info);
  if (!family) {
    const product = info.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
    throw new EsferryError('bad_input', `${product} ${info.number} is not supported: esferry speaks Elasticsearch 2.x, 5.x–8.x and OpenSearch 1–3`);
  }
  return new TraitDialect(info, FAMILY_TRAITS[family](info));
}

/** Dialect of a family at a given version, without a live cluster (planning, tests). */
export function dialectOf(family: FamilyName, number: string): EsferryDialect {
  const [major = 0, minor = 0, patch = 0] = number.split('.').map(Number);
  const distribution = family.startsWith('os') ? 'opensearch' : 'elasticsearch';
  return dialectFor({ distribution, number, major, minor, patch, clusterName: '' });
}
