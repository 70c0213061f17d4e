// copy() under trouble: rejections, refused docs, dropped connections, failing requests,
// cancellation, expired contexts, a slow destination, splitting transforms and resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy, type Checkpoint, type CopyOptions, type CopyReport, type ProgressEvent } from '../../src/index.js';
import { bulkLoad, createIndex, docsOf, makeDocs, sameDocs } from './support/cluster-docs.js';
import { openContexts } from './support/open-contexts.js';

type TestCluster = Awaited<ReturnType<typeof startTestCluster>>;
type Opts = Parameters<typeof startTestCluster>[0];

async function cluster(t: { after: (fn: () => Promise<void>) => void }, opts: Opts): Promise<TestCluster> {
  const c = await startTestCluster(opts);
  t.after(() => c.close());
  return c;
}

function balanced(report: CopyReport): void {
  assert.equal(report.accountingOk, true, report.reason);
  const t = report.totals;
  assert.equal(t.read + t.added, t.written + t.skipped + t.deadLettered + t.dropped);
}

const base = (src: TestCluster, dst: TestCluster, extra: Partial<CopyOptions> = {}): CopyOptions => ({
  source: { nodes: src.url },
  dest: { nodes: dst.url },
  sourceIndex: 'logs',
  progressIntervalMs: 20,
  ...extra,
});

test('item-level 429s from a 1-thread/1-queue pool are retried without loss', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '7.17', writePool: { threads: 1, queueSize: 1, docsPerSecond: 200_000 } });
  await createIndex(dst.url, 'logs', { settings: { number_of_shards: 3 } });
  await bulkLoad(src.url, 'logs', makeDocs(1500));
  const report = await copy(base(src, dst, { writers: 6, bulkDocs: 60, retryBudget: 30 })).done;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.ok(report.totals.rejectedItems > 0, 'the pool should have rejected some items');
  assert.equal(report.totals.written, 1500);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
});

test('mapping conflicts land in the dead-letter file and fail the run; allowFailures lets it succeed', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  const dir = mkdtempSync(join(tmpdir(), 'esferry-dl-'));
  t.after(async () => rmSync(dir, { recursive: true, force: true }));
  await createIndex(dst.url, 'logs', { mappings: { properties: { n: { type: 'long' } } } });
  await createIndex(dst.url, 'logs2', { mappings: { properties: { n: { type: 'long' } } } });
  await bulkLoad(src.url, 'logs', makeDocs(200).map((d, i) => (i % 20 === 0 ? { ...d, source: { ...d.source, n: 'not a number' } } : d)));
  const file = join(dir, 'dead.ndjson');
  const logs: string[] = [];
  const h = copy(base(src, dst, { deadLetterFile: file }));
  h.on('log', (l) => logs.push(l));
  const report = await h.done;
  assert.equal(report.outcome, 'failed');
  assert.match(report.reason!, /10 document\(s\) refused/);
  balanced(report);
  assert.equal(report.totals.deadLettered, 10);
  assert.equal(report.totals.written, 190);
  assert.equal(report.deadLetterFile, file);
  assert.ok(logs.some((l) => l.includes(file)));
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: number; source: { n: unknown } });
  assert.deepEqual(lines.map((l) => l.id).sort(), Array.from({ length: 10 }, (_, k) => `d${k * 20}`).sort());
  assert.equal(lines[0]!.status, 400);
  assert.equal(lines[0]!.source.n, 'not a number');

  const file2 = join(dir, 'dead2.ndjson');
  const ok = await copy(base(src, dst, { destIndex: 'logs2', allowFailures: true, deadLetterFile: file2 })).done;
  assert.equal(ok.outcome, 'success', ok.reason);
  assert.equal(ok.totals.deadLettered, 10);
  assert.ok(existsSync(file2));
});

test('no dead-letter file is created when nothing is refused', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  const dir = mkdtempSync(join(tmpdir(), 'esferry-dl-'));
  t.after(async () => rmSync(dir, { recursive: true, force: true }));
  await bulkLoad(src.url, 'logs', makeDocs(50));
  const report = await copy(base(src, dst, { deadLetterFile: join(dir, 'x.ndjson') })).done;
  assert.equal(report.outcome, 'success', report.reason);
  assert.equal(report.deadLetterFile, undefined);
  assert.equal(existsSync(join(dir, 'x.ndjson')), false);
});

test('dropped destination connections mid-copy are survived with the exact doc set', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(3000));
  let dropped: Promise<void> | undefined;
  let seen = 0;
  const report = await copy(
    base(src, dst, {
      bulkDocs: 100,
      writers: 3,
      retryBudget: 20,
      transform: (d) => {
        if (++seen === 1200) dropped = dst.faults.dropConnections(150);
        return d;
      },
    }),
  ).done;
  await dropped;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
});

