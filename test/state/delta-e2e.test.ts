// Delta runs against test clusters: a second run with since 'last' copies only documents at or after the first
// run's high-water, copies a new daily index in full, and skips a daily index that got nothing newer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { connect } from '../../src/cluster/connect.js';
import { copy } from '../../src/engine/copy.js';
import { FileStateStore } from '../../src/state/file-store.js';
import { runWithState } from '../../src/state/run-with-state.js';
import { probeSourceMaxTimes } from '../../src/state/delta.js';
import { compareHighWater } from '../../src/state/high-water.js';
import { COPY_TUNING } from './support/tuning.js';
import { sameDocSet, storedDocs } from './support/docs.js';
import { bulk } from './support/http.js';

test("since 'last' copies only new docs and new indices", { timeout: 60_000 }, async (t) => {
  const src = await startTestCluster({ version: '6.8' });
  const dst = await startTestCluster({ version: '7.17' });
  t.after(() => src.close());
  t.after(() => dst.close());
  const dir = await mkdtemp(join(tmpdir(), 'esferry-delta-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stateFile = join(dir, 'state.json');
  await src.seedCorpus('logs-2026.11.01', 1200, 'doc');
  await src.seedCorpus('logs-2026.11.02', 800, 'doc');
  const options = { source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs-*', timeField: '@timestamp', ...COPY_TUNING };

  const first = await runWithState({ copy, store: new FileStateStore(stateFile), options, indices: ['logs-2026.11.01', 'logs-2026.11.02'], since: 'last' });
  assert.equal(first.outcome, 'success', first.reason);
  const state1 = await new FileStateStore(stateFile).load();
  const hw = state1.indices['logs-2026.11.02']!.lastSuccess!.highWater;
  assert.ok(hw !== undefined, 'the first run recorded a high-water');
  const maxTs = [...storedDocs(src, 'logs-2026.11.02').values()]
    .map((d) => (JSON.parse(d.source) as { '@timestamp': string })['@timestamp'])
    .reduce((a, b) => (a > b ? a : b));
  assert.equal(compareHighWater(hw, maxTs), 0, 'high-water = newest copied timestamp');

  // new documents arrive in .02 (later timestamps), a new daily index appears, .01 stays untouched
  const late = Array.from({ length: 30 }, (_, i) => [
    { index: { _index: 'logs-2026.11.02', _type: 'doc', _id: `late-${i}` } },
    { '@timestamp': new Date(Date.parse(maxTs) + 1000 * (i + 1)).toISOString(), message: `late ${i}`, status: 200 },
  ]).flat();
  assert.equal((await bulk(src.url, late)).errors, false);
  await src.seedCorpus('logs-2026.11.03', 500, 'doc');

  const s = await connect({ nodes: src.url });
  t.after(() => s.close());
  const indices = ['logs-2026.11.01', 'logs-2026.11.02', 'logs-2026.11.03'];
  const probed = await probeSourceMaxTimes(s.transport, indices, '@timestamp');
  assert.equal(compareHighWater(probed['logs-2026.11.01']!, state1.indices['logs-2026.11.01']!.lastSuccess!.highWater!), 0, 'nothing newer in .01');
  assert.ok(compareHighWater(probed['logs-2026.11.02']!, hw) > 0, '.02 grew');
  // runWithState probes the finished indices itself to skip the ones that got nothing newer
  const second = await runWithState({ copy, store: new FileStateStore(stateFile), options, indices, since: 'last' });
  assert.equal(second.outcome, 'success', second.reason);
  assert.deepEqual(second.plans.map((p) => p.action), ['skip', 'fresh', 'fresh']);
  assert.equal(second.plans[1]!.since, hw);
  assert.equal(second.plans[2]!.since, undefined, 'a new index is copied in full');

  for (const index of indices) assert.deepEqual(sameDocSet(storedDocs(src, index), storedDocs(dst, index)), [], index);
  // only the late docs and the boundary doc(s) at the old high-water were written by the delta run
  const boundary = [...storedDocs(src, 'logs-2026.11.02').values()]
    .filter((d) => compareHighWater((JSON.parse(d.source) as { '@timestamp': string })['@timestamp'], hw) === 0).length;
  const rewritten = [...storedDocs(dst, 'logs-2026.11.02').values()].filter((d) => d.version > 1).length;
  t.diagnostic(`delta: high-water ${String(hw)}, boundary docs ${boundary}, old docs written again ${rewritten}`);
  assert.ok(rewritten <= boundary, `delta re-wrote ${rewritten} old docs (boundary docs: ${boundary})`);
  assert.equal([...storedDocs(dst, 'logs-2026.11.01').values()].filter((d) => d.version > 1).length, 0, 'untouched index not re-copied');
  const state2 = await new FileStateStore(stateFile).load();
  assert.ok(compareHighWater(state2.indices['logs-2026.11.02']!.lastSuccess!.highWater!, hw) > 0, 'high-water moved forward');
  assert.equal(state2.indices['logs-2026.11.02']!.lastSuccess!.acknowledged, 30 + rewritten);
});
