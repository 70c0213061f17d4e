// A second SIGINT exits at once and prints the commands that restore the settings still changed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { es } from './support/http.js';
import { startCli } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dst: Cluster;

before(async () => {
  src = await startTestCluster({ version: '6.8' });
  dst = await startTestCluster({ version: '7.17' });
  await src.seedCorpus('logs-2026.11.03', 3000);
});

after(async () => {
  await Promise.allSettled([src?.close(), dst?.close()]);
});

test('second SIGINT: immediate exit 130 with curl restore commands for the tuned index', async () => {
  dst.faults.latencyMs = 300;
  const run = startCli(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-2026.11.03', '--bulk-docs', '100', '--writers', '1', '--read-mode', 'scroll', '--page-size', '100', '--progress', 'lines', '--progress-interval', '0.2']);
  const started = Date.now();
  while (!/progress [1-9]/.test(run.stderrSoFar()) && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 50));
  run.child.kill('SIGINT');
  while (!/cancelling/.test(run.stderrSoFar()) && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
  run.child.kill('SIGINT');
  const r = await run.done;
  dst.faults.latencyMs = 0;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /SIGINT again: exiting now/);
  assert.match(r.stderr, /curl -X PUT -H 'Content-Type: application\/json' 'http:\/\/127\.0\.0\.1:\d+\/logs-2026\.11\.03\/_settings' -d '\{"index":\{"refresh_interval":null,"number_of_replicas":"1"\}\}'/);
  // the index was left tuned (a restore already on the wire may still land): its saved originals
  // stay on the index until a restore came back, for the printed command or the next run
  const m = await es(dst.url, 'GET', '/logs-2026.11.03/_mapping');
  assert.match(JSON.stringify(m.body), /esferry_tuning/);
});
