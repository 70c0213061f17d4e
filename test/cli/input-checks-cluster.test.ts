// Input problems that need clusters to show: aliases with --dest-index, list entries that match
// nothing, commands agreeing on options, the side named in errors, servers that never answer.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/connect.js';
import { EsferryError } from '../../src/cluster/errors.js';
import { bulkDocs, count, es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dst: Cluster;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-input-cl-'));
  [src, dst] = await Promise.all([startTestCluster({ version: '7.17' }), startTestCluster({ version: '8.15' })]);
  await es(src.url, 'PUT', '/events-2026.11.01', { mappings: { properties: { n: { type: 'long' } } } });
  await bulkDocs(src.url, 'events-2026.11.01', Array.from({ length: 12 }, (_, i) => ({ id: `e${i}`, source: { n: i } })));
  await es(src.url, 'POST', '/_aliases', { actions: [{ add: { index: 'events-2026.11.01', alias: 'events-current' } }] });
});

after(async () => {
  await Promise.all([src?.close(), dst?.close()]);
  await rm(dir, { recursive: true, force: true });
});

const both = () => ['--source', src.url, '--dest', dst.url];
const exists = async (index: string) => (await es(dst.url, 'HEAD', `/${index}`)).status === 200;

test('--dest-index applies when --index is an alias (not the alias\'s concrete index name)', async () => {
  const r = await runInProcess(['copy', ...both(), '--index', 'events-current', '--dest-index', 'events-v2', '--quiet']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(await count(dst.url, 'events-v2'), 12);
  assert.equal(await exists('events-2026.11.01'), false, 'nothing written under the concrete source name');
  // verify takes --dest-index as well and compares the same pair
  const v = await runInProcess(['verify', ...both(), '--index', 'events-current', '--dest-index', 'events-v2']);
  assert.equal(v.code, 0, v.stderr + v.stdout);
  assert.match(v.stdout, /events-v2/);
});

test('a list entry matching no index stops the run before anything is written (exit 2), unless --allow-missing', async () => {
  const list = join(dir, 'list.txt');
  await writeFile(list, 'events-2026.11.01\nevnets-typo\n');
  const r = await runInProcess(['run', ...both(), '--list', list, '--quiet']);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /no source index matches "evnets-typo" \(.*list\.txt:2\).*--allow-missing/);
  assert.equal(await exists('events-2026.11.01'), false, 'nothing copied');
  const ok = await runInProcess(['run', ...both(), '--list', list, '--allow-missing', '--quiet', '--recreate']);
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  assert.match(ok.stderr, /"evnets-typo" .* matches no index on the source/);
  assert.equal(await count(dst.url, 'events-2026.11.01'), 12);
});

test('commands agree: plan and verify --index nosuch exit 2 like copy; run accepts --index', async () => {
  for (const cmd of ['plan', 'verify', 'copy']) {
    const r = await runInProcess([cmd, ...both(), '--index', 'nosuch']);
    assert.equal(r.code, 2, `${cmd}: ${r.stderr}${r.stdout}`);
    assert.match(r.stderr, /no (source )?index (on the source )?matches "nosuch"/);
  }
  const run = await runInProcess(['run', ...both(), '--index', 'events-2026.11.01', '--dest-index', 'events-run', '--quiet']);
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.equal(await count(dst.url, 'events-run'), 12);
});

test('--report into a folder that does not exist yet: the folder is created and the report written', async () => {
  const report = join(dir, 'reports', 'nightly', 'r.json');
  const r = await runInProcess(['copy', ...both(), '--index', 'events-2026.11.01', '--dest-index', 'events-rep', '--report', report, '--quiet']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(JSON.parse(await readFile(report, 'utf8')).outcome, 'success');
});

test('--time-field must exist in the source mapping: exit 2 before anything is written', async () => {
  const r = await runInProcess(['copy', ...both(), '--index', 'events-2026.11.01', '--dest-index', 'events-tf', '--time-field', 'timestamp', '--since', 'now-1d']);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /--time-field "timestamp" is not a field of events-2026\.11\.01/);
  assert.equal(await exists('events-tf'), false);
});

/** a server answering GET / like Elasticsearch 8 and 403 to everything else, as a locked-down user sees it */
async function forbiddingCluster(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/') {
      res.end(JSON.stringify({ name: 'n', cluster_name: 'locked', cluster_uuid: 'u-locked', version: { number: '8.15.0', build_flavor: 'default' }, tagline: 'You Know, for Search' }));
      return;
    }
    res.statusCode = 403;
    res.end(JSON.stringify({ error: { type: 'security_exception', reason: 'action [indices:monitor/stats] is unauthorized for user [writer] with roles [ingest_only]' }, status: 403 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

test('a destination 403 is an authorization failure with the missing privilege, naming --dest-* options', async () => {
  const locked = await forbiddingCluster();
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', locked.url, '--index', 'events-2026.11.01']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /authorization failed/);
    assert.match(r.stderr, /is unauthorized for user \[writer\] with roles \[ingest_only\]/);
    assert.match(r.stderr, /--dest-user/);
    assert.doesNotMatch(r.stderr, /--source-|authentication failed/);
  } finally {
    await locked.close();
  }
});

test('a proxy\'s 502 HTML page is shown as its status line and text, not "<html>"', async () => {
  const server: Server = createServer((req, res) => {
    res.statusCode = 502;
    res.setHeader('content-type', 'text/html');
    res.end('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const r = await runInProcess(['copy', '--source', url, '--dest', dst.url, '--index', 'a']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /HTTP 502 Bad Gateway: HTML page: 502 Bad Gateway nginx\/1\.25\.3/);
    assert.doesNotMatch(r.stderr, /<html>/);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('a server that accepts the connection and never answers is reported quickly, saying what was awaited', async () => {
  const sockets = new Set<Socket>();
  const silent = createTcpServer((s) => sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  try {
    await assert.rejects(connect({ nodes: url, connectTimeoutMs: 300 }), (e: EsferryError) => {
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.3 s: waited for the reply to GET \/ \(version detection\)/);
      return true;
    });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
});
