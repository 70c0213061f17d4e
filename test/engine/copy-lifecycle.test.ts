// copy() life cycle: cancellation, context cleanup, expired contexts, source drops and resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// the engine alone (documents only); the library's copy() with metadata is tested in test/library
import { copy } from '../../src/engine/copy.js';
import { type Checkpoint } from '../../src/index.js';
import { bulkLoad, createIndex, docsOf, makeDocs, sameDocs } from './support/cluster-docs.js';
import { openContexts } from './support/open-contexts.js';
import { balanced, base, cluster } from './support/copy-helpers.js';

test('cancel stops reading, sends nothing more, clears the scrolls and reports cancelled', async (t) => {
  const src = await cluster(t, { version: '6.8' });
  const dst = await cluster(t, { version: '8.15' });
  await createIndex(src.url, 'logs', { settings: { number_of_shards: 3 } });
  await bulkLoad(src.url, 'logs', makeDocs(4000), { defaultType: 'doc' });
  let seen = 0;
  const h = copy(
    base(src, dst, {
      readMode: 'sliced-scroll',
      pageSize: 100,
      transform: (d) => {
        if (++seen === 500) h.cancel('test');
        return d;
      },
    }),
  );
  const report = await h.done;
  assert.equal(report.outcome, 'cancelled');
  balanced(report);
  assert.ok(report.totals.read < 4000);
  assert.equal(docsOf(dst.state, 'logs').size, report.totals.written);
  assert.equal(await openContexts(src), 0);
});

test('scroll and PIT contexts are cleared after success and after a failure', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(600));
  for (const readMode of ['scroll', 'sliced-scroll', 'pit'] as const) {
    const ok = await copy(base(src, dst, { readMode, pageSize: 100, slices: 2 })).done;
    assert.equal(ok.outcome, 'success', ok.reason);
    assert.equal(await openContexts(src), 0, `${readMode} left contexts open`);
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), 'esferry-lc-')), 'dead.ndjson');
    const bad = await copy(
      base(src, dst, {
        readMode,
        pageSize: 100,
        slices: 2,
        deadLetterFile,
        transform: (d) => {
          if (d._id === 'd300') throw new Error('transform exploded');
          return d;
        },
      }),
    ).done;
    assert.equal(bad.outcome, 'failed');
    assert.match(readFileSync(deadLetterFile, 'utf8'), /transform exploded/);
    assert.equal(await openContexts(src), 0, `${readMode} left contexts open after a failure`);
  }
});

/** a transform that lets the source's scrolls and PITs expire when the nth document passes */
function expireAt(src: Awaited<ReturnType<typeof cluster>>, n: number) {
  let seen = 0;
  return (d: import('../../src/index.js').Doc) => {
    if (++seen === n) src.faults.expireScrolls();
    return d;
  };
}

test('an expired scroll fails the index clearly; an expired PIT is reopened without loss', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(1000));
  const scroll = await copy(base(src, dst, { destIndex: 's', readMode: 'scroll', pageSize: 100, transform: expireAt(src, 250) })).done;
  assert.equal(scroll.outcome, 'failed');
  assert.match(scroll.reason!, /scroll context expired/);
  const pit = await copy(base(src, dst, { destIndex: 'p', readMode: 'pit', pageSize: 100, transform: expireAt(src, 250) })).done;
  assert.equal(pit.outcome, 'success', pit.reason);
  balanced(pit);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'p')), undefined);
});

test('resume from the checkpoints of a cancelled PIT copy copies the rest exactly', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(2000));
  const last = new Map<string, Checkpoint>();
  let seen = 0;
  const h = copy(
    base(src, dst, {
      readMode: 'pit',
      pageSize: 100,
      bulkDocs: 100,
      checkpoint: (cp) => void last.set(`${cp.sourceIndex}`, cp),
      transform: (d) => {
        if (++seen === 900) h.cancel();
        return d;
      },
    }),
  );
  const first = await h.done;
  assert.equal(first.outcome, 'cancelled');
  const cp = last.get('logs')!;
  assert.ok(cp.position.acknowledged > 0 && cp.position.searchAfter);
  const second = await copy(base(src, dst, { resumeFrom: [cp.position], pageSize: 100 })).done;
  assert.equal(second.outcome, 'success', second.reason);
  assert.equal(second.totals.read, 2000 - cp.position.acknowledged);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
});

test('options.signal cancels like handle.cancel()', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(2000));
  const ac = new AbortController();
  let seen = 0;
  const report = await copy(
    base(src, dst, {
      signal: ac.signal,
      pageSize: 100,
      transform: (d) => {
        if (++seen === 300) ac.abort();
        return d;
      },
    }),
  ).done;
  assert.equal(report.outcome, 'cancelled');
  balanced(report);
  assert.ok(report.totals.read < 2000);
  assert.equal(await openContexts(src), 0);
});

