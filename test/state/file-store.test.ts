// State file: atomic replace, serialised concurrent saves, corruption → one clear error, stale lock takeover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FileStateStore } from '../../src/state/file-store.js';
import { beginRun } from '../../src/state/index-state.js';
import { encodeState } from '../../src/state/state-format.js';
import { EsferryError } from '../../src/cluster/errors.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'esferry-state-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const running = (name: string, acknowledged = 0) => ({
  ...beginRun(undefined, { sourceIndex: name, destIndex: `v2-${name}`, resume: false }),
  acknowledged,
  positions: [{ mode: 'search-after' as const, searchAfter: ['x'], acknowledged, done: false }],
});

test('a missing file loads as an empty state; saves round-trip through a new store', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'run.json');
  const a = new FileStateStore(file);
  assert.deepEqual(await a.load(), { indices: {} });
  await a.saveIndex(running('logs-1', 10));
  await a.markDone('logs-1', { highWater: '2026-11-01T10:00:00.000Z' });
  await a.saveIndex(running('logs-2', 5));
  const b = await new FileStateStore(file).load();
  assert.equal(b.indices['logs-1']!.status, 'done');
  assert.equal(b.indices['logs-1']!.lastSuccess!.highWater, '2026-11-01T10:00:00.000Z');
  assert.equal(b.indices['logs-1']!.lastSuccess!.acknowledged, 10);
  assert.equal(b.indices['logs-2']!.status, 'running');
  assert.deepEqual(b.indices['logs-2']!.positions[0]!.searchAfter, ['x']);
});

test('the state file folder is created when missing', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'nested', 'deeper', 'run.json');
  const store = new FileStateStore(file);
  const lock = await store.lock('me');
  await store.saveIndex(running('logs-1', 1));
  await lock.release();
  assert.equal((await new FileStateStore(file).load()).indices['logs-1']!.acknowledged, 1);
});

test('concurrent saves are serialised: the file always parses and holds the last of every index', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'run.json');
  const store = new FileStateStore(file);
  const saves = [];
  for (let i = 1; i <= 200; i++) saves.push(store.saveIndex(running(`idx-${i % 7}`, i)));
  await Promise.all(saves);
  const state = await new FileStateStore(file).load();
  assert.equal(Object.keys(state.indices).length, 7);
  for (let k = 0; k < 7; k++) {
    const last = Math.max(...Array.from({ length: 200 }, (_, j) => j + 1).filter((i) => i % 7 === k));
    assert.equal(state.indices[`idx-${k}`]!.acknowledged, last);
  }
  // no temp files left behind
  assert.deepEqual((await readdir(dir)).sort(), ['run.json']);
});

test('a write is atomic: readers in another process never see a partial file', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'run.json');
  const store = new FileStateStore(file);
  await store.saveIndex(running('big', 1));
  // a big record makes each write take several syscalls; a reader polling in parallel must always parse it
  const big = { ...running('big', 2), error: 'x'.repeat(2_000_000) };
  const reader = `
    const fs = require('node:fs');
    let ok = 0;
    const end = Date.now() + 1500;
    while (Date.now() < end) { JSON.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8')); ok++; }
    console.log(ok);`;
  const child = import('node:child_process').then(({ spawn }) => new Promise<number>((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', reader]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`reader saw a partial file (exit ${code})`))));
  }));
  for (let i = 0; i < 20; i++) await store.saveIndex({ ...big, acknowledged: i });
  assert.ok((await child) > 0);
});

test('corruption is one clear error naming the file, never an empty state', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'run.json');
  const store = new FileStateStore(file);
  await store.saveIndex(running('logs-1', 3));
  const good = await readFile(file, 'utf8');

  const cases: Array<[string, string, RegExp]> = [
    ['truncated', good.slice(0, good.length / 2), /not valid JSON/],
    ['not ours', JSON.stringify({ hello: 1 }), /not an esferry state file/],
    ['wrong version', good.replace('"version": 1', '"version": 99'), /format version 99/],
    ['edited', good.replace('"acknowledged": 3', '"acknowledged": 4'), /checksum/],
  ];
  for (const [name, text, re] of cases) {
    await writeFile(file, text);
    await assert.rejects(new FileStateStore(file).load(), (e: unknown) => {
      assert.ok(e instanceof EsferryError, name);
      assert.equal(e.kind, 'bad_input');
      assert.match(e.message, re, name);
      assert.ok(e.message.includes(file), `${name}: names the file`);
      return true;
    });
    // saving into a corrupt state must not overwrite it either
    await assert.rejects(new FileStateStore(file).saveIndex(running('other')));
    assert.equal(await readFile(file, 'utf8'), text, `${name}: file untouched`);
  }
  assert.ok(encodeState({ indices: {} }).includes('"format": "esferry-state"'));
});

test('lock: a second holder is refused naming the first; a dead holder is taken over', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'run.json');
  const store = new FileStateStore(file);
  const lock = await store.lock('run-a');
  await assert.rejects(new FileStateStore(file).lock('run-b'), /locked by run-a/);
  await lock.release();
  const again = await new FileStateStore(file).lock('run-b');
  await again.release();

  // a lock file left by a process that died (its pid no longer exists)
  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
  const { hostname } = await import('node:os');
  await writeFile(`${file}.lock`, JSON.stringify({ owner: 'crashed', host: hostname(), pid: Number(dead), since: 'x' }));
  const taken = await store.lock('run-c');
  assert.equal(taken.owner, 'run-c');
  await taken.release();
});
