// Delta run with --since: after a full copy, only documents whose time field is at or after the
// boundary are copied again — new ones arrive, changed recent ones are updated, and a changed doc
// with an old timestamp is left as it was (it is outside the delta).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireClusters, clusterPairs } from '../support/clusters.js';
import { cliInProcess, shown } from './support/cli.js';
import { makeDocs, sourcesById, TIME_PROPERTIES } from './support/docs.js';

const BOUNDARY = '2026-11-06T00:00:00Z';
const RECENT = '2026-11-06T12:00:00Z';

for (const pair of clusterPairs()) {
  test(`delta run with --since copies only newer docs: ${pair.label}`, async () => {
    const c = await acquireClusters(pair);
    const dir = await mkdtemp(join(tmpdir(), 'esferry-it-'));
    try {
      const index = c.indexName('delta');
      const base = makeDocs('dl', 80); // days 1..4, all before the boundary
      await c.source.seed(index, base, { shards: 2, properties: TIME_PROPERTIES });
      const conn = ['--source', c.source.url, '--dest', c.dest.url, '--index', index, '--progress', 'none'];
      const full = await cliInProcess(['copy', ...conn]);
      assert.equal(full.code, 0, shown(full));
      assert.equal(await c.dest.count(index), 80);

      // on the source: 12 new docs and 3 updates after the boundary, 1 update with an old timestamp
      const added = makeDocs('dl', 12, { from: 80 }).map((d) => ({ ...d, _source: { ...d._source, '@timestamp': RECENT } }));
      const updated = base.slice(0, 3).map((d) => ({ ...d, _source: { ...d._source, '@timestamp': RECENT, msg: 'updated after the boundary' } }));
      const stale = { ...base[5]!, _source: { ...base[5]!._source, msg: 'changed, but its timestamp is old' } };
      await c.source.seed(index, [...added, ...updated, stale]);

      const reportFile = join(dir, 'delta.json');
      const delta = await cliInProcess(['copy', ...conn, '--time-field', '@timestamp', '--since', BOUNDARY, '--report', reportFile]);
      assert.equal(delta.code, 0, shown(delta));
      const report = JSON.parse(await readFile(reportFile, 'utf8'));
      assert.equal(report.accountingOk, true);
      assert.equal(report.totals.read, 15, `only the 15 docs at/after ${BOUNDARY} are read: ${JSON.stringify(report.totals)}`);
      assert.equal(report.totals.written, 15);

      const got = sourcesById(await c.dest.docs(index));
      assert.equal(got.size, 92);
      for (const d of [...added, ...updated]) assert.deepEqual(got.get(d._id), d._source, `${d._id} is current`);
      assert.deepEqual(got.get(stale._id), base[5]!._source, 'the old-timestamp change is outside the delta');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await c.release();
    }
  });
}
