// `esferry verify`: counts per index on both sides and sampled documents compared by _id.
import { listAliases, listIndices } from '../../meta/admin.js';
import { renameIndex } from '../../plan/rename.js';
import { resolveEntries } from '../../plan/resolve.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { renderVerification, verifyIndices } from '../../report/verify.js';
import { UsageError } from '../cli-error.js';
import { effectiveQuery, engineOptionSpecs, parseQuery, parseRenameRules } from '../engine-options.js';
import type { Output } from '../output.js';
import { connectBoth } from '../workflow/sides.js';
import { connectionSpecs, listEntries, nonNegativeInteger, selectionSpecs, sides, type Argv, type OptionSpecs } from './common.js';

export const verifyOptionSpecs: OptionSpecs = {
  ...connectionSpecs,
  ...selectionSpecs,
  rename: engineOptionSpecs.rename!,
  query: engineOptionSpecs.query!,
  'time-field': engineOptionSpecs['time-field']!,
  since: { ...engineOptionSpecs.since!, describe: 'only count docs with time-field >= this on both sides' },
  until: { ...engineOptionSpecs.until!, describe: 'only count docs with time-field < this on both sides' },
  sample: { type: 'number', group: 'Verify:', describe: 'also compare this many random source documents with the destination by _id (_source deep-equal)' },
  seed: { type: 'number', group: 'Verify:', describe: 'random seed for --sample (repeatable checks)' },
  json: { type: 'boolean', group: 'Output:', describe: 'print the result as JSON' },
};

export async function verifyCommand(argv: Argv, out: Output): Promise<ExitCodeValue> {
  const conn = sides(argv, out);
  const entries = await listEntries(argv);
  const query = argv.query !== undefined ? await parseQuery(String(argv.query)) : undefined;
  const timeField = argv['time-field'] as string | undefined;
  if ((argv.since !== undefined || argv.until !== undefined) && !timeField) throw new UsageError('--since/--until need --time-field (the date field to filter on, e.g. @timestamp)');
  const sample = nonNegativeInteger(argv, 'sample', 0);
  const rename = parseRenameRules(argv.rename);
  const both = await connectBoth(conn.source, conn.dest);
  try {
    const resolution = resolveEntries(entries, await listIndices(both.source.transport), await listAliases(both.source.transport));
    for (const u of resolution.unmatched) out.warn(`warning: "${u.pattern}" (line ${u.line}) matches no index on the source`);
    const result = await verifyIndices(
      both.source.transport,
      both.dest.transport,
      resolution.indices.map((i) => ({ source: i.name, dest: renameIndex(i.name, rename) })),
      { sample, query: effectiveQuery({ query, timeField, since: argv.since as string | undefined, until: argv.until as string | undefined }), seed: argv.seed as number | undefined },
    );
    out.result(argv.json === true ? JSON.stringify(result, null, 2) : renderVerification(result));
    return result.ok ? ExitCode.success : ExitCode.verifyMismatch;
  } finally {
    await both.close();
  }
}
