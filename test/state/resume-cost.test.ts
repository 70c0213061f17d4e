// kill -9 of a copy with --state, then --resume: how many documents the destination receives twice.
// The kill point is controlled: once the destination holds half the docs its bulk requests are
// held (the writers' bulks hang unanswered, as in a frozen network), the copy is killed when its
// saved state stopped moving, and the held bulks are never applied. Reads whose checkpoints carry a
// sort position (search_after by shard on 5.x/6.x, PIT on 7.17) then re-copy less than one page
// per slice (a checkpoint every half page); a 2.4 scroll starts over. What a kill costs with bulks
// applied but not yet answered is measured by `npm run bench:resume`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster, type TestCluster } from '../../fixtures/cluster/index.js';
import { es } from '../cli/support/http.js';
import { runCli, runInProcess, startCli } from '../cli/support/run-cli.js';
import type { ReaderPosition } from '../../src/engine/types.js';
import { copy } from '../../src/engine/copy.js';
import { decodeState } from '../../src/state/state-format.js';
import { destWrites, waitForWrites } from './support/dest-writes.js';

let dir: string;
const INDEX = 'logs-resume';
const DOCS = 12_000;
const PAGE = 500;
const WRITERS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-resume-cost-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function savedPositions(file: string): ReaderPosition[] {
  return decodeState(readFileSync(file, 'utf8'), file).indices[INDEX]?.positions ?? [];
}

/** hold the destination's bulks once it has `docs` docs, kill the copy once its state stopped moving */
async function freezeThenKill(dst: TestCluster, run: ReturnType<typeof startCli>, docs: number, state: string): Promise<void> {
  await waitForWrites(dst, INDEX, docs, run.stderrSoFar);
  dst.faults.hold(/_bulk/);
  // every bulk from now on is held and never applied; the other writer may have nothing to send for a
  // long while (a held bulk holds back the checkpoints of every slice with docs in it), so waiting for
  // both writers to be held timed out on a loaded machine
  for (let i = 0; dst.faults.held === 0; i++) {
    if (i > 3000) throw new Error(`no bulk reached the hold: ${run.stderrSoFar()}`);
    await sleep(5);
  }
  // the last checkpoints of what was answered reach the file (a state write follows the previous at
  // once); unchanged for a whole second, so a loaded machine's slow state write is not mistaken for the end
  let last = '';
  let unchanged = 0;
  for (let i = 0; i < 150 && unchanged < 10; i++) {
    const now = JSON.stringify(savedPositions(state));
    unchanged = now === last ? unchanged + 1 : 0;
    last = now;
    await sleep(100);
  }
  run.child.kill('SIGKILL');
  await run.done;
  dst.faults.discardHeld();
}

const cases = [
  { version: '5.6', mode: 'search-after', slices: 4 },
  { version: '6.8', mode: 'search-after', slices: 4 },
  // a sliced PIT (7.15+) with slices <= shards: whole shards, the same on the new PIT a resume opens
  { version: '7.17', mode: 'pit', slices: 4 },
  // OpenSearch slices its PIT (2.4+) the same way; read by one reader, it read ahead a bulk per destination shard group
  { version: 'opensearch-2.11', mode: 'pit', slices: 4 },
] as const;

