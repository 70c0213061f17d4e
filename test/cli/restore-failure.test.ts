// A restore of destination settings that fails is printed loudly with the exact command to fix it,
// the run counts as failed (exit 1), and the report records the unrestored index.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-restore-'));
  src = await startTestCluster({ version: '7.17' });
  await src.seedCorpus('logs-2026.11.01', 2000, '');
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

test('failed restore: loud block with the curl command, exit 1, report lists it', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    // the destination starts refusing settings changes once the load tuning is in place
    const tuned = () => {
      const idx = dst.state.indices.get('logs-2026.11.01');
      return idx !== undefined && String(idx.settings.refresh_interval) === '-1';
    };
    const timer = setInterval(() => {
      if (tuned()) {
        clearInterval(timer);
        dst.faults.failRate({ status: 500, fraction: 1, routes: /^PUT \/[^/]+\/_settings/ });
      }
    }, 5);
    const report = join(dir, 'report.json');
    dst.faults.latencyMs = 20;
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.01', '--report', report, '--quiet']);
    clearInterval(timer);
    dst.faults.reset();
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /!! 1 destination index setting\(s\) NOT restored/);
    assert.match(r.stderr, /curl -X PUT -H 'Content-Type: application\/json' 'http:\/\/127\.0\.0\.1:\d+\/logs-2026\.11\.01\/_settings' -d '\{"index":\{"refresh_interval":null,"number_of_replicas":"1"\}\}'/);
    const rep = JSON.parse(await readFile(report, 'utf8'));
    assert.equal(rep.outcome, 'failed');
    assert.match(rep.reason, /restore/);
    assert.equal(rep.tuning[0].restoredAt, undefined);
    assert.ok(rep.tuning[0].restoreError);
  } finally {
    await dst.close();
  }
});

test('a destination restarting while the settings are restored: the restore waits for it, exit 0', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    // the first PUT _settings tunes the index for loading, the second (the restore) is applied but its answer is lost
    dst.faults.restartOn({ routes: /^PUT \/[^/]+\/_settings/, nth: 2, downMs: 1000 });
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.01', '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /tuning: 1\/1 destination indices restored/);
    const s = await fetch(`${dst.url}/logs-2026.11.01/_settings?flat_settings=true`).then((x) => x.json() as Promise<Record<string, { settings: Record<string, string> }>>);
    assert.equal(s['logs-2026.11.01']!.settings['index.number_of_replicas'], '1');
    assert.equal(s['logs-2026.11.01']!.settings['index.refresh_interval'], undefined);
  } finally {
    await dst.close();
  }
});
