// copy() checks its options before connecting, with the same rules the CLI applies to its flags:
// a library caller gets one clear EsferryError naming the option, never a TypeError, a crawl
// (maxInFlightDocs: 0) or a whole index read and dead-lettered into an invalid destination name.
import { EsferryError } from '../cluster/errors.js';
import { idTemplateProblem } from '../pipeline/id-template.js';
import { indexNameProblem, showName } from '../plan/index-name.js';
import type { CopyOptions } from './types.js';
import type { ConnectOptions } from '../cluster/connect-options.js';

/** Why `v` is not a whole number >= min (a number or a numeric string), or undefined. */
export function wholeNumberProblem(v: unknown, min: number): string | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= min ? undefined : `must be a whole number >= ${min}`;
}

const AT_LEAST_ONE = [
  'pageSize', 'maxPageBytes', 'bulkDocs', 'bulkBytes', 'writers', 'minWriters', 'maxWriters', 'maxInFlightDocs',
  'maxInFlightBytes', 'indexParallelism', 'stallTimeoutMs', 'progressIntervalMs', 'maxReadAhead',
] as const;

const CHOICES: Partial<Record<keyof CopyOptions, readonly string[]>> = {
  readMode: ['auto', 'scroll', 'sliced-scroll', 'search-after', 'pit'],
  opType: ['index', 'create'],
  versionType: ['external', 'external_gte'],
  bulkGrouping: ['auto', 'shard', 'none'],
};

const FUNCTIONS = ['transform', 'checkpoint'] as const;

function bad(message: string): never {
  throw new EsferryError('bad_input', `copy(): ${message}`);
}

const shown = (v: unknown) => (typeof v === 'string' ? showName(v) : typeof v === 'bigint' ? `${v}n` : String(v));

function checkSide(name: 'source' | 'dest', v: unknown): void {
  if (!v || typeof v !== 'object') bad(`${name} is required: { nodes: 'http://host:9200' }`);
  const nodes = (v as { nodes?: unknown }).nodes;
  const list = Array.isArray(nodes) ? nodes : [nodes];
  if (list.length === 0 || list.some((n) => typeof n !== 'string' || n.trim() === '')) bad(`${name}.nodes must be a URL or a list of URLs`);
  const c = v as ConnectOptions;
  for (const k of ['requestTimeoutMs', 'connectTimeoutMs'] as const) {
    const x = c[k];
    if (x !== undefined && (typeof x !== 'number' || !Number.isFinite(x) || x <= 0)) bad(`${name}.${k} must be a number of milliseconds > 0, got ${shown(x)}`);
  }
  if (c.maxSockets !== undefined && (typeof c.maxSockets !== 'number' || wholeNumberProblem(c.maxSockets, 1))) bad(`${name}.maxSockets must be a whole number >= 1, got ${shown(c.maxSockets)}`);
}

function checkNames(o: CopyOptions): void {
  if (typeof o.sourceIndex !== 'string' || o.sourceIndex.trim() === '') {
    bad('sourceIndex is required: an index name, alias, comma list or wildcard pattern');
  }
  for (const raw of o.sourceIndex.split(',')) {
    const entry = raw.trim().replace(/^-/, '');
    const problem = indexNameProblem(entry);
    if (problem) bad(`sourceIndex ${showName(raw.trim())}: ${problem}`);
  }
  if (o.destIndex !== undefined && typeof o.destIndex !== 'function') {
    if (typeof o.destIndex !== 'string') bad(`destIndex must be an index name or a function, got ${shown(o.destIndex)}`);
    const problem = indexNameProblem(o.destIndex);
    if (problem) bad(`destIndex ${showName(o.destIndex)}: ${problem}`);
  }
}

/** A destination name as it will be created (after `*` patterns or a destIndex function). */
export function checkDestinationName(name: unknown, sourceIndex: string): void {
  const problem = typeof name === 'string' ? indexNameProblem(name, false) : 'is not a string';
  if (problem) bad(`destination of ${showName(sourceIndex)} is ${shown(name)}, which ${problem.startsWith('is ') ? problem : `is not a valid index name (${problem})`}`);
}

function checkNumbers(o: CopyOptions): void {
  for (const k of AT_LEAST_ONE) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'number' || wholeNumberProblem(v, 1))) bad(`${k} must be a whole number >= 1, got ${shown(v)}`);
  }
  if (o.retryBudget !== undefined && (typeof o.retryBudget !== 'number' || wholeNumberProblem(o.retryBudget, 0))) {
    bad(`retryBudget must be a whole number >= 0, got ${shown(o.retryBudget)}`);
  }
  if (o.slices !== undefined && o.slices !== 'auto' && (typeof o.slices !== 'number' || wholeNumberProblem(o.slices, 1))) {
    bad(`slices must be 'auto' or a whole number >= 1, got ${shown(o.slices)}`);
  }
  if (o.minWriters !== undefined && o.maxWriters !== undefined && o.minWriters > o.maxWriters) {
    bad(`minWriters (${o.minWriters}) is larger than maxWriters (${o.maxWriters})`);
  }
  if (o.slice !== undefined) {
    const { id, max } = o.slice;
    if (wholeNumberProblem(max, 1) || wholeNumberProblem(id, 0) || id >= max) bad(`slice needs whole numbers 0 <= id < max, got ${shown(id)}/${shown(max)}`);
  }
}

function checkChoices(o: CopyOptions): void {
  for (const [k, allowed] of Object.entries(CHOICES) as Array<[keyof CopyOptions, readonly string[]]>) {
    const v = o[k];
    if (v !== undefined && !allowed.includes(v as string)) bad(`${k} must be one of ${allowed.join(', ')}, got ${shown(v)}`);
  }
  const t = o.typeHandling;
  if (t !== undefined && !['auto', 'keep', 'drop'].includes(t as string)) {
    if (typeof t !== 'object' || t === null || typeof t.mergeIntoField !== 'string' || t.mergeIntoField === '') {
      bad(`typeHandling must be 'auto', 'keep', 'drop' or { mergeIntoField: 'FIELD' }, got ${shown(JSON.stringify(t))}`);
    }
  }
  for (const k of FUNCTIONS) if (o[k] !== undefined && typeof o[k] !== 'function') bad(`${k} must be a function`);
  if (o.deadLetterFile !== undefined && (typeof o.deadLetterFile !== 'string' || o.deadLetterFile.trim() === '')) bad('deadLetterFile must be a file path');
  const idProblem = o.idTemplate !== undefined ? (typeof o.idTemplate === 'string' ? idTemplateProblem(o.idTemplate) : 'is not a string') : undefined;
  if (idProblem) bad(`idTemplate ${shown(o.idTemplate)} ${idProblem}`);
}

/** Throws EsferryError('bad_input') naming the first unusable option; nothing is connected or read yet. */
export function checkCopyOptions(o: CopyOptions): void {
  if (!o || typeof o !== 'object') bad('takes an options object');
  checkSide('source', o.source);
  checkSide('dest', o.dest);
  checkNames(o);
  checkNumbers(o);
  checkChoices(o);
}
