// Engine flags (--read-mode, --slices, --bulk-docs, ...) → CopyOptions, 1:1, with a clear message for
// every value that cannot work. Loading --query @file and --transform modules happens here too.
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CopyOptions, ReadMode, TransformFn } from '../engine/types.js';
import { idTemplateProblem } from '../pipeline/id-template.js';
import { wholeNumberProblem } from '../engine/check-options.js';
import { unsafeIntegerIn } from '../pipeline/doc-json.js';
import type { TypeHandling } from '../meta/mappings.js';
import { parseRenameRule, type RenameRule } from '../plan/rename.js';
import { UsageError } from './cli-error.js';

type Spec = { type: 'string' | 'number' | 'boolean' | 'array'; describe: string; group: string; choices?: string[]; default?: unknown };

const READ = 'Reading:';
const WRITE = 'Writing:';
const XFORM = 'Transforming:';

export const engineOptionSpecs: Record<string, Spec> = {
  'read-mode': { type: 'string', group: READ, choices: ['auto', 'scroll', 'sliced-scroll', 'search-after', 'pit'], describe: 'how to read the source: auto picks the fastest the source supports (sliced scroll, PIT, search_after, scroll)' },
  slices: { type: 'string', group: READ, describe: 'parallel slices per index for sliced reads: a number or "auto" (one per primary shard)' },
  'page-size': { type: 'number', group: READ, describe: 'documents per search page (default chosen by the engine)' },
  'scroll-keep-alive': { type: 'string', group: READ, describe: 'scroll context keep-alive, e.g. 5m' },
  'max-page-bytes': { type: 'string', group: READ, describe: 'cap on the bytes of one search page (e.g. 20mb); the page size adapts down to stay under it' },
  query: { type: 'string', group: READ, describe: 'only copy documents matching this query: a JSON query object ({"term":{...}}) or @file.json' },
  'time-field': { type: 'string', group: READ, describe: 'date field used by --since/--until' },
  since: { type: 'string', group: READ, describe: 'copy docs with time-field >= this (date math or ISO date, e.g. now-1d, 2026-11-01); with --state, "last" = everything newer than the previous successful run' },
  until: { type: 'string', group: READ, describe: 'copy docs with time-field < this' },
  'source-includes': { type: 'string', group: READ, describe: 'comma-separated _source fields to copy (wildcards allowed)' },
  'source-excludes': { type: 'string', group: READ, describe: 'comma-separated _source fields to leave out' },
  transform: { type: 'string', group: XFORM, describe: 'ES module whose default export (or named export "transform") maps a doc → doc | doc[] | null (dropped); may be async' },
  rename: { type: 'array', group: XFORM, describe: "destination names: 'logs-*=v2-logs-*' (repeatable; first matching rule wins)" },
  'parent-join': { type: 'string', group: XFORM, describe: '2.x/5.x parent/child indices to 6.0+: map _parent relations to a join field of this name and fill it from each doc\'s type and parent (use with --types merge:FIELD or drop)' },
  types: { type: 'string', group: XFORM, describe: 'mapping types: keep, drop, or merge:FIELD (several types into one index; the old type name goes into FIELD); default: keep where the destination has types' },
  'id-template': { type: 'string', group: XFORM, describe: "destination _id built from {type}, {index} and {id}, e.g. '{type}#{id}': with --types merge:FIELD/drop, documents whose ids repeat across types stay apart instead of overwriting each other" },
  'keep-version': { type: 'boolean', group: WRITE, describe: 'write each doc with its source _version as an external version' },
  'op-type': { type: 'string', group: WRITE, choices: ['index', 'create'], describe: 'index overwrites existing ids; create skips them (counted as skipped)' },
  'version-type': { type: 'string', group: WRITE, choices: ['external', 'external_gte'], describe: 'write with external versions so an older copy never overwrites a newer doc' },
  'version-field': { type: 'string', group: WRITE, describe: 'source field holding the external version (dates become epoch millis); default the source _version' },
  'bulk-docs': { type: 'number', group: WRITE, describe: 'max documents per bulk request' },
  'bulk-bytes': { type: 'string', group: WRITE, describe: 'max bytes per bulk request (e.g. 5mb)' },
  writers: { type: 'number', group: WRITE, describe: 'fixed number of concurrent bulk writers (turns off adaptation)' },
  'min-writers': { type: 'number', group: WRITE, describe: 'lower bound for adaptive writers' },
  'max-writers': { type: 'number', group: WRITE, describe: 'upper bound for adaptive writers' },
  'retry-budget': { type: 'number', group: WRITE, describe: 'consecutive failures of one bulk request that are not rejections (connection lost, timeout, 502/504) before the run fails (default 8)' },
  'stall-timeout': { type: 'string', group: WRITE, describe: 'rejections (429/503) are retried until the destination acknowledged nothing for this long, e.g. 10m, 90s (default 10m); then the index fails, resumable' },
  'bulk-grouping': { type: 'string', choices: ['auto', 'shard', 'none'], group: WRITE, describe: 'build each bulk from few destination shards, so a small write pool is not overrun by one bulk (auto: when the shard layout is readable)' },
  'max-in-flight-docs': { type: 'number', group: WRITE, describe: 'documents allowed between reader and writers (bounds memory)' },
  'max-in-flight-bytes': { type: 'string', group: WRITE, describe: 'bytes allowed between reader and writers, e.g. 256mb (bounds memory)' },
  'dead-letter': { type: 'string', group: WRITE, describe: 'NDJSON file receiving documents that could not be written, with the reason' },
  'allow-drop-all': { type: 'boolean', group: WRITE, describe: 'finish with exit 0 even when the transform dropped every document of an index (returned null for each)' },
  'allow-failures': { type: 'boolean', group: WRITE, describe: 'finish with exit 0 even when documents were dead-lettered' },
};

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/** "90s", "10m", "1h", "500ms" or plain seconds */
export function parseDurationMs(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} takes a duration such as 90s, 10m or 1h, got "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(m[1]) * unit);
  if (ms < 1000) throw new UsageError(`${flag} must be at least 1s, got "${text}"`);
  return ms;
}

