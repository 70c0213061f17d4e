// `esferry run --state FILE`: a rerun skips what is done; --since last copies only newer documents.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, count } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dst: Cluster;
let dir: string;

const docs = (from: number, to: number, day: string) =>
  Array.from({ length: to - from }, (_, k) => ({ id: `d${from + k}`, source: { '@timestamp': `2026-11-${day}T10:00:${String((from + k) % 60).padStart(2, '0')}Z`, n: from + k } }));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-state-'));
  src = await startTestCluster({ version: '7.17' });
  dst = await startTestCluster({ version: '8' });
  await bulkDocs(src.url, 'app-1', docs(0, 100, '01'));
  await bulkDocs(src.url, 'app-2', docs(0, 50, '01'));
});

after(async () => {
  await Promise.allSettled([src?.close(), dst?.close()]);
  await rm(dir, { recursive: true, force: true });
});

test('a rerun with the same --state skips finished indices; --since last copies only what is new', async () => {
  const list = join(dir, 'list.txt');
  await writeFile(list, 'app-*\n');
  const state = join(dir, 'state.json');
  const args = ['run', '--source', src.url, '--dest', dst.url, '--list', list, '--state', state, '--time-field', '@timestamp', '--quiet'];
  const first = await runInProcess([...args, '--report', join(dir, 'r1.json')]);
  assert.equal(first.code, 0, first.stderr + first.stdout);
  assert.equal(await count(dst.url, 'app-1'), 100);

  const second = await runInProcess([...args, '--report', join(dir, 'r2.json')]);
  assert.equal(second.code, 0, second.stderr + second.stdout);
  const r2 = JSON.parse(await readFile(join(dir, 'r2.json'), 'utf8'));
  assert.deepEqual(r2.indices.map((i: { status: string }) => i.status), ['skipped', 'skipped']);
  assert.equal(r2.totals.written, 0);

  await bulkDocs(src.url, 'app-1', docs(100, 130, '02'));
  const third = await runInProcess([...args, '--since', 'last', '--report', join(dir, 'r3.json')]);
  assert.equal(third.code, 0, third.stderr + third.stdout);
  const r3 = JSON.parse(await readFile(join(dir, 'r3.json'), 'utf8'));
  // the delta starts at the previous high-water inclusive (gte), so documents stamped exactly at it
  // are written once more (same ids: no duplicates)
  const written = r3.indices.map((i: { report?: { written: number } }) => i.report?.written ?? 0);
  assert.ok(written[0] >= 30 && written[0] <= 32, `app-1 delta wrote ${written[0]}`);
  assert.equal(written[1], 0, `app-2 delta wrote ${written[1]}`);
  // nothing newer in app-2 since its last run: skipped without reading
  assert.equal(r3.indices[1].status, 'skipped');
  assert.equal(await count(dst.url, 'app-1'), 130);

  const status = await runInProcess(['status', '--source', src.url, '--dest', dst.url, '--list', list, '--state', state]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /app-1 +app-1 +130 +130 +0 .* done /);
});

test('--since last without --state is bad input', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'app-1', '--since', 'last', '--time-field', '@timestamp']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--since last needs --state/);
});

test('--resume is accepted with --state and refused without it', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'app-2', '--resume']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--resume, --restart and --force-lock need --state/);
  const ok = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'app-2', '--resume', '--state', join(dir, 'resume.json'), '--quiet']);
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
});
