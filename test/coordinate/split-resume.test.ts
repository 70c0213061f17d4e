// A split item taken over after its worker died resumes from the checkpoint of its slice: the new
// worker re-copies at most about a page, not the whole slice. The kill point is controlled: once the
// destination holds part of the index its bulks are held (the worker's writers hang), the worker is
// killed after its checkpoints settled, the held bulks are never applied, and a second worker takes
// the item over when the lease runs out. The coordination index lives on a third cluster
// (--coordinator), so holding the destination's bulks does not hold the lease renewals.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, es } from '../cli/support/http.js';
import { runCli, startCli } from '../cli/support/run-cli.js';
import { destWrites, waitForWrites } from '../state/support/dest-writes.js';

const DOCS = 8000;
const PAGE = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('6.8 source split by shards: a taken-over slice resumes from its checkpoint (≤ 2 pages re-copied)', async () => {
  const src = await startTestCluster({ version: '6.8' });
  const dst = await startTestCluster({ version: '8.15' });
  const coord = await startTestCluster({ version: '8.15' });
  const dir = await mkdtemp(join(tmpdir(), 'esferry-split-resume-'));
  try {
    await es(src.url, 'PUT', '/big', { settings: { number_of_shards: 4 } });
    for (let from = 0; from < DOCS; from += 2000) {
      await bulkDocs(src.url, 'big', Array.from({ length: 2000 }, (_, i) => ({ id: `big-${from + i}`, source: { n: from + i, msg: `doc ${from + i}` } })), 'doc');
    }
    const list = join(dir, 'list.txt');
    await writeFile(list, 'big\n');
    const args = ['run', '--source', src.url, '--dest', dst.url, '--list', list, '--coordinate', 'split', '--coordinator', coord.url, '--lease-ttl', '2',
      '--split-docs', '2000', '--page-size', String(PAGE), '--bulk-docs', String(PAGE), '--writers', '2', '--progress', 'none', '--no-tune'];
    const first = startCli(args);
    await waitForWrites(dst, 'big', 1200, first.stderrSoFar);
    dst.faults.hold(/_bulk/);
    for (let i = 0; dst.faults.held < 1; i++) {
      if (i > 3000) throw new Error(`writers never reached the hold: ${first.stderrSoFar()}`);
      await sleep(5);
    }
    // a renewal (every half second with a 2 s lease) carries the last acknowledged positions
    await sleep(1200);
    first.child.kill('SIGKILL');
    await first.done;
    dst.faults.discardHeld();
    const before = destWrites(dst, 'big');

    const second = await runCli(args);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /big#\d\/4: claimed \(attempt 2, resuming from [1-9]\d* acknowledged docs\)/);
    const end = destWrites(dst, 'big');
    assert.equal(end.docs, DOCS, 'every document present');
    const recopied = end.writes - DOCS;
    // the killed worker held one slice: a whole-slice restart would write its ~1,000+ docs again
    assert.ok(recopied <= 2 * PAGE, `re-copied ${recopied} docs (≤ ${2 * PAGE} allowed); ${before.docs} were in the destination at the kill`);
  } finally {
    await src.close();
    await dst.close();
    await coord.close();
    await rm(dir, { recursive: true, force: true });
  }
});
