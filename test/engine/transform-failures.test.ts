// A failing transform costs one document, not the index: a throw (sync or async) or a forgotten
// `return` dead-letters that document with the reason, the copy goes on and exits non-zero; a
// transform that drops every document fails the index unless that is what was asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// the engine alone (documents only); the library's copy() with metadata is tested in test/library
import { copy } from '../../src/engine/copy.js';
import { type Doc } from '../../src/index.js';
import { bulkLoad, docsOf, makeDocs } from './support/cluster-docs.js';
import { balanced, base, cluster } from './support/copy-helpers.js';

const deadLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: number; error: { type: string; reason: string; stack?: string }; source: unknown });

for (const kind of ['throws', 'rejects', 'returns undefined'] as const) {
  test(`a transform that ${kind} on one document dead-letters it with the reason; every other document is copied`, async (t) => {
    const src = await cluster(t, { version: '8.15' });
    const dst = await cluster(t, { version: '8.15' });
    await bulkLoad(src.url, 'logs', makeDocs(300));
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), 'esferry-tf-')), 'dead.ndjson');
    const transform = (d: Doc): Doc | undefined | Promise<Doc> => {
      if (d._id !== 'd42') return d;
      if (kind === 'throws') throw new Error('no field "user"');
      if (kind === 'rejects') return Promise.reject(new Error('lookup failed'));
      return undefined;
    };
    const report = await copy(base(src, dst, { transform: transform as never, deadLetterFile, pageSize: 50 })).done;
    balanced(report);
    assert.equal(report.outcome, 'failed');
    assert.equal(report.totals.written, 299);
    assert.equal(report.totals.deadLettered, 1);
    assert.equal(report.totals.dropped, 0);
    assert.equal(docsOf(dst.state, 'logs').size, 299);
    const [line] = deadLines(deadLetterFile);
    assert.equal(line!.id, 'd42');
    assert.equal(line!.error.type, 'transform_error');
    if (kind === 'throws') {
      assert.match(line!.error.reason, /transform threw: no field "user"/);
      assert.match(line!.error.stack!, /transform-failures\.test\.ts/);
    } else if (kind === 'rejects') assert.match(line!.error.reason, /lookup failed/);
    else assert.match(line!.error.reason, /returned undefined \(return null to drop/);
    assert.ok(line!.source, 'the document itself is kept for a replay');
    // the same copy with allowFailures finishes as a success
    const tolerant = await copy(base(src, dst, { transform: transform as never, deadLetterFile, allowFailures: true })).done;
    assert.equal(tolerant.outcome, 'success', tolerant.reason);
  });
}

test('a transform that drops every document fails the index unless allowDropAll', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(120));
  const all = await copy(base(src, dst, { transform: () => null })).done;
  balanced(all);
  assert.equal(all.outcome, 'failed');
  assert.match(all.reason!, /the transform dropped all 120 documents \(--allow-drop-all/);
  const some = await copy(base(src, dst, { transform: (d) => (d._id === 'd1' ? null : d) })).done;
  assert.equal(some.outcome, 'success', some.reason);
  const asked = await copy(base(src, dst, { transform: () => null, allowDropAll: true })).done;
  assert.equal(asked.outcome, 'success', asked.reason);
});
