// verify after a copy that changed documents on purpose: --types merge:FIELD adds the type name,
// --id-template changes the destination _id. verify is told the same options and compares each
// sampled source document with what the copy wrote; a real difference is still found.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dst: Cluster;

before(async () => {
  src = await startTestCluster({ version: '2.4' });
  dst = await startTestCluster({ version: '8' });
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const type = i % 2 ? 'user' : 'group';
    // ids repeat across the two types: the copy needs --id-template
    lines.push(JSON.stringify({ index: { _index: 'people', _type: type, _id: String(Math.floor(i / 2)) } }), `{"name":"n${i}","big":9223372036854775807}`);
  }
  const bulk = await es(src.url, 'POST', '/_bulk?refresh=true', lines.join('\n') + '\n');
  assert.equal(bulk.body.errors, false);
  const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'people', '--types', 'merge:kind', '--id-template', '{type}#{id}', '--quiet']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

after(async () => {
  await src?.close();
  await dst?.close();
});

const verify = (...extra: string[]) =>
  runInProcess(['verify', '--source', src.url, '--dest', dst.url, '--index', 'people', '--sample', '40', '--seed', '3', '--json', ...extra]);

test('verify with the copy\'s --types merge:FIELD and --id-template: every sampled document matches', async () => {
  const r = await verify('--types', 'merge:kind', '--id-template', '{type}#{id}');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const v = JSON.parse(r.stdout).indices[0];
  assert.equal(v.sampled, 40);
  assert.deepEqual([v.missing, v.different], [[], []]);
});

test('without them every sampled document is flagged (what the copy changed is not known)', async () => {
  const r = await verify();
  assert.equal(r.code, 4);
  const v = JSON.parse(r.stdout).indices[0];
  assert.equal(v.missing.length + v.different.length, 40);
});

test('a real difference is still found, also in a long beyond 2^53', async () => {
  // one unit off in the long: JSON.parse on both sides would call these equal
  const line = JSON.stringify({ index: { _index: 'people', _id: 'user#3' } });
  const del = JSON.stringify({ delete: { _index: 'people', _id: 'group#5' } });
  const changed = await es(dst.url, 'POST', '/_bulk?refresh=true', `${line}\n{"name":"n7","big":9223372036854775806,"kind":"user"}\n${del}\n`);
  assert.equal(changed.body.errors, false, JSON.stringify(changed.body));
  const r = await verify('--types', 'merge:kind', '--id-template', '{type}#{id}');
  assert.equal(r.code, 4, r.stdout);
  const v = JSON.parse(r.stdout).indices[0];
  assert.deepEqual(v.different, ['3']);
  assert.deepEqual(v.missing, ['5']);
});

test('run --verify --sample after --types merge:FIELD --id-template compares with what the copy wrote', async () => {
  const other = await startTestCluster({ version: '7.17' });
  try {
    const r = await runInProcess(['run', '--source', src.url, '--dest', other.url, '--index', 'people', '--types', 'merge:kind', '--id-template', '{type}#{id}', '--verify', '--sample', '40', '--quiet']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  } finally {
    await other.close();
  }
});

test('verify checks --id-template and --types before connecting', async () => {
  const bad = await runInProcess(['verify', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'people', '--id-template', '{typ}#{id}']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--id-template/);
  const types = await runInProcess(['verify', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'people', '--types', 'mix']);
  assert.equal(types.code, 2);
  assert.match(types.stderr, /--types/);
});
