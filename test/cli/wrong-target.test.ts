// More ways a run could damage a cluster or report success over a loss, each refused or repaired:
// templates/aliases copied onto the cluster they come from, a state index that is also a copy
// target, and saved "done" progress for a destination index that no longer exists.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, count, es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;
let viaLocalhost: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-target-'));
  src = await startTestCluster({ version: '7.17' });
  viaLocalhost = src.url.replace('127.0.0.1', 'localhost');
  await bulkDocs(src.url, 'app-1', Array.from({ length: 25 }, (_, i) => ({ id: `a${i}`, source: { i } })));
  await es(src.url, 'POST', '/_aliases', { actions: [{ add: { index: 'app-1', alias: 'app' } }] });
  await es(src.url, 'PUT', '/_template/app', { index_patterns: ['app-*'], settings: { number_of_shards: 1 } });
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

for (const flag of ['--copy-aliases', '--copy-templates']) {
  test(`${flag} onto the same cluster is refused: the source's own ${flag === '--copy-aliases' ? 'aliases' : 'templates'} stay as they are`, async () => {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', viaLocalhost, '--index', 'app-1', '--rename', 'app-*=copy-app-*', flag]);
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`refusing ${flag}: source and destination are the same cluster \\(cluster_uuid `));
    assert.equal((await es(src.url, 'HEAD', '/copy-app-1')).status, 404);
    const aliases = await es(src.url, 'GET', '/_alias/app');
    assert.deepEqual(Object.keys(aliases.body), ['app-1']);
    const tpl = await es(src.url, 'GET', '/_template/app');
    assert.deepEqual(tpl.body.app.index_patterns, ['app-*']);
  });
}

test('a state index that is also a destination of the run is refused', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'app-1', '--state-index', 'app-1']);
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, /refusing --state-index app-1: it is also a destination index of this run/);
    assert.equal((await es(dst.url, 'HEAD', '/app-1')).status, 404);
  } finally {
    await dst.close();
  }
});

test('state says "done" but the destination index is gone: copied again, not skipped', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  const state = join(dir, 'state.json');
  try {
    const args = ['copy', '--source', src.url, '--dest', dst.url, '--index', 'app-1', '--state', state, '--quiet'];
    assert.equal((await runInProcess(args)).code, 0);
    await es(dst.url, 'DELETE', '/app-1');
    const again = await runInProcess(args);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(await count(dst.url, 'app-1'), 25);
  } finally {
    await dst.close();
  }
});
