// Amazon OpenSearch Serverless has no GET / to detect it by: a collection is known by the AWS service
// its requests are signed for (`aoss`), and its dialect is chosen from that, never from a version.
import type { ClusterInfo, EsferryDialect } from '../types.js';
import { TraitDialect } from './base.js';
import { FAMILY_TRAITS } from './traits.js';

/**
 * What esferry assumes of a collection: OpenSearch 2.x APIs (AWS: "clients must be compatible with
 * OpenSearch 2.x"), typeless, hits.total as an object. `number` says it is not a reported version.
 */
export const SERVERLESS_INFO: ClusterInfo = {
  distribution: 'opensearch',
  number: 'serverless',
  major: 2,
  minor: 4,
  patch: 0,
  clusterName: '',
};

export function serverlessDialect(): EsferryDialect {
  return new TraitDialect(SERVERLESS_INFO, FAMILY_TRAITS.aoss(SERVERLESS_INFO));
}

/** the endpoint is a serverless collection: its requests are signed for the `aoss` service */
export function isServerless(opts: { aws?: { service?: string } }): boolean {
  return opts.aws?.service === 'aoss';
}
