// status --coordinate (table and --json) and run --coordinate --retry-failed, through the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, es } from '../cli/support/http.js';
import { runInProcess } from '../cli/support/run-cli.js';

test('status --coordinate shows the items; a failed item stays failed until --retry-failed copies it', async () => {
  const source = await startTestCluster({ version: '7.17' });
  const dest = await startTestCluster({ version: 'opensearch-2.11' });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'esferry-coord-'));
    const list = join(dir, 'list.txt');
    writeFileSync(list, 'ok-1\nbad-1\n');
    await bulkDocs(source.url, 'ok-1', Array.from({ length: 20 }, (_, i) => ({ id: `o${i}`, source: { n: i } })));
    await bulkDocs(source.url, 'bad-1', [...Array.from({ length: 9 }, (_, i) => ({ id: `b${i}`, source: { n: i } })), { id: 'b9', source: { n: 9, v: 'not a number' } }]);
    // the destination refuses one document of bad-1: its item fails
    await es(dest.url, 'PUT', '/bad-1', { mappings: { properties: { n: { type: 'integer' }, v: { type: 'integer' } } } });
    const before = await runInProcess(['status', '--dest', dest.url, '--coordinate', 'mig']);
    assert.equal(before.code, 0);
    assert.match(before.stdout, /no migration planned yet/);

    const args = ['run', '--source', source.url, '--dest', dest.url, '--list', list, '--coordinate', 'mig', '--progress', 'none', '--dead-letter', join(dir, 'dead.ndjson')];
    const first = await runInProcess([...args, '--json']);
    assert.equal(first.code, 1, first.stderr);
    // --json: the end status is the one stdout document, messages are JSON lines
    const end = JSON.parse(first.stdout) as { coordinate: string; finishedByThisWorker: number; rows: { item: string; state: string }[] };
    assert.equal(end.coordinate, 'mig');
    assert.equal(end.finishedByThisWorker, 1);
    assert.deepEqual(end.rows.map((r) => [r.item, r.state]), [['ok-1', 'done'], ['bad-1', 'failed']]);
    for (const line of first.stderr.trim().split('\n').filter(Boolean)) assert.ok(typeof (JSON.parse(line) as { event: string }).event === 'string', line);
    const st = await runInProcess(['status', '--dest', dest.url, '--coordinate', 'mig', '--json']);
    assert.equal(st.code, 1);
    const rows = (JSON.parse(st.stdout) as { rows: Array<{ item: string; state: string; error: string | null; acknowledged: number }> }).rows;
    assert.deepEqual(rows.map((r) => [r.item, r.state]), [['ok-1', 'done'], ['bad-1', 'failed']]);
    assert.match(rows[1]!.error ?? '', /refused/);

    // a plain rerun joins the finished migration and leaves the failed item alone
    const again = await runInProcess(args);
    assert.equal(again.code, 1);
    // fixed at the source, the failed item is claimed again with --retry-failed
    await bulkDocs(source.url, 'bad-1', [{ id: 'b9', source: { n: 9 } }]);
    const retry = await runInProcess([...args, '--retry-failed']);
    assert.equal(retry.code, 0, retry.stderr);
    const table = await runInProcess(['status', '--dest', dest.url, '--coordinate', 'mig']);
    assert.match(table.stdout, /2 items — 2 done/);
    await es(dest.url, 'POST', '/bad-1/_refresh');
    assert.equal((await es<{ count: number }>(dest.url, 'GET', '/bad-1/_count')).body.count, 10);
  } finally {
    await source.close();
    await dest.close();
  }
});
