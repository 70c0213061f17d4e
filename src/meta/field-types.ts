// Field types a destination does not know: reported as conflicts before anything is copied,
// because creating the index would fail (or, with dynamic mapping, silently change the type).
// Versions from the Elasticsearch release notes ("Field data types" pages) and OpenSearch docs.
import type { VersionFacts } from './versions.js';

/** Elasticsearch version that introduced the type (types present in 5.0 and earlier are not listed). */
const ES_SINCE: Record<string, [number, number]> = {
  text: [5, 0],
  keyword: [5, 0],
  scaled_float: [5, 0],
  half_float: [5, 0],
  integer_range: [5, 2],
  float_range: [5, 2],
  long_range: [5, 2],
  double_range: [5, 2],
  date_range: [5, 2],
  ip_range: [5, 2],
  join: [6, 0],
  alias: [6, 4],
  date_nanos: [7, 0],
  rank_feature: [7, 0],
  rank_features: [7, 0],
  dense_vector: [7, 0],
  search_as_you_type: [7, 2],
  flattened: [7, 3],
  shape: [7, 4],
  histogram: [7, 6],
  point: [7, 6],
  constant_keyword: [7, 7],
  wildcard: [7, 9],
  version: [7, 10],
  unsigned_long: [7, 10],
  aggregate_metric_double: [7, 11],
  match_only_text: [7, 14],
  sparse_vector: [8, 11],
  semantic_text: [8, 15],
};

/** Elasticsearch-only types (not in OpenSearch), with the OpenSearch counterpart when there is one. */
const ES_ONLY: Record<string, string | undefined> = {
  flattened: 'flat_object',
  dense_vector: 'knn_vector',
  constant_keyword: undefined,
  aggregate_metric_double: undefined,
  histogram: undefined,
  version: undefined,
  sparse_vector: undefined,
  semantic_text: undefined,
  shape: 'xy_shape',
  point: 'xy_point',
};

/** OpenSearch-only types, with the Elasticsearch counterpart when there is one. */
const OS_ONLY: Record<string, string | undefined> = {
  knn_vector: 'dense_vector',
  flat_object: 'flattened',
  xy_shape: 'shape',
  xy_point: 'point',
};

function atLeast(v: VersionFacts, [major, minor]: [number, number]): boolean {
  return v.esMajor > major || (v.esMajor === major && v.esMinor >= minor);
}

/** Why `type` cannot be created on `dest`, or undefined when it can. */
export function unsupportedFieldType(type: string, dest: VersionFacts): string | undefined {
  const product = dest.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
  if (dest.distribution === 'opensearch' && type in ES_ONLY) {
    const alt = ES_ONLY[type];
    return `type "${type}" does not exist in OpenSearch${alt ? ` (its counterpart is "${alt}": convert with a --transform and a prepared destination index)` : ''}`;
  }
  if (dest.distribution === 'elasticsearch' && type in OS_ONLY) {
    const alt = OS_ONLY[type];
    return `type "${type}" does not exist in Elasticsearch${alt ? ` (its counterpart is "${alt}")` : ''}`;
  }
  const since = ES_SINCE[type];
  if (dest.distribution === 'elasticsearch' && since && !atLeast(dest, since)) {
    return `type "${type}" needs ${product} ${since[0]}.${since[1]} or later (destination is ${dest.major}.${dest.minor})`;
  }
  return undefined;
}