test('a resumed sliced scroll skips finished slices and re-reads the others from the start', async (t) => {
  const src = await cluster(t, { version: '6.8' });
  const dst = await cluster(t, { version: '6.8' });
  await createIndex(src.url, 'logs', { settings: { number_of_shards: 4 } });
  await bulkLoad(src.url, 'logs', makeDocs(2000), { defaultType: 'doc' });
  const positions = new Map<number, Checkpoint['position']>();
  const done = await copy(base(src, dst, { readMode: 'sliced-scroll', slices: 4, checkpoint: (cp) => void positions.set(cp.position.slice!.id, cp.position) })).done;
  assert.equal(done.outcome, 'success', done.reason);
  // pretend slices 0 and 2 finished and 1 and 3 were interrupted
  const resume = [...positions.values()].map((p) => (p.slice!.id % 2 === 0 ? p : { ...p, done: false, acknowledged: 0 }));
  const finished = resume.filter((p) => p.done).reduce((n, p) => n + p.acknowledged, 0);
  assert.ok(finished > 0 && finished < 2000);
  const again = await copy(base(src, dst, { resumeFrom: resume })).done;
  assert.equal(again.outcome, 'success', again.reason);
  assert.equal(again.indices[0]!.readMode, 'sliced-scroll');
  assert.equal(again.totals.read, 2000 - finished);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
});

test('dropped source connections mid-read are survived by PIT reads (pages asked for again)', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(2000));
  let dropped: Promise<void> | undefined;
  let seen = 0;
  const logs: string[] = [];
  const h = copy(
    base(src, dst, {
      readMode: 'pit',
      pageSize: 100,
      transform: (d) => {
        if (++seen === 700) dropped = src.faults.dropConnections(400);
        return d;
      },
    }),
  );
  h.on('log', (l) => logs.push(l));
  const report = await h.done;
  await dropped;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.ok(logs.some((l) => /asking for the page again/.test(l)), 'the drop should have hit a page request');
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
  assert.equal(await openContexts(src), 0);
});

test('several indices copied in parallel; an already aborted signal copies nothing', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '7.17' });
  for (const name of ['logs-1', 'logs-2', 'logs-3']) await bulkLoad(src.url, name, makeDocs(300, name));
  const progressIndices = new Set<string>();
  const h = copy(base(src, dst, { sourceIndex: 'logs-1,logs-2,logs-3', destIndex: (n) => `copy-${n}`, indexParallelism: 2 }));
  h.on('progress', (p) => progressIndices.add(p.sourceIndex));
  const report = await h.done;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.deepEqual(report.indices.map((i) => i.destIndex), ['copy-logs-1', 'copy-logs-2', 'copy-logs-3']);
  for (const name of ['logs-1', 'logs-2', 'logs-3']) assert.equal(sameDocs(docsOf(src.state, name), docsOf(dst.state, `copy-${name}`)), undefined);
  assert.equal(progressIndices.size, 3);

  const ac = new AbortController();
  ac.abort();
  const none = await copy(base(src, dst, { sourceIndex: 'logs-1', destIndex: 'never', signal: ac.signal })).done;
  assert.equal(none.outcome, 'cancelled');
  assert.equal(none.totals.read, 0);
  assert.equal(docsOf(dst.state, 'never').size, 0);
});

test('sliced PIT: slices share one PIT, copy exactly, free it; expiry fails clearly', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await createIndex(src.url, 'logs', { settings: { number_of_shards: 2 } });
  await bulkLoad(src.url, 'logs', makeDocs(1500));
  const slicesSeen = new Set<number>();
  const h = copy(base(src, dst, { readMode: 'pit', slices: 3, pageSize: 100 }));
  h.on('checkpoint', (cp) => slicesSeen.add(cp.position.slice!.id));
  const report = await h.done;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.equal(report.totals.read, 1500);
  assert.deepEqual([...slicesSeen].sort(), [0, 1, 2]);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
  assert.equal(await openContexts(src), 0);

  const expired = await copy(base(src, dst, { destIndex: 'other', readMode: 'pit', slices: 3, pageSize: 50, transform: expireAt(src, 300) })).done;
  assert.equal(expired.outcome, 'failed');
  assert.match(expired.reason!, /PIT sliced finer than its shards cannot continue/);
  assert.equal(await openContexts(src), 0);
});

for (const version of ['8.15', 'opensearch-2.11']) {
  test(`${version}: a PIT sliced by whole shards that expires mid-read: every slice continues on one new PIT, each document read once`, async (t) => {
    const src = await cluster(t, { version });
    const dst = await cluster(t, { version: '8.15' });
    await createIndex(src.url, 'logs', { settings: { number_of_shards: 4 } });
    await bulkLoad(src.url, 'logs', makeDocs(2000));
    const opened = () => src.stats.log.filter((l) => /^POST \/logs\/(_pit|_search\/point_in_time)$/.test(l)).length;
    const report = await copy(base(src, dst, { readMode: 'pit', slices: 4, pageSize: 100, transform: expireAt(src, 600) })).done;
    assert.equal(report.outcome, 'success', report.reason);
    balanced(report);
    assert.deepEqual([report.totals.read, report.totals.written], [2000, 2000], 'no document read twice or skipped');
    assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
    assert.equal(opened(), 2, 'one PIT at the start, one shared new PIT after the expiry');
    assert.equal(await openContexts(src), 0);
  });
}
