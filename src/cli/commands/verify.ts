// `esferry verify`: counts per index on both sides and sampled documents compared by _id.
import { unmatchedProblem } from '../../plan/resolve.js';
import { resolvePairs } from '../../workflow/index-pairs.js';
import { showName } from '../../plan/index-name.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { copyChanges, renderVerification, verifyIndices } from '../../report/verify.js';
import { renderIdsVerification, verifyIds } from '../../report/verify-ids.js';
import { UsageError } from '../cli-error.js';
import { engineOptionSpecs, parseIdTemplate, parseQuery, parseRenameRules, parseTypeHandling, timeWindow } from '../engine-options.js';
import { buildQuery } from '../../read/search-body.js';
import type { Output } from '../output.js';
import { connectBoth } from '../workflow/sides.js';
import { connectionSpecs, destIndexSpec, listEntries, missingSpec, renameArgs, nonNegativeInteger, selectionSpecs, sides, type Argv, type OptionSpecs } from './common.js';

export const verifyOptionSpecs: OptionSpecs = {
  ...connectionSpecs,
  ...selectionSpecs,
  ...destIndexSpec,
  ...missingSpec,
  rename: engineOptionSpecs.rename!,
  query: engineOptionSpecs.query!,
  'time-field': engineOptionSpecs['time-field']!,
  // what the copy changed on purpose, so sampled documents are compared with what it wrote
  types: { ...engineOptionSpecs.types!, group: 'Verify:', describe: 'the --types the copy used: with merge:FIELD the sampled destination documents are expected to hold the source type in FIELD' },
  'parent-join': { ...engineOptionSpecs['parent-join']!, group: 'Verify:', describe: 'the --parent-join FIELD the copy used: sampled documents are expected to hold the join value in FIELD' },
  'id-template': { ...engineOptionSpecs['id-template']!, group: 'Verify:', describe: 'the --id-template the copy used: sampled documents are looked up on the destination by the templated id' },
  since: { ...engineOptionSpecs.since!, describe: 'only count docs with time-field >= this on both sides' },
  until: { ...engineOptionSpecs.until!, describe: 'only count docs with time-field < this on both sides' },
  sample: { type: 'number', group: 'Verify:', describe: 'also compare this many random source documents with the destination by _id (_source deep-equal)' },
  seed: { type: 'number', group: 'Verify:', describe: 'random seed for --sample (repeatable checks)' },
  ids: { type: 'boolean', group: 'Verify:', describe: 'compare every _id on both sides (bounded memory): lists ids missing on the destination and ids only on the destination' },
  'delete-dest-only': { type: 'boolean', group: 'Verify:', describe: 'with --ids: delete destination-only ids (documents deleted on the source after they were copied)' },
  json: { type: 'boolean', group: 'Output:', describe: 'print the result as JSON' },
};

export async function verifyCommand(argv: Argv, out: Output): Promise<ExitCodeValue> {
  const conn = sides(argv, out);
  const entries = await listEntries(argv);
  const query = argv.query !== undefined ? await parseQuery(String(argv.query)) : undefined;
  const window = timeWindow(argv);
  const sample = nonNegativeInteger(argv, 'sample', 0);
  const changes = copyChanges(parseTypeHandling(argv.types), parseIdTemplate(argv), argv['parent-join'] !== undefined ? String(argv['parent-join']) : undefined);
  if (argv['delete-dest-only'] === true && argv.ids !== true) throw new UsageError('--delete-dest-only works with --ids');
  const rename = parseRenameRules(renameArgs(argv, entries));
  const both = await connectBoth(conn.source, conn.dest);
  try {
    const { pairs, unmatched } = await resolvePairs(both.source.transport, entries, rename);
    const missing = unmatchedProblem(unmatched, argv['allow-missing'] === true, argv.list as string | undefined);
    if (missing) throw new UsageError(missing);
    for (const u of unmatched) out.warn(`warning: ${showName(u.pattern)} (${argv.list !== undefined ? `${String(argv.list)}:${u.line}` : '--index'}) matches no index on the source (--allow-missing)`);
    const countQuery = buildQuery({ query, ...window });
    const result = await verifyIndices(
      both.source.transport,
      both.dest.transport,
      pairs,
      { sample, query: countQuery, seed: argv.seed as number | undefined, changes, destFeatures: both.dest.cluster.dialect.features },
    );
    const ids = argv.ids === true
      ? await verifyIds(
          { transport: both.source.transport, dialect: both.source.cluster.dialect },
          { transport: both.dest.transport, dialect: both.dest.cluster.dialect },
          pairs,
          { query: countQuery, deleteDestOnly: argv['delete-dest-only'] === true },
        )
      : undefined;
    if (argv.json === true) out.result(JSON.stringify(ids ? { ...result, ids, ok: result.ok && ids.every((r) => r.ok) } : result, null, 2));
    else {
      out.result(renderVerification(result));
      if (ids) out.result(renderIdsVerification(ids, argv['delete-dest-only'] === true));
    }
    // counts were taken before destination-only ids were deleted: judge them net of the deletions
    const deletedIn = (dest: string) => ids?.find((r) => r.destIndex === dest)?.stats.deleted?.deleted ?? 0;
    const countsOk = result.indices.every(
      (v) => !v.error && v.missing.length === 0 && v.different.length === 0 && v.destCount !== null && v.destCount - deletedIn(v.destIndex) === v.sourceCount,
    );
    const ok = (argv['delete-dest-only'] === true ? countsOk : result.ok) && (ids ? ids.every((r) => r.ok) : true);
    return ok ? ExitCode.success : ExitCode.verifyMismatch;
  } finally {
    await both.close();
  }
}
