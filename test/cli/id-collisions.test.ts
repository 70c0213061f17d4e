// Merging or dropping mapping types (or copying several indices into one) with ids that repeat:
// the documents replace each other. The plan finds repeats across types (exit 2, nothing written);
// whatever it cannot see fails the copy instead of exiting 0 with fewer documents than written;
// --id-template keeps them apart.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/engine/copy.js';
import { bulkDocs, count, es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;

before(async () => {
  src = await startTestCluster({ version: '2.4' });
  const created = await es(src.url, 'PUT', '/mixed', {
    mappings: { post: { properties: { title: { type: 'string' } } }, comment: { properties: { text: { type: 'string' } } } },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  // ids 0..29 exist in both types; comment has 10 more of its own
  await bulkDocs(src.url, 'mixed', Array.from({ length: 30 }, (_, i) => ({ id: String(i), source: { title: `post ${i}` } })), 'post');
  await bulkDocs(src.url, 'mixed', Array.from({ length: 40 }, (_, i) => ({ id: String(i), source: { text: `comment ${i}` } })), 'comment');
  for (const n of [1, 2]) {
    await bulkDocs(src.url, `part-${n}`, Array.from({ length: 20 }, (_, i) => ({ id: String(i), source: { n, i } })), 'doc');
  }
});

after(async () => {
  await src?.close();
});

for (const types of ['drop', 'merge:kind']) {
  test(`--types ${types} with ids repeating across types: found by the plan, exit 2, nothing written`, async () => {
    const dst = await startTestCluster({ version: '8.15' });
    try {
      const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'mixed', '--types', types, '--quiet']);
      assert.equal(r.code, 2, r.stderr + r.stdout);
      assert.match(r.stderr, /30 document\(s\) share their _id with a document of another type \(e\.g\. \d+ \((post, comment|comment, post)\)/);
      assert.match(r.stderr, /--id-template '\{type\}#\{id\}'/);
      assert.equal((await es(dst.url, 'HEAD', '/mixed')).status, 404);
      const plan = await runInProcess(['plan', '--source', src.url, '--dest', dst.url, '--index', 'mixed', '--types', types]);
      assert.equal(plan.code, 2, plan.stderr + plan.stdout);
      assert.match(plan.stdout, /share their _id with a document of another type/);
      const planned = await runInProcess(['plan', '--source', src.url, '--dest', dst.url, '--index', 'mixed', '--types', types, '--id-template', '{type}#{id}']);
      assert.equal(planned.code, 0, planned.stderr + planned.stdout);
    } finally {
      await dst.close();
    }
  });
}

test('ids made to repeat during the copy (a transform): the copy fails instead of reporting success', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  const dir = await mkdtemp(join(tmpdir(), 'esferry-ids-'));
  try {
    const transform = join(dir, 'fold.mjs');
    await writeFile(transform, 'export default (doc) => ({ ...doc, _id: String(Number(doc._id) % 10) });\n');
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'part-1', '--transform', transform, '--quiet']);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stdout + r.stderr, /10 document\(s\) replaced others with the same _id written by this run: part-1 holds fewer documents than were written/);
    assert.equal(await count(dst.url, 'part-1'), 10);
  } finally {
    await dst.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("--types merge:kind --id-template '{type}#{id}': every document arrives, exit 0", async () => {
  const dst = await startTestCluster({ version: '8.15' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'mixed', '--types', 'merge:kind', '--id-template', '{type}#{id}', '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(await count(dst.url, 'mixed'), 70);
    const got = await es(dst.url, 'GET', '/mixed/_doc/post%237');
    assert.equal(got.body._source.title, 'post 7');
    assert.equal(got.body._source.kind, 'post');
    // no destination id matches a source id now: verify --delete-dest-only must not empty the copy
    const v = await runInProcess(['verify', '--source', src.url, '--dest', dst.url, '--index', 'mixed', '--ids', '--delete-dest-only']);
    assert.equal(v.code, 4, v.stderr + v.stdout);
    assert.match(v.stdout + v.stderr, /nothing deleted: 70 of 70 destination ids are not on the source/);
    assert.equal(await count(dst.url, 'mixed'), 70);
  } finally {
    await dst.close();
  }
});

test('several source indices into one destination with the same ids: exit 1, not success', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'part-*', '--dest-index', 'all-parts', '--quiet']);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stdout + r.stderr, /20 document\(s\) replaced others with the same _id/);
    const ok = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'part-*', '--dest-index', 'parts-kept', '--id-template', '{index}#{id}', '--quiet']);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.equal(await count(dst.url, 'parts-kept'), 40);
  } finally {
    await dst.close();
  }
});

test('with --state, a copy that lost documents is not saved as done: the rerun copies again instead of skipping', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  const dir = await mkdtemp(join(tmpdir(), 'esferry-ids-state-'));
  try {
    const args = ['copy', '--source', src.url, '--dest', dst.url, '--index', 'part-*', '--dest-index', 'merged', '--state', join(dir, 's.json'), '--quiet'];
    assert.equal((await runInProcess(args)).code, 1);
    const again = await runInProcess([...args, '--id-template', '{index}#{id}']);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal((await es(dst.url, 'GET', '/merged/_doc/part-2%235')).body.found, true);
    assert.equal(await count(dst.url, 'merged'), 20 + 40);
  } finally {
    await dst.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a rerun into an existing destination overwrites by design and still succeeds', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  try {
    const args = ['copy', '--source', src.url, '--dest', dst.url, '--index', 'part-1', '--quiet'];
    assert.equal((await runInProcess(args)).code, 0);
    const again = await runInProcess(args);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(await count(dst.url, 'part-1'), 20);
  } finally {
    await dst.close();
  }
});

test('library: the report counts documents that replaced others; a bad idTemplate is refused', async () => {
  const dst = await startTestCluster({ version: '8.15' });
  try {
    const rep = await copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'mixed', typeHandling: 'drop' }).done;
    assert.equal(rep.indices[0]!.written, 70);
    assert.equal(rep.indices[0]!.overwritten, 30);
    await assert.rejects(copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'mixed', idTemplate: '{type}' }).done, /must contain \{id\}/);
  } finally {
    await dst.close();
  }
});

test('--id-template is checked before connecting', async () => {
  const r = await runInProcess(['copy', '--source', 'http://127.0.0.1:1', '--dest', 'http://127.0.0.1:1', '--index', 'x', '--id-template', '{typ}#{id}']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--id-template "\{typ\}#\{id\}" unknown placeholder \{typ\}/);
});
