// 5.x parent/child → 8.x with --parent-join: a join field mapped from the _parent relations and
// filled from each document's type and parent; children keep the parent id as routing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { count, es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;

before(async () => {
  src = await startTestCluster({ version: '5.6' });
  const created = await es(src.url, 'PUT', '/qa', {
    mappings: { question: { properties: { title: { type: 'text' } } }, answer: { _parent: { type: 'question' }, properties: { body: { type: 'text' } } } },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const lines: string[] = [];
  for (let q = 0; q < 5; q++) {
    lines.push(JSON.stringify({ index: { _index: 'qa', _type: 'question', _id: `q${q}` } }), JSON.stringify({ title: `question ${q}` }));
    for (let a = 0; a < 3; a++) lines.push(JSON.stringify({ index: { _index: 'qa', _type: 'answer', _id: `q${q}a${a}`, parent: `q${q}` } }), JSON.stringify({ body: `answer ${a}` }));
  }
  const bulk = await es(src.url, 'POST', '/_bulk?refresh=true', lines.join('\n') + '\n');
  assert.equal(bulk.body.errors, false, JSON.stringify(bulk.body).slice(0, 400));
});

after(async () => {
  await src?.close();
});

test('without --parent-join the relation is reported; with it the join field is mapped and filled', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const plan = await runInProcess(['plan', '--source', src.url, '--dest', dst.url, '--index', 'qa', '--types', 'drop']);
    assert.match(plan.stdout, /WARNING type answer: _parent \(→ question\) does not exist on Elasticsearch 8\.x/);

    const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'qa', '--types', 'drop', '--parent-join', 'qa_join', '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(await count(dst.url, 'qa'), 20);
    const m = await es(dst.url, 'GET', '/qa/_mapping');
    assert.deepEqual(m.body.qa.mappings.properties.qa_join, { type: 'join', relations: { question: 'answer' } });
    const hits = await es(dst.url, 'POST', '/qa/_search', { query: { ids: { values: ['q2', 'q2a1'] } } });
    const byId = new Map(hits.body.hits.hits.map((h: { _id: string }) => [h._id, h]));
    const child = byId.get('q2a1') as { _source: Record<string, unknown>; _routing?: string };
    const parent = byId.get('q2') as { _source: Record<string, unknown> };
    assert.deepEqual(child._source.qa_join, { name: 'answer', parent: 'q2' });
    assert.equal(child._routing, 'q2');
    assert.equal(parent._source.qa_join, 'question');
  } finally {
    await dst.close();
  }
});

test('verify knows the join field: run --verify and verify --parent-join pass, a changed join value is found', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const r = await runInProcess(['run', '--source', src.url, '--dest', dst.url, '--index', 'qa', '--types', 'drop', '--parent-join', 'qa_join', '--verify', '--sample', '20', '--quiet']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const args = ['verify', '--source', src.url, '--dest', dst.url, '--index', 'qa', '--sample', '20', '--seed', '1', '--json'];
    const ok = await runInProcess([...args, '--parent-join', 'qa_join']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.equal(JSON.parse(ok.stdout).indices[0].sampled, 20);
    const without = await runInProcess(args);
    assert.equal(without.code, 4);
    const line = JSON.stringify({ index: { _index: 'qa', _id: 'q1a2', routing: 'q1' } });
    const changed = await es(dst.url, 'POST', '/_bulk?refresh=true', `${line}\n${JSON.stringify({ body: 'answer 2', qa_join: { name: 'answer', parent: 'q0' } })}\n`);
    assert.equal(changed.body.errors, false, JSON.stringify(changed.body));
    const found = await runInProcess([...args, '--parent-join', 'qa_join']);
    assert.equal(found.code, 4, found.stdout);
    assert.deepEqual(JSON.parse(found.stdout).indices[0].different, ['q1a2']);
  } finally {
    await dst.close();
  }
});
