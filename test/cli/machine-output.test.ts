// Output for programs and for debugging: copy/run --json (one JSON document on stdout, JSON lines
// on stderr), status --watch --json (one JSON object per line), --debug (one line per request,
// credentials never shown). Real binary where the process boundary matters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs } from './support/http.js';
import { runCli, runInProcess, startCli } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dst: Cluster;
const PASSWORD = 'dest-secret-9911';

before(async () => {
  src = await startTestCluster({ version: '7.17' });
  dst = await startTestCluster({ version: '8.15', auth: { username: 'elastic', password: PASSWORD } });
  await bulkDocs(src.url, 'logs-a', Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, source: { n: i } })));
});

after(async () => {
  await Promise.allSettled([src?.close(), dst?.close()]);
});

function jsonLines(text: string): Record<string, unknown>[] {
  return text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('copy --json: stdout is one JSON document (the run report), every stderr line a JSON object', async () => {
  const r = await runCli(['copy', '--source', src.url, '--dest', dst.url, '--dest-user', 'elastic', '--index', 'logs-a', '--dest-index', 'json-a', '--json'], { ESFERRY_DEST_PASSWORD: PASSWORD });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { outcome: string; totals: { written: number }; indices: { destIndex: string }[] };
  assert.equal(report.outcome, 'success');
  assert.equal(report.totals.written, 50);
  assert.equal(report.indices[0]!.destIndex, 'json-a');
  const events = jsonLines(r.stderr);
  assert.ok(events.some((e) => e.event === 'start' && e.index === 'logs-a'), r.stderr);
  assert.ok(events.some((e) => e.event === 'finish' && e.index === 'logs-a'), r.stderr);
  assert.ok(!r.stderr.includes(PASSWORD) && !r.stdout.includes(PASSWORD));
});

test('--json errors are JSON lines too, and a bad run still ends with exit 2', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--dest-user', 'elastic', '--dest-password', PASSWORD, '--index', 'nothing-here', '--json']);
  assert.equal(r.code, 2, r.stderr);
  const events = jsonLines(r.stderr);
  assert.ok(events.some((e) => e.event === 'error' && /nothing-here/.test(String(e.message))), r.stderr);
  const unknown = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-a', '--bulk-dogs', '5', '--json']);
  assert.equal(unknown.code, 2);
  assert.deepEqual(jsonLines(unknown.stderr).map((e) => e.event), ['error'], unknown.stderr);
  assert.match(String(jsonLines(unknown.stderr)[0]!.message), /Unknown arguments?: bulk-dogs/);
});

test('--debug logs every request with method, URL, status and ms, never the password or auth header', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', `${dst.url.replace('http://', `http://elastic:${PASSWORD}@`)}`, '--index', 'logs-a', '--dest-index', 'debug-a', '--debug', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('debug: '));
  const port = new URL(dst.url).port;
  assert.ok(lines.some((l) => new RegExp(`^debug: GET http://127\\.0\\.0\\.1:${port}/ → 200 in \\d+ ms$`).test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^debug: (POST|PUT) http:\/\/127\.0\.0\.1:\d+\/[^ ]*_bulk[^ ]* → 200 in \d+ ms$/.test(l)), lines.join('\n'));
  assert.ok(!r.stderr.includes(PASSWORD), 'no password');
  assert.ok(!/authorization|basic /i.test(r.stderr), 'no auth header');
  assert.ok(!r.stderr.includes('elastic:'), 'no user info in URLs');
});

test('status --watch N --json prints one JSON object per line, each stamped with its time', async () => {
  const cli = startCli(['status', '--source', src.url, '--dest', dst.url, '--dest-user', 'elastic', '--index', 'logs-a', '--rename', 'logs-a=json-a', '--watch', '1', '--json'], { ESFERRY_DEST_PASSWORD: PASSWORD });
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    cli.child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.split('\n').length > 2) resolve();
    });
    cli.child.on('exit', () => reject(new Error(`exited early: ${cli.stderrSoFar()}`)));
  });
  cli.child.kill('SIGINT');
  const r = await cli.done;
  assert.equal(r.code, 0, r.stderr);
  const looks = jsonLines(r.stdout);
  assert.ok(looks.length >= 2);
  for (const look of looks) {
    assert.match(String(look.time), /^\d{4}-\d{2}-\d{2}T/);
    const [row] = look.indices as { sourceIndex: string; destIndex: string; sourceCount: number }[];
    assert.equal(row!.sourceIndex, 'logs-a');
    assert.equal(row!.sourceCount, 50);
  }
});