for (const c of cases) {
  test(`${c.version} source: kill -9 mid-copy, --resume re-copies at most 2 pages per slice`, async () => {
    const src = await startTestCluster({ version: c.version });
    const dst = await startTestCluster({ version: '7.17' });
    const state = join(dir, `state-${c.version}.json`);
    try {
      // four shards on every version (7.x creates one by default)
      await es(src.url, 'PUT', `/${INDEX}`, { settings: { number_of_shards: 4 } });
      await src.seedCorpus(INDEX, DOCS);
      const common = ['--source', src.url, '--dest', dst.url, '--index', INDEX, '--state', state, '--page-size', String(PAGE), '--bulk-docs', String(PAGE), '--writers', String(WRITERS), '--progress', 'none'];
      const run = startCli(['copy', ...common]);
      await freezeThenKill(dst, run, DOCS / 2, state);
      const before = destWrites(dst, INDEX);
      const saved = savedPositions(state);
      assert.ok(saved.length > 0 && saved.every((p) => p.mode === c.mode && p.acknowledged > 0), JSON.stringify(saved));
      assert.equal(saved.length, c.slices, 'one position per slice');
      assert.ok(before.docs < DOCS, `killed before the end (${before.docs} docs)`);
      const again = await runCli(['copy', ...common, '--resume']);
      assert.equal(again.code, 0, again.stderr);
      const end = destWrites(dst, INDEX);
      assert.equal(end.docs, DOCS, 'every document present');
      const recopied = end.writes - DOCS;
      assert.ok(recopied <= 2 * PAGE * c.slices, `re-copied ${recopied} docs (≤ ${2 * PAGE * c.slices} allowed), killed at ${before.docs}`);
    } finally {
      await src.close();
      await dst.close();
    }
  });
}

test('2.4 source: a scroll cannot resume, --resume copies the index again', async () => {
  const src = await startTestCluster({ version: '2.4' });
  const dst = await startTestCluster({ version: '7.17' });
  const state = join(dir, 'state-2.4.json');
  try {
    await src.seedCorpus(INDEX, 4000);
    const common = ['--source', src.url, '--dest', dst.url, '--index', INDEX, '--state', state, '--page-size', String(PAGE), '--bulk-docs', String(PAGE), '--writers', String(WRITERS), '--progress', 'none'];
    const run = startCli(['copy', ...common]);
    await freezeThenKill(dst, run, 2000, state);
    const before = destWrites(dst, INDEX);
    assert.ok(savedPositions(state).every((p) => p.mode === 'scroll'));
    const again = await runCli(['copy', ...common, '--resume']);
    assert.equal(again.code, 0, again.stderr);
    const end = destWrites(dst, INDEX);
    assert.equal(end.docs, 4000);
    // the scroll starts over: everything written before the kill is written again
    assert.ok(end.writes - 4000 >= before.writes, `re-copied ${end.writes - 4000}, written before the kill ${before.writes}`);
  } finally {
    await src.close();
    await dst.close();
  }
});

test('plan says what a crash costs on each source version', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    for (const [version, said] of [
      ['2.4', /after a crash \(with --state\): Elasticsearch 2\.4\S* has no search_after: .*re-copies each unfinished index from its start/],
      ['6.8', /after a crash \(with --state\): .*every slice \(whole shards\).*search_after on \{"_id":"asc"\}.*a page and a half per slice/],
      ['5.6', /search_after on \{"_uid":"asc"\}/],
      ['7.17', /after a crash \(with --state\): .*every slice \(whole shards of a sliced point in time\).*a page and a half per slice/],
      ['opensearch-2.11', /after a crash \(with --state\): .*every slice \(whole shards of a sliced point in time\).*a page and a half per slice/],
      ['7.10', /after a crash \(with --state\): .*its one reader \(Elasticsearch 7\.10\.2 cannot slice a point in time\).*a bulk per destination shard group/],
    ] as const) {
      const src = await startTestCluster({ version });
      try {
        await src.seedCorpus(INDEX, 10);
        const plan = await runInProcess(['plan', '--source', src.url, '--dest', dst.url, '--index', INDEX]);
        assert.equal(plan.code, 0, plan.stderr);
        assert.match(plan.stdout, said);
      } finally {
        await src.close();
      }
    }
  } finally {
    await dst.close();
  }
});

