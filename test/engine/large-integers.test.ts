// Integers beyond 2^53 (ids, long fields near 2^63, unsigned longs) arrive unchanged whenever the
// copy parses `_source`: a transform touching another field, --types merge, --version-field,
// --parent-join, --id-template. Checked on the destination's raw `_source` bytes (a JSON.parse in
// the test would round them itself).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copy } from '../../src/index.js';
import { prepareDocs } from '../../src/pipeline/prepare-doc.js';
import { dialectOf } from '../../src/cluster/dialects/index.js';
import { parentJoinTransform } from '../../src/meta/parent-join.js';
import { parseHit } from '../../src/read/raw-hit.js';
import { encodeBody } from '../../src/cluster/transport/body.js';
import { runInProcess } from '../cli/support/run-cli.js';
import { es } from '../cli/support/http.js';
import { balanced, cluster, type TestCluster } from './support/copy-helpers.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const UNSIGNED = '12345678901234567890';
const body = `{"n":${MAX},"m":${MIN},"u":${UNSIGNED},"v":9223372036854775000,"tag":"x","list":[${MAX},1]}`;
const LITERALS = [`"n":${MAX}`, `"m":${MIN}`, `"u":${UNSIGNED}`, `"list":[${MAX},1]`];

async function rawSource(c: TestCluster, index: string, id: string): Promise<string> {
  const res = await fetch(`${c.url}/${index}/_doc/${encodeURIComponent(id)}`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return text;
}

function assertLiterals(text: string): void {
  for (const l of LITERALS) assert.ok(text.includes(l), `${l} not in ${text}`);
}

async function load(c: TestCluster, index: string, docs: Array<{ type: string; id: string; parent?: string }>): Promise<void> {
  const lines = docs.flatMap((d) => [JSON.stringify({ index: { _index: index, _type: d.type, _id: d.id, ...(d.parent ? { parent: d.parent } : {}) } }), body]);
  const r = await es(c.url, 'POST', '/_bulk?refresh=true', lines.join('\n') + '\n');
  assert.equal(r.body.errors, false, JSON.stringify(r.body).slice(0, 300));
}

test('2.x source with longs near 2^63: transform, type merge, id template and version field keep them', async (t) => {
  const src = await cluster(t, { version: '2.4' });
  const dst = await cluster(t, { version: '8' });
  await load(src, 'longs', [
    { type: 'a', id: MAX },
    { type: 'b', id: UNSIGNED },
  ]);
  const report = await copy({
    source: { nodes: src.url },
    dest: { nodes: dst.url },
    sourceIndex: 'longs',
    typeHandling: { mergeIntoField: 'kind' },
    idTemplate: '{type}#{id}',
    versionField: 'v',
    transform: (d) => {
      assert.equal(typeof d._source.n, 'bigint', 'large integers reach transforms as BigInt');
      d._source.tag = String(d._source.tag).toUpperCase();
      return d;
    },
  }).done;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.equal(report.totals.written, 2);
  for (const [type, id] of [['a', MAX], ['b', UNSIGNED]] as const) {
    const text = await rawSource(dst, 'longs', `${type}#${id}`);
    assertLiterals(text);
    assert.ok(text.includes('"tag":"X"') && text.includes(`"kind":"${type}"`), text);
  }
});

test('type merge alone (no transform) keeps them too', async (t) => {
  const src = await cluster(t, { version: '2.4' });
  const dst = await cluster(t, { version: '7.17' });
  await load(src, 'longs', [{ type: 'a', id: '1' }]);
  const report = await copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'longs', typeHandling: { mergeIntoField: 'kind' } }).done;
  assert.equal(report.outcome, 'success', report.reason);
  assertLiterals(await rawSource(dst, 'longs', '1'));
});

