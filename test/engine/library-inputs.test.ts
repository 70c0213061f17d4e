// copy() as a library: its options are checked like the CLI's flags (one clear EsferryError naming
// the option, before connecting), and the embedding process is left alone: no file in the current
// directory unless deadLetterFile is given, no V8 flag switched, no forced GC by default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncBuiltinESMExports } from 'node:module';
import v8 from 'node:v8';
import { copy, EsferryError, type CopyOptions, type DeadLetterEvent } from '../../src/index.js';
import { bulkDocs, es } from '../cli/support/http.js';
import { balanced, cluster } from './support/copy-helpers.js';

// nothing listens on port 9: a check that passes would end in a connection error instead
const nowhere = { source: { nodes: 'http://127.0.0.1:9' }, dest: { nodes: 'http://127.0.0.1:9' }, sourceIndex: 'logs' };

async function refused(options: unknown, pattern: RegExp): Promise<void> {
  const err = await copy(options as CopyOptions).done.then(
    () => assert.fail('copy() should have refused these options'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof EsferryError, `not an EsferryError: ${String(err)}`);
  assert.equal(err.kind, 'bad_input', err.message);
  assert.match(err.message, pattern);
}

test('an invalid destination name is refused before connecting', async () => {
  await refused({ ...nowhere, destIndex: 'Logs-Copy' }, /destIndex "Logs-Copy": must be lowercase/);
  await refused({ ...nowhere, destIndex: 'a b' }, /destIndex "a b": must not contain spaces/);
  await refused({ ...nowhere, destIndex: 'x#1' }, /destIndex "x#1"/);
  await refused({ ...nowhere, sourceIndex: 'logs#1' }, /sourceIndex "logs#1"/);
});

test('a destIndex function giving an invalid name is refused before a document is read', async (t) => {
  const src = await cluster(t, { version: '8' });
  const dst = await cluster(t, { version: '8' });
  await bulkDocs(src.url, 'logs', Array.from({ length: 30 }, (_, i) => ({ id: String(i), source: { n: i } })));
  await refused({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', destIndex: (s: string) => s.toUpperCase() }, /destination of "logs" is "LOGS", which is not a valid index name \(must be lowercase\)/);
  const indices = await es(dst.url, 'GET', '/_cat/indices?format=json');
  assert.deepEqual(indices.body, []);
});

test('a missing or empty sourceIndex, or missing clusters, are clear errors, not TypeErrors', async () => {
  await refused({ source: nowhere.source, dest: nowhere.dest }, /sourceIndex is required/);
  await refused({ ...nowhere, sourceIndex: '  ' }, /sourceIndex is required/);
  await refused({ ...nowhere, sourceIndex: 42 }, /sourceIndex is required/);
  await refused({ dest: nowhere.dest, sourceIndex: 'logs' }, /source is required/);
  await refused({ ...nowhere, dest: { nodes: [] } }, /dest\.nodes must be a URL/);
  await refused(undefined, /takes an options object/);
});

test('numbers: 0, negative, NaN, fractions and strings are refused with the option name', async () => {
  await refused({ ...nowhere, maxInFlightDocs: 0 }, /maxInFlightDocs must be a whole number >= 1, got 0/);
  await refused({ ...nowhere, bulkDocs: -5 }, /bulkDocs must be a whole number >= 1, got -5/);
  await refused({ ...nowhere, writers: Number.NaN }, /writers must be a whole number >= 1, got NaN/);
  await refused({ ...nowhere, pageSize: 2.5 }, /pageSize must be a whole number >= 1/);
  await refused({ ...nowhere, maxInFlightBytes: '5mb' }, /maxInFlightBytes must be a whole number >= 1, got "5mb"/);
  await refused({ ...nowhere, retryBudget: -1 }, /retryBudget must be a whole number >= 0/);
  await refused({ ...nowhere, slices: 0 }, /slices must be 'auto' or a whole number >= 1/);
  await refused({ ...nowhere, minWriters: 8, maxWriters: 2 }, /minWriters \(8\) is larger than maxWriters \(2\)/);
  await refused({ ...nowhere, progressIntervalMs: Infinity }, /progressIntervalMs must be a whole number >= 1/);
  await refused({ ...nowhere, dest: { nodes: 'http://127.0.0.1:9', requestTimeoutMs: -1 } }, /dest\.requestTimeoutMs must be a number of milliseconds > 0, got -1/);
  await refused({ ...nowhere, source: { nodes: 'http://127.0.0.1:9', connectTimeoutMs: 0 } }, /source\.connectTimeoutMs must be a number of milliseconds > 0, got 0/);
});

test('choices and functions are checked too', async () => {
  await refused({ ...nowhere, readMode: 'fast' }, /readMode must be one of auto, scroll, sliced-scroll, search-after, pit, got "fast"/);
  await refused({ ...nowhere, opType: 'upsert' }, /opType must be one of index, create/);
  await refused({ ...nowhere, typeHandling: { mergeIntoField: '' } }, /typeHandling must be/);
  await refused({ ...nowhere, transform: 'x => x' }, /transform must be a function/);
  await refused({ ...nowhere, idTemplate: '{typ}#{id}' }, /idTemplate "\{typ\}#\{id\}" unknown placeholder/);
});

test('refused documents without deadLetterFile: events, no file in the current directory, no V8 flag switched', async (t) => {
  const src = await cluster(t, { version: '8' });
  const dst = await cluster(t, { version: '8' });
  await bulkDocs(src.url, 'logs', Array.from({ length: 20 }, (_, i) => ({ id: String(i), source: { n: i % 4 === 0 ? 'not a number' : i } })));
  for (const index of ['logs', 'logs-strict']) await es(dst.url, 'PUT', `/${index}`, { mappings: { properties: { n: { type: 'long' } } } });
  const cwd = mkdtempSync(join(tmpdir(), 'esferry-cwd-'));
  const before = process.cwd();
  const flags: string[] = [];
  const original = v8.setFlagsFromString;
  v8.setFlagsFromString = (f: string) => void flags.push(f);
  syncBuiltinESMExports();
  process.chdir(cwd);
  try {
    const h = copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', allowFailures: true });
    const events: DeadLetterEvent[] = [];
    h.on('deadLetter', (d) => events.push(d));
    const report = await h.done;
    balanced(report);
    assert.equal(report.totals.deadLettered, 5);
    assert.deepEqual(events.map((e) => e.id).sort(), ['0', '12', '16', '4', '8']);
    assert.equal(events[0]!.sourceIndex, 'logs');
    assert.equal(events[0]!.status, 400);
    assert.match(events[0]!.source.toString(), /not a number/);
    assert.equal(report.deadLetterFile, undefined);
    assert.deepEqual(readdirSync(cwd), [], 'nothing written into the current directory');
    assert.deepEqual(flags, [], 'no V8 flag switched at run time');
    // without allowFailures the reason says where the documents went
    const strict = await copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', destIndex: 'logs-strict' }).done;
    assert.equal(strict.outcome, 'failed');
    assert.match(strict.reason ?? '', /'deadLetter' events \(no deadLetterFile given\)/);
    assert.deepEqual(readdirSync(cwd), []);
  } finally {
    process.chdir(before);
    v8.setFlagsFromString = original;
    syncBuiltinESMExports();
  }
});