test('a checkpointed reader stays within maxReadAhead of its acknowledged prefix, even when shard-grouped bulks wait to fill', async () => {
  const src = await startTestCluster({ version: '7.17' });
  const dst = await startTestCluster({ version: '7.17' });
  try {
    // same shard count and routing: the source is read shard by shard and each stretch fills one
    // destination group, so the previous group's leftover waits (the acknowledged prefix stalls)
    await es(src.url, 'PUT', '/ix', { settings: { number_of_shards: 4 } });
    await es(dst.url, 'PUT', '/ix', { settings: { number_of_shards: 4 } });
    await src.seedCorpus('ix', 12_000);
    const acked: number[] = [0];
    const h = copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'ix', readMode: 'pit', pageSize: 500, bulkDocs: 500, maxReadAhead: 1000, checkpoint: (cp) => void acked.push(cp.position.acknowledged) });
    const r = await h.done;
    assert.equal(r.outcome, 'success');
    assert.equal(acked.at(-1), 12_000);
    const jumps = acked.slice(1).map((n, i) => n - acked[i]!);
    assert.ok(Math.max(...jumps) <= 1000, `the acknowledged prefix jumped by ${Math.max(...jumps)} at once: ${acked.join(' ')}`);
  } finally {
    await src.close();
    await dst.close();
  }
});

// OpenSearch: before its PIT was sliced, one reader fed 4 destination shard groups and read 4 pages ahead
for (const version of ['7.17', 'opensearch-2.11']) {
  test(`${version}: while no checkpoint is saved, each slice reads at most a page and a half: what a crash then re-copies, whatever the destination applied`, async () => {
    const src = await startTestCluster({ version });
    const dst = await startTestCluster({ version: '7.17' });
    // a state store that cannot save (a stuck disk): the positions never become durable
    const held: Array<() => void> = [];
    const readers = new Set<string>();
    let stuck = true;
    const release = () => {
      stuck = false;
      for (const r of held.splice(0)) r();
    };
    let h: ReturnType<typeof copy> | undefined;
    let ended = false;
    try {
      // 4 destination shard groups: one reader would read a bulk for each before they fill
      await es(src.url, 'PUT', '/ix', { settings: { number_of_shards: 4 } });
      await es(dst.url, 'PUT', '/ix', { settings: { number_of_shards: 4 } });
      await src.seedCorpus('ix', DOCS);
      h = copy({
        source: { nodes: src.url },
        dest: { nodes: dst.url },
        sourceIndex: 'ix',
        readMode: 'pit',
        slices: 4,
        pageSize: PAGE,
        bulkDocs: PAGE,
        checkpoint: (cp) => {
          readers.add(JSON.stringify(cp.position.slice ?? null));
          return stuck ? new Promise<void>((r) => held.push(r)) : undefined;
        },
      });
      void h.done.finally(() => (ended = true));
      // the readers stop once each is a page and a half past its saved position (here: the start);
      // code that bounds them by acknowledgements alone copies on to the end
      let last = -1;
      for (let unchanged = 0; unchanged < 30 && !ended; ) {
        await sleep(20);
        const n = destWrites(dst, 'ix').writes;
        unchanged = n === last ? unchanged + 1 : 0;
        last = n;
      }
      const applied = destWrites(dst, 'ix').writes;
      assert.ok(applied > 0, 'the copy started');
      const perSlice = applied / (PAGE * readers.size);
      assert.ok(perSlice <= 1.5, `${applied} docs written by ${readers.size} reader(s) with no checkpoint saved: ${perSlice} pages per slice (a crash would re-copy them all; ≤ 1.5 allowed)`);
      assert.equal(readers.size, 4, 'one reader per shard');
      release();
      const r = await h.done;
      assert.equal(r.outcome, 'success');
      assert.equal(destWrites(dst, 'ix').docs, DOCS);
    } finally {
      // a failed assertion leaves the copy running: end it before the clusters go
      release();
      if (h && !ended) {
        h.abort('test over');
        await h.done.catch(() => undefined);
      }
      await src.close();
      await dst.close();
    }
  });
}
