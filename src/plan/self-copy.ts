// A copy whose source and destination are one cluster must never write into an index it reads:
// it would overwrite (with --recreate: delete) and tune the live source. Used by the plan and by
// the library's copy().

/** The source index a destination name would hit (the index itself, or through an alias), if any. */
export function selfCopyTarget(destName: string, readIndices: ReadonlySet<string>, destAliases: ReadonlyMap<string, string[]>): string | undefined {
  if (readIndices.has(destName)) return destName;
  return destAliases.get(destName)?.find((i) => readIndices.has(i));
}

export const SELF_COPY = 'source and destination are the same index on the same cluster';

export function selfCopyMessage(destName: string, target: string, fix = 'use --dest-index or --rename to copy it under another name'): string {
  const via = target === destName ? '' : ` (${destName} is an alias of ${target})`;
  return `${SELF_COPY}: writing into ${target}${via} would read, tune and overwrite the index being copied; ${fix}`;
}
