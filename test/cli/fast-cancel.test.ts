// SIGTERM / Ctrl-C on a slow destination: reading stops at once, only the bulk already on the wire
// finishes, settings are restored, exit 130. Documents read but not sent are reported as not
// written and a resume copies them. The library's cancel() does the same; abort() also cuts the
// bulk on the wire.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/engine/copy.js';
import { count, flatSettings } from './support/http.js';
import { runInProcess, startCli } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;
const INDEX = 'logs-2026.11.05';
const TOTAL = 3000;
const BULK = 20;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-cancel-'));
  src = await startTestCluster({ version: '6.8' });
  await src.seedCorpus(INDEX, TOTAL);
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

function bulks(c: Cluster): number {
  return Object.entries(c.stats.byRoute).filter(([route]) => route.includes('_bulk')).reduce((n, [, v]) => n + v, 0);
}

function stored(c: Cluster, index: string): number {
  return c.state.indices.get(index)?.shards.reduce((n, s) => n + s.docs.size, 0) ?? 0;
}

test('SIGTERM: at most the bulk on the wire is written after the signal; exit 130; a resume copies the rest', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  const state = join(dir, 'state.json');
  const report = join(dir, 'report.json');
  try {
    dst.faults.latencyMs = 100;
    const run = startCli(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--bulk-docs', String(BULK), '--writers', '1',
      '--read-mode', 'scroll', '--page-size', '500', '--state', state, '--report', report, '--progress', 'lines', '--progress-interval', '0.2']);
    while (stored(dst, INDEX) < 2 * BULK) await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGTERM');
    // the CLI prints this line in the same turn in which it stops its writers: no bulk starts after it
    while (!/SIGTERM: cancelling/.test(run.stderrSoFar())) await new Promise((r) => setTimeout(r, 5));
    const bulksAtCancel = bulks(dst);
    const r = await run.done;
    dst.faults.latencyMs = 0;
    assert.equal(r.code, 130, r.stderr);
    // at most one bulk (one writer) can still have been travelling to the cluster when the line was read
    assert.ok(bulks(dst) - bulksAtCancel <= 1, `${bulks(dst) - bulksAtCancel} bulk requests after the cancel`);
    assert.equal((await flatSettings(dst.url, INDEX))['index.refresh_interval'], undefined, 'settings restored');
    const rep = JSON.parse(await readFile(report, 'utf8'));
    const idx = rep.indices[0].report;
    assert.equal(rep.outcome, 'cancelled');
    assert.equal(rep.accountingOk, true);
    assert.ok(idx.notWritten > 0, JSON.stringify(idx));
    assert.equal(idx.read, idx.written + idx.notWritten + idx.skipped + idx.deadLettered + idx.dropped);
    assert.match(r.stderr, /read but not written/);
    const again = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--state', state, '--resume', '--quiet']);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(await count(dst.url, INDEX), TOTAL);
  } finally {
    await dst.close();
  }
});

test('library cancel(): stops at once, unsent documents are not written, the books balance', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  try {
    dst.faults.latencyMs = 50;
    const handle = copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: INDEX, destIndex: 'lib-cancel', writers: 1, bulkDocs: BULK, pageSize: 500, readMode: 'scroll' });
    let bulksAtCancel = -1;
    handle.on('progress', (p) => {
      if (p.written >= BULK && bulksAtCancel < 0) {
        handle.cancel('test');
        bulksAtCancel = bulks(dst);
      }
    });
    const rep = await handle.done;
    assert.equal(rep.outcome, 'cancelled');
    assert.equal(rep.accountingOk, true, rep.reason);
    const idx = rep.indices[0]!;
    assert.ok((idx.notWritten ?? 0) > 0);
    assert.equal(idx.read, idx.written + (idx.notWritten ?? 0));
    // same process: a bulk sent before cancel() may not have reached the cluster's counter yet
    assert.ok(bulks(dst) - bulksAtCancel <= 1, `${bulks(dst) - bulksAtCancel} bulk requests after cancel()`);
  } finally {
    await dst.close();
  }
});

test('library abort(): the bulk on the wire is cut and counted as not written', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  try {
    dst.faults.latencyMs = 2000;
    const handle = copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: INDEX, destIndex: 'lib-abort', writers: 1, bulkDocs: BULK, pageSize: 500, readMode: 'scroll' });
    while (!Object.keys(dst.stats.byRoute).some((k) => k.includes('_bulk'))) await new Promise((r) => setTimeout(r, 10));
    handle.abort('test');
    const rep = await handle.done;
    dst.faults.latencyMs = 0;
    assert.equal(rep.outcome, 'cancelled');
    assert.equal(rep.accountingOk, true, rep.reason);
    const idx = rep.indices[0]!;
    assert.equal(idx.written, 0);
    assert.equal(idx.notWritten, idx.read);
  } finally {
    await dst.close();
  }
});

test('SIGTERM with a destination that stops answering: the hung bulk is cut, the restore given up after its limit, exit 130; the next run restores', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    dst.faults.latencyMs = 100;
    const run = startCli(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--bulk-docs', String(BULK), '--writers', '1',
      '--read-mode', 'scroll', '--page-size', '500', '--progress', 'lines', '--progress-interval', '0.2']);
    while (stored(dst, INDEX) < 2 * BULK) await new Promise((r) => setTimeout(r, 10));
    // from now on every request hangs longer than the grace period and the restore limit; wait for a bulk to hang
    dst.faults.latencyMs = 5000;
    const before = bulks(dst);
    while (bulks(dst) === before) await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGTERM');
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /aborting the bulks in flight/);
    assert.match(r.stderr, /NOT restored/);
    dst.faults.latencyMs = 0;
    const again = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--quiet']);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal((await flatSettings(dst.url, INDEX))['index.refresh_interval'], undefined);
    assert.equal(await count(dst.url, INDEX), TOTAL);
  } finally {
    await dst.close();
  }
});
