// The crash-and-resume scenario shared by the resume end-to-end tests: a child process copies three indices
// remembering progress and is killed with SIGKILL inside the second; another "host" resumes from the saved state.
// Checks: identical doc sets, the index finished before the crash written once, the interrupted one re-written
// only where its saved positions do not reach (a doc written twice has _version 2 on the test cluster).
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestCluster } from '../../../fixtures/cluster/index.js';
import { connect } from '../../../src/cluster/connect.js';
import { copy } from '../../../src/engine/copy.js';
import type { CopyOptions } from '../../../src/engine/types.js';
import { FileStateStore } from '../../../src/state/file-store.js';
import { IndexStateStore } from '../../../src/state/index-store.js';
import { runWithState } from '../../../src/state/run-with-state.js';
import type { StateStore } from '../../../src/state/store.js';
import type { IndexState, RunState } from '../../../src/state/types.js';
import { sameDocSet, storedDocs } from './docs.js';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const INDICES = { 'logs-a': 1000, 'logs-b': 4000, 'logs-c': 800 };

export interface Scenario {
  source: string;
  dest: string;
  state: 'file' | 'index';
  tuning: Partial<CopyOptions>;
  /** readers expected in the interrupted index's saved state */
  readers: number;
  /** when to kill the child, looking at the saved state of logs-b */
  killWhen: (b: IndexState) => boolean;
}

/** docs of logs-b a resume does not read again: search_after positions keep their place, scroll slices only when done */
function keptByResume(b: IndexState): number {
  return b.positions.reduce((n, p) => n + (p.mode === 'search-after' || p.mode === 'pit' || p.done ? p.acknowledged : 0), 0);
}

export async function runCrashScenario(t: TestContext, sc: Scenario): Promise<void> {
  const src = await startTestCluster({ version: sc.source });
  const dst = await startTestCluster({ version: sc.dest });
  t.after(() => src.close());
  t.after(() => dst.close());
  for (const [index, n] of Object.entries(INDICES)) await src.seedCorpus(index, n);
  // a slow destination stretches the copy so the crash lands inside logs-b
  dst.faults.latencyMs = 15;
  const dir = await mkdtemp(join(tmpdir(), 'esferry-crash-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const d = await connect({ nodes: dst.url });
  t.after(() => d.close());
  const spec = sc.state === 'file' ? `file:${join(dir, 'state.json')}` : 'index:esferry-state';
  const openStore = (owner: string): StateStore =>
    sc.state === 'file' ? new FileStateStore(join(dir, 'state.json')) : new IndexStateStore(d.transport, d.dialect, 'esferry-state', { owner });
  const peek = async (): Promise<RunState['indices'] | undefined> => {
    try {
      return (await openStore('observer').load()).indices;
    } catch {
      return undefined;
    }
  };

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'support/copy-child.ts'), src.url, dst.url, spec, Object.keys(INDICES).join(','), JSON.stringify(sc.tuning)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let childEnded = false;
  const exited = new Promise<void>((r) => child.on('exit', () => ((childEnded = true), r())));
  let killed = false;
  while (!childEnded) {
    const s = await peek();
    if (s?.['logs-a']?.status === 'done' && s['logs-b'] && sc.killWhen(s['logs-b'])) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await exited;
  assert.ok(killed, `the child ended before it could be killed mid-copy: ${stderr}`);
  const afterCrash = (await peek())!;
  assert.equal(afterCrash['logs-a']!.status, 'done');
  assert.equal(afterCrash['logs-b']!.status, 'running', 'the crash left logs-b running');
  assert.equal(afterCrash['logs-b']!.positions.length, sc.readers, `one saved position per reader: ${JSON.stringify(afterCrash['logs-b']!.positions)}`);
  const ackAtCrash = afterCrash['logs-b']!.acknowledged;
  const kept = keptByResume(afterCrash['logs-b']!);
  assert.ok(ackAtCrash < INDICES['logs-b'], 'killed before logs-b finished');
  assert.ok(kept > 0, 'the saved state lets the resume skip part of logs-b');

  // another host resumes; the crashed run's lock is taken over explicitly
  dst.faults.latencyMs = 0;
  const resumed = await runWithState({
    copy,
    store: openStore('host-b'),
    options: { source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs-*', ...sc.tuning },
    indices: Object.keys(INDICES),
    owner: 'host-b',
    forceLock: true,
  });
  assert.equal(resumed.outcome, 'success', resumed.reason);
  assert.deepEqual(resumed.plans.map((p) => p.action), ['skip', 'resume', 'fresh']);

  for (const index of Object.keys(INDICES)) {
    const s = storedDocs(src, index);
    const dd = storedDocs(dst, index);
    assert.equal(dd.size, s.size, `${index}: doc count`);
    assert.deepEqual(sameDocSet(s, dd), [], `${index}: identical doc set`);
  }
  // written exactly once: logs-a (done before the crash) and logs-c (after)
  for (const index of ['logs-a', 'logs-c']) {
    const twice = [...storedDocs(dst, index).values()].filter((x) => x.version > 1).length;
    assert.equal(twice, 0, `${index} was not copied twice`);
  }
  // logs-b: only docs the saved positions do not cover (in flight at the crash, or in an unfinished scroll
  // slice) were written again
  const rewritten = [...storedDocs(dst, 'logs-b').values()].filter((x) => x.version > 1).length;
  assert.ok(rewritten <= INDICES['logs-b'] - kept, `logs-b rewrote ${rewritten} docs, more than the ${INDICES['logs-b'] - kept} its positions do not cover`);
  t.diagnostic(`logs-b: ${ackAtCrash} acknowledged at the crash, ${kept} kept by the resume, ${rewritten} written again`);
  const final = await openStore('observer').load();
  assert.deepEqual(Object.values(final.indices).map((r) => [r.sourceIndex, r.status]), [
    ['logs-a', 'done'],
    ['logs-b', 'done'],
    ['logs-c', 'done'],
  ]);
}
