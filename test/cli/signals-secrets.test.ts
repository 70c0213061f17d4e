// SIGINT in the middle of a slow load: destination settings restored, exit 130. And a password in
// a URL never appears in output or in the report.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { flatSettings } from './support/http.js';
import { runCli, runInProcess, startCli } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-sig-'));
  src = await startTestCluster({ version: '6.8' });
  await src.seedCorpus('logs-2026.11.01', 5000);
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

test('SIGINT mid-run restores destination settings and exits 130', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    dst.faults.latencyMs = 150;
    const report = join(dir, 'sigint.json');
    const run = startCli(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.01', '--bulk-docs', '100', '--writers', '1', '--read-mode', 'scroll', '--page-size', '100', '--max-in-flight-docs', '200', '--report', report, '--progress', 'lines', '--progress-interval', '0.2']);
    // wait until documents are flowing (the tuning is applied before the first bulk)
    const started = Date.now();
    while (!/progress [1-9]/.test(run.stderrSoFar())) {
      if (Date.now() - started > 15_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(run.stderrSoFar(), /progress [1-9]/, 'copy was running');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr + r.stdout);
    dst.faults.latencyMs = 0;
    const s = await flatSettings(dst.url, 'logs-2026.11.01');
    assert.notEqual(s['index.refresh_interval'], '-1', 'refresh restored');
    assert.notEqual(s['index.number_of_replicas'], '0', 'replicas restored');
    const rep = JSON.parse(await readFile(report, 'utf8'));
    assert.equal(rep.outcome, 'cancelled');
    assert.equal(rep.exitCode, 130);
    assert.ok(rep.tuning[0].restoredAt);
  } finally {
    await dst.close();
  }
});

test('a URL password never appears in any output or in the report', async () => {
  const auth = (password: string) => ({ username: 'esuser', password });
  const src2 = await startTestCluster({ version: '6.8', auth: auth('S0urcePassw0rd') });
  const dst = await startTestCluster({ version: '8', auth: auth('D3stPassw0rd') });
  try {
    await src2.seedCorpus('logs-2026.11.02', 500);
    const report = join(dir, 'secret.json');
    const withCreds = (url: string, pw: string) => url.replace('://', `://esuser:${pw}@`);
    const r = await runCli([
      'copy', '--source', withCreds(src2.url, 'S0urcePassw0rd'), '--dest', withCreds(dst.url, 'D3stPassw0rd'), '--index', 'logs-2026.11.02',
      '--report', report, '--progress', 'lines', '--verify',
    ]);
    const text = r.stdout + r.stderr + (await readFile(report, 'utf8'));
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(text, /S0urcePassw0rd|D3stPassw0rd/);
    const plan = await runInProcess(['plan', '--source', withCreds(src2.url, 'S0urcePassw0rd'), '--dest', dst.url, '--dest-user', 'esuser', '--index', 'logs-*', '--json'], { ESFERRY_DEST_PASSWORD: 'D3stPassw0rd' });
    assert.equal(plan.code, 0, plan.stderr);
    assert.doesNotMatch(plan.stdout + plan.stderr, /S0urcePassw0rd|D3stPassw0rd/);
    // wrong password: exit 3, one line, the wrong password not echoed either
    const status = await runInProcess(['status', '--source', withCreds(src2.url, 'S0urcePassw0rd'), '--dest', withCreds(dst.url, 'nope-Wr0ngPass'), '--index', 'logs-*']);
    assert.equal(status.code, 3, status.stderr);
    assert.doesNotMatch(status.stdout + status.stderr, /S0urcePassw0rd|Wr0ngPass/);
  } finally {
    await Promise.allSettled([src2.close(), dst.close()]);
  }
});
