// Write modes through the library: op_type create twice (the second run skips everything), and
// external versions (a copy never overwrites a destination doc with a higher version).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
// the engine alone (documents only); the library's copy() with metadata is tested in test/library
import { copy } from '../../src/engine/copy.js';
import { type CopyOptions, type CopyReport } from '../../src/index.js';
import { acquireClusters, clusterPairs, type AcquiredClusters } from '../support/clusters.js';
import { makeDocs, sourcesById, TIME_PROPERTIES } from './support/docs.js';
import { cliInProcess, shown } from './support/cli.js';

async function run(c: AcquiredClusters, index: string, extra: Partial<CopyOptions>): Promise<CopyReport> {
  const handle = copy({ source: { nodes: c.source.url }, dest: { nodes: c.dest.url }, sourceIndex: index, pageSize: 40, bulkDocs: 25, ...extra });
  const logs: string[] = [];
  handle.on('log', (l) => logs.push(l));
  const report = await handle.done;
  assert.equal(report.accountingOk, true, `accounting: ${JSON.stringify(report.totals)}`);
  assert.equal(report.outcome, 'success', `${report.reason ?? ''} ${JSON.stringify(report.totals)}\n${logs.join('\n')}`);
  return report;
}

// The CopyOptions docs (and `--version-type` in the CLI) say versionType alone writes the source
// _version as the external version.
const EXTERNAL_VARIANTS: { name: string; options: Partial<CopyOptions> }[] = [
  { name: 'keepVersion + versionType external', options: { keepVersion: true, versionType: 'external' } },
  { name: 'versionField rev', options: { versionType: 'external', versionField: 'rev' } },
  { name: 'versionType external alone', options: { versionType: 'external' } },
];

type Totals = CopyReport['totals'];
type Copier = (c: AcquiredClusters, index: string) => Promise<Totals>;
const libraryCopier = (options: Partial<CopyOptions>): Copier => async (c, index) => (await run(c, index, options)).totals;

/** `esferry copy --version-type external` in process, totals from its --report file */
const cliCopier = (): Copier => async (c, index) => {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-it-'));
  try {
    const file = join(dir, 'report.json');
    const r = await cliInProcess(['copy', '--source', c.source.url, '--dest', c.dest.url, '--index', index, '--version-type', 'external', '--progress', 'none', '--report', file]);
    assert.equal(r.code, 0, shown(r));
    return JSON.parse(await readFile(file, 'utf8')).totals as Totals;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

async function externalVersions(pair: { sourceVersion: string; destVersion: string }, copier: Copier): Promise<void> {
  const c = await acquireClusters(pair);
  try {
    const index = c.indexName('extver');
    // source: 60 docs at external version 5 (also in field rev, for the versionField variant)
    const docs = makeDocs('ev', 60).map((d) => ({ ...d, _version: 5, _source: { ...d._source, rev: 5 } }));
    await c.source.seed(index, docs, { shards: 2, properties: TIME_PROPERTIES });
    // destination already holds ev-0..9 at version 9 (newer) and ev-10..19 at version 2 (older)
    const newer = docs.slice(0, 10).map((d) => ({ ...d, _version: 9, _source: { ...d._source, rev: 9, msg: 'newer on the destination' } }));
    const older = docs.slice(10, 20).map((d) => ({ ...d, _version: 2, _source: { ...d._source, rev: 2, msg: 'older on the destination' } }));
    await c.dest.seed(index, [...newer, ...older], { shards: 2, properties: TIME_PROPERTIES });

    const totals = await copier(c, index);
    const got = sourcesById(await c.dest.docs(index));
    assert.equal(got.size, 60);
    for (const d of newer) assert.deepEqual(got.get(d._id), d._source, `${d._id} keeps the newer destination version`);
    for (const d of docs.slice(10)) assert.deepEqual(got.get(d._id), d._source, `${d._id} has the source content`);
    assert.equal(totals.read, 60);
    assert.equal(totals.skipped, 10, 'the 10 newer destination docs are version conflicts, counted as skipped');
    assert.equal(totals.written, 50);

    // a rerun changes nothing: every doc now has an equal or higher version
    const again = await copier(c, index);
    assert.deepEqual([again.written, again.skipped], [0, 60]);
  } finally {
    await c.release();
  }
}

for (const pair of clusterPairs()) {
  test(`op type create twice: the second run skips every doc: ${pair.label}`, async () => {
    const c = await acquireClusters(pair);
    try {
      const index = c.indexName('create');
      const docs = makeDocs('cr', 90);
      await c.source.seed(index, docs, { shards: 2, properties: TIME_PROPERTIES });
      const first = await run(c, index, { opType: 'create' });
      assert.deepEqual([first.totals.read, first.totals.written, first.totals.skipped], [90, 90, 0], 'first run writes all');
      const second = await run(c, index, { opType: 'create' });
      assert.deepEqual([second.totals.read, second.totals.written, second.totals.skipped, second.totals.deadLettered], [90, 0, 90, 0], 'second run skips all');
      assert.equal(await c.dest.count(index), 90);
    } finally {
      await c.release();
    }
  });

  for (const variant of EXTERNAL_VARIANTS) {
    test(`external versions (${variant.name}) never overwrite newer destination docs: ${pair.label}`, () => externalVersions(pair, libraryCopier(variant.options)));
  }
}

// `--version-type external` without --version-field versions by the source _version.
const first = clusterPairs()[0]!;
test(`CLI copy --version-type external never overwrites newer destination docs: ${first.label}`, () => externalVersions(first, cliCopier()));
