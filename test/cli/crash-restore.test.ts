// A run killed while the destination is tuned (kill -9, a second Ctrl-C) leaves the original
// settings saved on the index; `status` shows the index as left tuned, and the next run — resumed,
// plain, or with --no-tune — restores the originals instead of taking -1 / 0 for them.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { count, es, flatSettings } from './support/http.js';
import { runInProcess, startCli } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;
const INDEX = 'logs-2026.11.04';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-crash-'));
  src = await startTestCluster({ version: '6.8' });
  await src.seedCorpus(INDEX, 3000);
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Starts a slow copy and waits until the destination index is tuned. */
async function startTuned(dst: Cluster, extra: string[]) {
  dst.faults.latencyMs = 100;
  const run = startCli(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--bulk-docs', '50', '--writers', '1', '--read-mode', 'scroll', '--page-size', '50', '--progress', 'lines', '--progress-interval', '0.2', ...extra]);
  const started = Date.now();
  for (;;) {
    const idx = dst.state.indices.get(INDEX);
    if (idx && String(idx.settings.refresh_interval) === '-1' && /progress [1-9]/.test(run.stderrSoFar())) break;
    if (Date.now() - started > 20_000) throw new Error(`never tuned: ${run.stderrSoFar()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return run;
}

async function assertRestored(dst: Cluster) {
  const s = await flatSettings(dst.url, INDEX);
  assert.equal(s['index.refresh_interval'], undefined, 'refresh_interval back to the default');
  assert.equal(s['index.number_of_replicas'], '1');
  const m = await es(dst.url, 'GET', `/${INDEX}/_mapping`);
  assert.equal(JSON.stringify(m.body).includes('esferry_tuning'), false, 'the saved originals are removed once restored');
}

for (const rerun of [
  { label: 'resumed with --state', first: ['--state', 'STATE'], again: ['--state', 'STATE', '--resume'] },
  { label: 'plain rerun', first: [], again: [] },
  { label: 'rerun with --no-tune', first: [], again: ['--no-tune'] },
]) {
  test(`kill -9 while tuned, then ${rerun.label}: the original settings come back`, async () => {
    const dst = await startTestCluster({ version: '7.17' });
    const state = join(dir, `state-${Math.random().toString(36).slice(2)}.json`);
    const args = (a: string[]) => a.map((x) => (x === 'STATE' ? state : x));
    try {
      const run = await startTuned(dst, args(rerun.first));
      run.child.kill('SIGKILL');
      await run.done;
      dst.faults.latencyMs = 0;
      assert.equal((await flatSettings(dst.url, INDEX))['index.refresh_interval'], '-1', 'left tuned by the killed run');
      const status = await runInProcess(['status', '--source', src.url, '--dest', dst.url, '--index', INDEX]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`LEFT TUNED: ${INDEX} still has refresh off and no replicas`));
      assert.match(status.stdout, /"number_of_replicas":"1"/);
      const again = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--quiet', ...args(rerun.again)]);
      assert.equal(again.code, 0, again.stderr + again.stdout);
      assert.match(again.stdout, /tuning: 1\/1 destination indices restored/);
      await assertRestored(dst);
      assert.equal(await count(dst.url, INDEX), 3000);
      const after = await runInProcess(['status', '--source', src.url, '--dest', dst.url, '--index', INDEX]);
      assert.doesNotMatch(after.stdout, /LEFT TUNED/);
    } finally {
      await dst.close();
    }
  });
}

test('double Ctrl-C leaves the originals saved; the next run restores them', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  try {
    const run = await startTuned(dst, []);
    // slow enough that the clean cancel (bulk on the wire, restore) is still going when the second signal comes
    dst.faults.latencyMs = 2000;
    run.child.kill('SIGINT');
    while (!/cancelling/.test(run.stderrSoFar())) await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    dst.faults.latencyMs = 0;
    // the restore may have been on the wire when the process left (and lands anyway), but the saved
    // originals are only removed after it came back: they are still there for the next run
    const m = await es(dst.url, 'GET', `/${INDEX}/_mapping`);
    assert.match(JSON.stringify(m.body), /esferry_tuning/);
    const again = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--quiet']);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    await assertRestored(dst);
  } finally {
    await dst.close();
  }
});

test('after a copy the documents are searchable at once (refresh interval restored, one refresh)', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    // _count without a refresh of our own: what a user querying right after the run sees
    const c = await es(dst.url, 'GET', `/${INDEX}/_count`);
    assert.equal(c.body.count, 3000);
  } finally {
    await dst.close();
  }
});

test('a destination that refuses the mapping update holding the originals is not tuned at all', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    await es(dst.url, 'PUT', `/${INDEX}`, { settings: { number_of_replicas: 1 } });
    dst.faults.failRate({ status: 500, fraction: 1, routes: /^PUT \/[^/]+\/_mapping/ });
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', INDEX, '--quiet']);
    dst.faults.reset();
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`WARNING ${INDEX}: load tuning not applied`));
    await assertRestored(dst);
    assert.equal(await count(dst.url, INDEX), 3000);
  } finally {
    await dst.close();
  }
});
