// runWithState wiring with a scripted engine: checkpoints land in the state file, an interrupted index resumes
// from its positions, done indices are skipped, and a delta run passes the last high-water as `since`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithState } from '../../src/state/run-with-state.js';
import { FileStateStore } from '../../src/state/file-store.js';
import type { CopyHandle, CopyOptions, CopyReport } from '../../src/engine/types.js';

/** the scripted engine reports high-waters itself; no source to probe */
const noProbe = async () => undefined;

interface Call {
  sourceIndex: string;
  since?: string | number;
  resumeFrom?: CopyOptions['resumeFrom'];
}

/** an engine that "copies" docs 0..n-1 of each index, checkpointing every doc, and stops early when told */
function scriptedCopy(docs: Record<string, number>, stopAfter?: { index: string; at: number }) {
  const calls: Call[] = [];
  const copy = (o: CopyOptions): CopyHandle => {
    const index = o.sourceIndex;
    calls.push({ sourceIndex: index, ...(o.since !== undefined ? { since: o.since } : {}), ...(o.resumeFrom ? { resumeFrom: o.resumeFrom } : {}) });
    const start = o.resumeFrom?.[0]?.acknowledged ?? 0;
    const done = (async (): Promise<CopyReport> => {
      let outcome: CopyReport['outcome'] = 'success';
      for (let i = start; i < docs[index]!; i++) {
        if (stopAfter && stopAfter.index === index && i === stopAfter.at) {
          outcome = 'cancelled';
          break;
        }
        await o.checkpoint!({
          sourceIndex: index,
          destIndex: String(o.destIndex),
          position: { mode: 'search-after', searchAfter: [i], acknowledged: i + 1, done: i + 1 === docs[index] },
          highWater: Date.UTC(2026, 10, 1) + i * 1000,
        });
      }
      return { outcome, indices: [] } as unknown as CopyReport;
    })();
    return Object.assign(new EventEmitter(), { done, cancel() {} }) as unknown as CopyHandle;
  };
  return { copy, calls };
}

test('interrupted run resumes only the unfinished index; a delta run starts from the last high-water', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'state.json');
  const base = { source: { nodes: 'http://s' }, dest: { nodes: 'http://d' }, sourceIndex: '*', timeField: '@timestamp' } as CopyOptions;
  const docs = { a: 5, b: 8, c: 3 };

  const first = scriptedCopy(docs, { index: 'b', at: 4 });
  const r1 = await runWithState({ copy: first.copy, store: new FileStateStore(file), options: base, indices: ['a', 'b', 'c'], checkpointIntervalMs: 0, probeHighWater: noProbe });
  assert.equal(r1.outcome, 'cancelled');
  assert.deepEqual(first.calls.map((c) => c.sourceIndex), ['a', 'b'], 'stops at the cancelled index');
  let state = await new FileStateStore(file).load();
  assert.equal(state.indices['a']!.status, 'done');
  assert.equal(state.indices['b']!.status, 'failed');
  assert.equal(state.indices['b']!.acknowledged, 4);

  const second = scriptedCopy(docs);
  const r2 = await runWithState({ copy: second.copy, store: new FileStateStore(file), options: base, indices: ['a', 'b', 'c'], probeHighWater: noProbe });
  assert.equal(r2.outcome, 'success');
  assert.deepEqual(r2.plans.map((p) => p.action), ['skip', 'resume', 'fresh']);
  assert.deepEqual(second.calls.map((c) => c.sourceIndex), ['b', 'c']);
  assert.deepEqual(second.calls[0]!.resumeFrom![0]!.searchAfter, [3]);
  state = await new FileStateStore(file).load();
  assert.deepEqual(Object.values(state.indices).map((s) => [s.sourceIndex, s.status, s.acknowledged]), [
    ['a', 'done', 5],
    ['b', 'done', 8],
    ['c', 'done', 3],
  ]);
  assert.equal(state.indices['b']!.lastSuccess!.highWater, Date.UTC(2026, 10, 1) + 7000);

  const third = scriptedCopy(docs);
  const r3 = await runWithState({ copy: third.copy, store: new FileStateStore(file), options: base, indices: ['a', 'b', 'c', 'd'], since: 'last', probeHighWater: noProbe });
  assert.equal(r3.outcome, 'success');
  assert.deepEqual(third.calls.map((c) => [c.sourceIndex, c.since]), [
    ['a', Date.UTC(2026, 10, 1) + 4000],
    ['b', Date.UTC(2026, 10, 1) + 7000],
    ['c', Date.UTC(2026, 10, 1) + 2000],
    ['d', undefined],
  ]);
});

test('the state lock is held during the run and released after', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'state.json');
  const store = new FileStateStore(file);
  const held = await store.lock('other-run');
  const { copy } = scriptedCopy({ a: 1 });
  const options = { source: { nodes: 'x' }, dest: { nodes: 'y' }, sourceIndex: 'a' } as CopyOptions;
  await assert.rejects(runWithState({ copy, store: new FileStateStore(file), options, indices: ['a'] }), /locked by other-run/);
  await held.release();
  assert.equal((await runWithState({ copy, store: new FileStateStore(file), options, indices: ['a'] })).outcome, 'success');
  await (await store.lock('after')).release();
});

test('without engine high-waters, the source max taken before the copy (capped at until) becomes the base', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'state.json');
  const plain = (o: CopyOptions): CopyHandle => {
    const done = Promise.resolve({ outcome: 'success', indices: [] } as unknown as CopyReport);
    void o;
    return Object.assign(new EventEmitter(), { done, cancel() {} }) as unknown as CopyHandle;
  };
  const options = { source: { nodes: 'x' }, dest: { nodes: 'y' }, sourceIndex: 'a', timeField: 't', until: '2026-11-01T12:00:00Z' } as CopyOptions;
  const probes: string[] = [];
  const probeHighWater = async (index: string) => {
    probes.push(index);
    return index === 'a' ? '2026-11-01T10:00:00Z' : '2026-11-02T00:00:00Z';
  };
  await runWithState({ copy: plain, store: new FileStateStore(file), options, indices: ['a', 'b'], probeHighWater });
  const state = await new FileStateStore(file).load();
  assert.deepEqual(probes, ['a', 'b']);
  assert.equal(state.indices['a']!.lastSuccess!.highWater, '2026-11-01T10:00:00Z');
  assert.equal(state.indices['b']!.lastSuccess!.highWater, '2026-11-01T12:00:00Z', 'capped at until');
});

test('a corrupt state file stops the run before anything is copied', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'state.json');
  const { writeFile, readFile } = await import('node:fs/promises');
  await writeFile(file, '{"format":"esferry-state","version":1,"checksum":"sha256:00","state":{"indices":{}}}');
  const { copy, calls } = scriptedCopy({ a: 3 });
  const options = { source: { nodes: 'x' }, dest: { nodes: 'y' }, sourceIndex: 'a' } as CopyOptions;
  await assert.rejects(runWithState({ copy, store: new FileStateStore(file), options, indices: ['a'], probeHighWater: noProbe }), /checksum/);
  assert.equal(calls.length, 0, 'copy never started');
  assert.match(await readFile(file, 'utf8'), /sha256:00/, 'the damaged file is left as it was');
});
