// Crash and resume for real: a child process copies three indices with a state file and is killed with SIGKILL
// in the middle of the second; a new run resumes from the state. The destination ends with exactly the source
// doc sets, the index finished before the crash is not written again, and the interrupted one only re-writes
// docs after its last checkpoint (a doc written twice has _version 2 on the test cluster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy } from '../../src/engine/copy.js';
import { FileStateStore } from '../../src/state/file-store.js';
import { runWithState } from '../../src/state/run-with-state.js';
import { COPY_TUNING } from './support/tuning.js';
import { sameDocSet, storedDocs } from './support/docs.js';

const here = dirname(fileURLToPath(import.meta.url));
const INDICES = { 'logs-a': 1500, 'logs-b': 4000, 'logs-c': 1200 };

async function readStateFile(file: string): Promise<Record<string, { status: string; acknowledged: number }> | undefined> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { state: { indices: Record<string, { status: string; acknowledged: number }> } }).state.indices;
  } catch {
    return undefined; // not written yet (never partial: writes are atomic)
  }
}

test('kill -9 mid-copy, then resume: identical doc sets, nothing copied twice', { timeout: 60_000 }, async (t) => {
  const src = await startTestCluster({ version: '7.17' });
  const dst = await startTestCluster({ version: '8.15' });
  t.after(() => src.close());
  t.after(() => dst.close());
  for (const [index, n] of Object.entries(INDICES)) await src.seedCorpus(index, n);
  // a slow destination stretches the copy so the crash lands inside logs-b
  dst.faults.latencyMs = 15;
  const dir = await mkdtemp(join(tmpdir(), 'esferry-crash-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stateFile = join(dir, 'state.json');

  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'support/copy-child.ts'), src.url, dst.url, stateFile, Object.keys(INDICES).join(',')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let killedAt: Record<string, { status: string; acknowledged: number }> | undefined;
  let childEnded = false;
  void exited.then(() => (childEnded = true));
  while (!childEnded) {
    const s = await readStateFile(stateFile);
    if (s?.['logs-a']?.status === 'done' && (s['logs-b']?.acknowledged ?? 0) >= 1000) {
      child.kill('SIGKILL');
      killedAt = s;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await exited;
  assert.ok(killedAt, `the child ended before it could be killed mid-copy: ${stderr}`);
  const afterCrash = await readStateFile(stateFile);
  assert.equal(afterCrash!['logs-a']!.status, 'done');
  assert.equal(afterCrash!['logs-b']!.status, 'running', 'the crash left logs-b running');
  const ackAtCrash = afterCrash!['logs-b']!.acknowledged;
  assert.ok(ackAtCrash < INDICES['logs-b'], 'killed before logs-b finished');

  dst.faults.latencyMs = 0;
  const resumed = await runWithState({
    copy,
    store: new FileStateStore(stateFile),
    options: { source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs-*', ...COPY_TUNING },
    indices: Object.keys(INDICES),
  });
  assert.equal(resumed.outcome, 'success', resumed.reason);
  assert.deepEqual(resumed.plans.map((p) => p.action), ['skip', 'resume', 'fresh']);

  for (const index of Object.keys(INDICES)) {
    const s = storedDocs(src, index);
    const d = storedDocs(dst, index);
    assert.equal(d.size, s.size, `${index}: doc count`);
    assert.deepEqual(sameDocSet(s, d), [], `${index}: identical doc set`);
  }
  // written exactly once: logs-a (done before the crash) and logs-c (after)
  for (const index of ['logs-a', 'logs-c']) {
    const twice = [...storedDocs(dst, index).values()].filter((d) => d.version > 1).length;
    assert.equal(twice, 0, `${index} was not copied twice`);
  }
  // logs-b: at most the docs after the last saved checkpoint (in flight at the crash) were written again
  const rewritten = [...storedDocs(dst, 'logs-b').values()].filter((d) => d.version > 1).length;
  assert.ok(rewritten <= INDICES['logs-b'] - ackAtCrash, `logs-b rewrote ${rewritten} docs, more than the ${INDICES['logs-b'] - ackAtCrash} after its checkpoint`);
  assert.ok(rewritten < INDICES['logs-b'] / 2, 'logs-b resumed instead of starting over');
  t.diagnostic(`logs-b: ${ackAtCrash} acknowledged at the crash, ${rewritten} written again on resume`);
  const final = await new FileStateStore(stateFile).load();
  assert.deepEqual(Object.values(final.indices).map((r) => r.status), ['done', 'done', 'done']);
});
