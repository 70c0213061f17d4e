// Metadata conflicts stop a run before anything is written; --types merge:FIELD resolves them.
// Existing destination indices are left alone unless --recreate.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, count, es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;

before(async () => {
  src = await startTestCluster({ version: '5.6' });
  const created = await es(src.url, 'PUT', '/crm', {
    mappings: { event: { properties: { what: { type: 'keyword' } } }, user: { properties: { name: { type: 'text' } } } },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  await bulkDocs(src.url, 'crm', Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, source: { what: `w${i}` } })), 'event');
  await bulkDocs(src.url, 'crm', Array.from({ length: 5 }, (_, i) => ({ id: `u${i}`, source: { name: `user ${i}` } })), 'user');
});

after(async () => {
  await src?.close();
});

test('two mapping types into 8.x: conflict reported, exit 2, nothing written', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'crm']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /source has 2 mapping types \(event, user\)/);
    assert.match(r.stderr, /esferry: 1 conflict\(s\) found before copying; nothing was written/);
    assert.equal((await es(dst.url, 'HEAD', '/crm')).status, 404);
  } finally {
    await dst.close();
  }
});

test('--types merge:kind copies both types into one index with the type name in a field', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'crm', '--types', 'merge:kind', '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(await count(dst.url, 'crm'), 15);
    const m = await es(dst.url, 'GET', '/crm/_mapping');
    const props = m.body.crm.mappings.properties;
    assert.equal(props.kind.type, 'keyword');
    assert.equal(props.what.type, 'keyword');
    assert.equal(props.name.type, 'text');
  } finally {
    await dst.close();
  }
});

test('an existing destination index is kept (settings untouched) unless --recreate', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    assert.equal((await es(dst.url, 'PUT', '/crm', { settings: { number_of_shards: 3 }, mappings: { properties: { extra: { type: 'long' } } } })).status, 200);
    const kept = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'crm', '--types', 'drop', '--quiet']);
    assert.equal(kept.code, 0, kept.stderr + kept.stdout);
    let s = await es(dst.url, 'GET', '/crm/_settings?flat_settings=true');
    assert.equal(s.body.crm.settings['index.number_of_shards'], '3');
    assert.equal(await count(dst.url, 'crm'), 15);
    const again = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'crm', '--types', 'drop', '--recreate', '--quiet']);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    s = await es(dst.url, 'GET', '/crm/_settings?flat_settings=true');
    assert.equal(s.body.crm.settings['index.number_of_shards'], '5');
    const m = await es(dst.url, 'GET', '/crm/_mapping');
    assert.equal(m.body.crm.mappings.properties.extra, undefined);
  } finally {
    await dst.close();
  }
});

test('copying an index onto itself is refused before anything happens', async () => {
  const r = await runInProcess(['copy', '--source', src.url, '--dest', src.url, '--index', 'crm', '--types', 'drop', '--recreate']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /source and destination are the same index on the same cluster/);
  assert.equal(await count(src.url, 'crm'), 15);
});

test('an index that does not exist on the source: one line, exit 2', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'no-such-index']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^esferry: no source index matches "no-such-index" \(--index\)/);
  } finally {
    await dst.close();
  }
});