test('--parent-join on 5.x parent/child with long fields keeps them', async (t) => {
  const src = await cluster(t, { version: '5.6' });
  const dst = await cluster(t, { version: '8' });
  const created = await es(src.url, 'PUT', '/qa', {
    mappings: { question: { properties: { n: { type: 'long' } } }, answer: { _parent: { type: 'question' }, properties: { n: { type: 'long' } } } },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  await load(src, 'qa', [
    { type: 'question', id: 'q1' },
    { type: 'answer', id: 'a1', parent: 'q1' },
  ]);
  await es(dst.url, 'PUT', '/qa', { mappings: { properties: { j: { type: 'join', relations: { question: 'answer' } } } } });
  const report = await copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'qa', typeHandling: 'drop', transform: parentJoinTransform('j') }).done;
  assert.equal(report.outcome, 'success', report.reason);
  const child = await rawSource(dst, 'qa', 'a1');
  assertLiterals(child);
  assert.ok(child.includes('"j":{"name":"answer","parent":"q1"}'), child);
});

test('a version field beyond 2^53 goes into the bulk line digit for digit', () => {
  const hit = { index: 'longs', id: '1', type: 'a', source: Buffer.from(body), bytes: body.length };
  const docs = prepareDocs(hit, { sourceIndex: 'longs', destIndex: 'longs', destTypeModel: 'typeless', typePlan: { kind: 'drop' }, opType: 'index', keepVersion: false, versionField: 'v' });
  assert.ok(Array.isArray(docs));
  const [d] = docs;
  assert.equal(d!.meta.version, 9223372036854775000n);
  const line = dialectOf('es8', '8.15.0').bulkActionLine('index', d!.meta);
  assert.ok(line.includes('"version":9223372036854775000,'), line);
  assertLiterals(d!.source.toString());
  // a digit string version field beyond 2^53 too
  const s = Buffer.from(`{"v":"18446744073709551615"}`);
  const [e] = prepareDocs({ ...hit, source: s, bytes: s.length }, { sourceIndex: 'longs', destIndex: 'longs', destTypeModel: 'typeless', typePlan: { kind: 'drop' }, opType: 'index', keepVersion: false, versionField: 'v' }) as Awaited<ReturnType<typeof prepareDocs>>;
  assert.equal(e!.meta.version, 18446744073709551615n);
});

test('a source _version beyond 2^53 (--keep-version) and a numeric _id keep their digits', () => {
  const hit = parseHit(Buffer.from(`{"_index":"longs","_type":"a","_id":${UNSIGNED},"_version":1700000000000000001,"_source":${body}}`));
  assert.equal(hit.id, UNSIGNED);
  assert.equal(hit.version, 1700000000000000001n);
  assert.equal(parseHit(Buffer.from('{"_index":"x","_id":"1","_version":3,"_source":{}}')).version, 3);
  for (const transform of [undefined, (d: Parameters<NonNullable<Parameters<typeof prepareDocs>[1]['transform']>>[0]) => d]) {
    const docs = prepareDocs(hit, { sourceIndex: 'longs', destIndex: 'longs', destTypeModel: 'typeless', typePlan: { kind: 'drop' }, opType: 'index', keepVersion: true, ...(transform ? { transform } : {}) });
    assert.ok(Array.isArray(docs));
    const line = dialectOf('es8', '8.15.0').bulkActionLine('index', docs[0]!.meta);
    assert.ok(line.includes(`"_id":"${UNSIGNED}"`) && line.includes('"version":1700000000000000001,'), line);
  }
});

test('queries: a library query may hold a BigInt (sent exactly); a CLI --query with a long beyond 2^53 is refused, not rounded', async () => {
  const enc = encodeBody({ query: { term: { n: BigInt(MAX) } } }, '/longs/_search', undefined, false);
  assert.equal(enc.data!.toString(), `{"query":{"term":{"n":${MAX}}}}`);
  const r = await runInProcess(['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'longs', '--query', `{"term":{"n":${MAX}}}`]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`--query: ${MAX} is beyond 2\\^53 and would be rounded; write it as a string`));
  // as a string it is accepted (and reaches the connection attempt)
  const ok = await runInProcess(['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'longs', '--query', `{"term":{"n":"${MAX}"}}`]);
  assert.doesNotMatch(ok.stderr, /--query/);
});