export function parseBytes(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? SIZE_UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`${flag} must be a size like 5mb or 1048576, got "${text}"`);
  return Math.round(Number(m[1]) * unit);
}

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const problem = wholeNumberProblem(v, 1);
  if (problem) throw new UsageError(`${flag} ${problem}, got "${String(v)}"`);
  return Number(v);
}

function list(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const out = String(v).split(',').map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

// Elasticsearch date math (`now-1d/d`, `2026-11-01||+1M`), ISO dates and epoch millis
const DATE_MATH = '(?:[+-]\\d+[yMwdhHms])*(?:/[yMwdhHms])?';
const ISO = '\\d{4}(?:-\\d{2}(?:-\\d{2}(?:[T ]\\d{2}(?::\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?)?)?';
const DATE_VALUE = new RegExp(`^(?:now${DATE_MATH}|${ISO}(?:\\|\\|${DATE_MATH})?|\\d{5,})$`);

/** --since/--until are checked before connecting: a typo is exit 2, not a server error halfway. */
export function parseDateValue(v: unknown, flag: string): string {
  const text = String(v).trim();
  const iso = /^\d{4}-/.test(text) ? text.split('||')[0]! : undefined;
  if (!DATE_VALUE.test(text) || (iso !== undefined && Number.isNaN(Date.parse(iso.replace(' ', 'T'))))) {
    throw new UsageError(`${flag} must be a date (2026-11-01, 2026-11-01T12:00:00Z), epoch milliseconds or date math (now-1d, now/d), got "${text}"`);
  }
  return text;
}

/** --time-field/--since/--until of plan, verify and copy alike */
export function timeWindow(argv: Record<string, unknown>): { timeField?: string; since?: string; until?: string } {
  const since = argv.since === undefined ? undefined : parseDateValue(argv.since, '--since');
  const until = argv.until === undefined ? undefined : parseDateValue(argv.until, '--until');
  const timeField = argv['time-field'] === undefined ? undefined : String(argv['time-field']).trim();
  if (timeField === '') throw new UsageError('--time-field needs a field name (e.g. @timestamp)');
  if ((since !== undefined || until !== undefined) && !timeField) throw new UsageError('--since/--until need --time-field (the date field to filter on, e.g. @timestamp)');
  return { ...(timeField ? { timeField } : {}), ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

export async function parseQuery(text: string): Promise<Record<string, unknown>> {
  let json = text;
  if (text.startsWith('@')) {
    try {
      json = await readFile(text.slice(1), 'utf8');
    } catch {
      throw new UsageError(`--query: cannot read file "${text.slice(1)}"`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new UsageError(`--query is not valid JSON (${(err as Error).message}); give a query object like '{"term":{"status":500}}' or @file.json`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--query must be a JSON object such as {"match_all":{}}');
  // JSON.parse rounds it, and the query would silently match other documents (or none)
  const unsafe = unsafeIntegerIn(json);
  if (unsafe) throw new UsageError(`--query: ${unsafe} is beyond 2^53 and would be rounded; write it as a string ("${unsafe}"), which Elasticsearch reads exactly for long fields`);
  // accept both the bare query and a {"query": {...}} search body
  const obj = parsed as Record<string, unknown>;
  return Object.keys(obj).length === 1 && obj.query && typeof obj.query === 'object' ? (obj.query as Record<string, unknown>) : obj;
}

export async function loadTransform(file: string): Promise<TransformFn> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolvePath(file)).href)) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`--transform: cannot load "${file}": ${(err as Error).message.split('\n')[0]}`);
  }
  const fn = typeof mod.default === 'function' ? mod.default : mod.transform;
  if (typeof fn !== 'function') throw new UsageError(`--transform: "${file}" must export a function (default export or a named export "transform")`);
  return fn as TransformFn;
}

export function parseTypeHandling(v: unknown): TypeHandling {
  if (v === undefined) return 'auto';
  const s = String(v);
  if (s === 'keep' || s === 'drop' || s === 'auto') return s;
  const m = /^merge:([A-Za-z0-9_@.-]+)$/.exec(s);
  if (m) return { mergeIntoField: m[1]! };
  throw new UsageError(`--types must be keep, drop or merge:FIELD, got "${s}"`);
}

export function parseRenameRules(v: unknown): RenameRule[] {
  const items = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return items.map((t) => {
    const r = parseRenameRule(String(t));
    if (typeof r === 'string') throw new UsageError(r);
    return r;
  });
}

export interface EngineSettings {
  options: Omit<CopyOptions, 'source' | 'dest' | 'sourceIndex'>;
  typeHandling: TypeHandling;
  rename: RenameRule[];
  /** --parent-join FIELD */
  parentJoinField?: string;
}

/** --id-template, checked before connecting */
export function parseIdTemplate(argv: Record<string, unknown>): string | undefined {
  if (argv['id-template'] === undefined) return undefined;
  const template = String(argv['id-template']);
  const problem = idTemplateProblem(template);
  if (problem) throw new UsageError(`--id-template "${template}" ${problem}`);
  if (argv['parent-join'] !== undefined) throw new UsageError('--id-template cannot be combined with --parent-join: children would still name their parents by the old ids');
  return template;
}

export async function buildEngineSettings(argv: Record<string, unknown>): Promise<EngineSettings> {
  const o: EngineSettings['options'] = {};
  if (argv['read-mode'] !== undefined) o.readMode = argv['read-mode'] as ReadMode;
  if (argv.slices !== undefined) o.slices = argv.slices === 'auto' ? 'auto' : positiveInt(argv.slices, '--slices');
  o.pageSize = positiveInt(argv['page-size'], '--page-size');
  if (argv['scroll-keep-alive'] !== undefined) {
    const k = String(argv['scroll-keep-alive']);
    if (!/^\d+(ms|s|m|h|d)$/.test(k)) throw new UsageError(`--scroll-keep-alive must be a time value like 5m, got "${k}"`);
    o.scrollKeepAlive = k;
  }
  if (argv['max-page-bytes'] !== undefined) o.maxPageBytes = parseBytes(String(argv['max-page-bytes']), '--max-page-bytes');
  if (argv.query !== undefined) o.query = await parseQuery(String(argv.query));
  Object.assign(o, timeWindow(argv));
  o.sourceIncludes = list(argv['source-includes']);
  o.sourceExcludes = list(argv['source-excludes']);
  if (argv.transform !== undefined) o.transform = await loadTransform(String(argv.transform));
  const typeHandling = parseTypeHandling(argv.types);
  o.typeHandling = typeHandling;
  o.idTemplate = parseIdTemplate(argv);
  if (argv['op-type'] !== undefined) o.opType = argv['op-type'] as 'index' | 'create';
  if (argv['version-type'] !== undefined) o.versionType = argv['version-type'] as 'external' | 'external_gte';
  if (argv['version-field'] !== undefined) {
    if (!o.versionType) throw new UsageError('--version-field needs --version-type external (or external_gte)');
    o.versionField = String(argv['version-field']);
  }
  o.bulkDocs = positiveInt(argv['bulk-docs'], '--bulk-docs');
  if (argv['bulk-bytes'] !== undefined) o.bulkBytes = parseBytes(String(argv['bulk-bytes']), '--bulk-bytes');
  o.writers = positiveInt(argv.writers, '--writers');
  o.minWriters = positiveInt(argv['min-writers'], '--min-writers');
  o.maxWriters = positiveInt(argv['max-writers'], '--max-writers');
  if (o.minWriters && o.maxWriters && o.minWriters > o.maxWriters) throw new UsageError(`--min-writers (${o.minWriters}) is larger than --max-writers (${o.maxWriters})`);
  if (argv['retry-budget'] !== undefined) {
    const problem = wholeNumberProblem(argv['retry-budget'], 0);
    if (problem) throw new UsageError(`--retry-budget ${problem}`);
    o.retryBudget = Number(argv['retry-budget']);
  }
  if (argv['stall-timeout'] !== undefined) o.stallTimeoutMs = parseDurationMs(String(argv['stall-timeout']), '--stall-timeout');
  if (argv['bulk-grouping'] !== undefined) o.bulkGrouping = argv['bulk-grouping'] as 'auto' | 'shard' | 'none';
  if (argv['keep-version'] === true) o.keepVersion = true;
  // --version-type without --version-field versions by the source _version (as the help says)
  if (o.versionType && !o.versionField) o.keepVersion = true;
  o.maxInFlightDocs = positiveInt(argv['max-in-flight-docs'], '--max-in-flight-docs');
  if (argv['max-in-flight-bytes'] !== undefined) o.maxInFlightBytes = parseBytes(String(argv['max-in-flight-bytes']), '--max-in-flight-bytes');
  if (argv['dead-letter'] !== undefined) o.deadLetterFile = String(argv['dead-letter']);
  if (argv['allow-failures'] === true) o.allowFailures = true;
  if (argv['allow-drop-all'] === true) o.allowDropAll = true;
  for (const k of Object.keys(o) as (keyof typeof o)[]) if (o[k] === undefined) delete o[k];
  let parentJoinField: string | undefined;
  if (argv['parent-join'] !== undefined) {
    parentJoinField = String(argv['parent-join']);
    if (!/^[A-Za-z][A-Za-z0-9_@-]*$/.test(parentJoinField)) throw new UsageError(`--parent-join needs a plain field name, got "${parentJoinField}"`);
  }
  return { options: o, typeHandling, rename: parseRenameRules(argv.rename), ...(parentJoinField ? { parentJoinField } : {}) };
}