for (const status of [503, 429] as const) {
  test(`whole-request ${status}s on _bulk are retried`, async (t) => {
    const src = await cluster(t, { version: '6.8' });
    const dst = await cluster(t, { version: '7.17' });
    await bulkLoad(src.url, 'logs', makeDocs(1500), { defaultType: 'doc' });
    dst.faults.failRate({ status, fraction: 0.3, routes: /_bulk/ });
    const report = await copy(base(src, dst, { bulkDocs: 100, writers: 3, retryBudget: 30 })).done;
    assert.equal(report.outcome, 'success', report.reason);
    balanced(report);
    assert.ok(report.totals.retries > 0);
    assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'logs')), undefined);
  });
}

test('cancel stops reading, drains, clears the scrolls and reports cancelled', async (t) => {
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
    const bad = await copy(
      base(src, dst, {
        readMode,
        pageSize: 100,
        slices: 2,
        transform: (d) => {
          if (d._id === 'd300') throw new Error('transform exploded');
          return d;
        },
      }),
    ).done;
    assert.equal(bad.outcome, 'failed');
    assert.match(bad.reason!, /transform exploded/);
    assert.equal(await openContexts(src), 0, `${readMode} left contexts open after a failure`);
  }
});

test('an expired scroll fails the index clearly; an expired PIT is reopened without loss', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(1000));
  const expireAt = (n: number) => {
    let seen = 0;
    return (d: import('../../src/index.js').Doc) => {
      if (++seen === n) src.faults.expireScrolls();
      return d;
    };
  };
  const scroll = await copy(base(src, dst, { destIndex: 's', readMode: 'scroll', pageSize: 100, transform: expireAt(250) })).done;
  assert.equal(scroll.outcome, 'failed');
  assert.match(scroll.reason!, /scroll context expired/);
  const pit = await copy(base(src, dst, { destIndex: 'p', readMode: 'pit', pageSize: 100, transform: expireAt(250) })).done;
  assert.equal(pit.outcome, 'success', pit.reason);
  balanced(pit);
  assert.equal(sameDocs(docsOf(src.state, 'logs'), docsOf(dst.state, 'p')), undefined);
});

test('a slow destination pauses the reader: in-flight docs and bytes never exceed the bound', async (t) => {
  const src = await cluster(t, { version: '8.15' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(2000));
  dst.faults.latencyMs = 15;
  const maxBytes = 48 * 1024;
  const maxDocs = 250;
  const events: ProgressEvent[] = [];
  const h = copy(base(src, dst, { maxInFlightBytes: maxBytes, maxInFlightDocs: maxDocs, bulkDocs: 50, writers: 2, pageSize: 500 }));
  h.on('progress', (p) => events.push(p));
  const report = await h.done;
  assert.equal(report.outcome, 'success', report.reason);
  const idx = report.indices[0]!;
  assert.ok(idx.maxInFlightBytesSeen! <= maxBytes, `${idx.maxInFlightBytesSeen} > ${maxBytes}`);
  assert.ok(idx.maxInFlightDocsSeen! <= maxDocs);
  assert.ok(idx.maxInFlightBytesSeen! > 0);
  for (const e of events) assert.ok(e.inFlightBytes <= maxBytes && e.inFlightDocs <= maxDocs);
  assert.equal(docsOf(dst.state, 'logs').size, 2000);
});

test('a transform that drops and splits keeps the books exact', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '7.17' });
  await bulkLoad(src.url, 'logs', makeDocs(900));
  const report = await copy(
    base(src, dst, {
      transform: async (d) => {
        const n = d._source.n as number;
        if (n % 3 === 0) return null;
        if (n % 5 === 0) return [d, { ...d, _id: `${d._id}-copy`, _source: { ...d._source, copy: true } }];
        return d;
      },
    }),
  ).done;
  assert.equal(report.outcome, 'success', report.reason);
  balanced(report);
  assert.equal(report.totals.read, 900);
  assert.equal(report.totals.dropped, 300);
  const splits = Array.from({ length: 900 }, (_, n) => n).filter((n) => n % 3 !== 0 && n % 5 === 0).length;
  assert.equal(report.totals.added, splits);
  assert.equal(docsOf(dst.state, 'logs').size, 600 + splits);
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

test('external versions from a date field: a second run skips every doc as a conflict, books balance', async (t) => {
  const src = await cluster(t, { version: '7.17' });
  const dst = await cluster(t, { version: '8.15' });
  await bulkLoad(src.url, 'logs', makeDocs(300));
  const first = await copy(base(src, dst, { versionField: '@timestamp' })).done;
  assert.equal(first.outcome, 'success', first.reason);
  assert.equal(first.totals.written, 300);
  const stored = dst.state.indices.get('logs')!.shards.flatMap((s) => [...s.docs.values()]);
  assert.equal(stored.find((d) => d.id === 'd5')!.version, Date.UTC(2026, 10, 1) + 5000);
  const again = await copy(base(src, dst, { versionField: '@timestamp' })).done;
  assert.equal(again.outcome, 'success', again.reason);
  balanced(again);
  assert.equal(again.totals.skipped, 300);
  assert.equal(again.totals.written, 0);
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
