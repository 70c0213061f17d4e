// The bench runs end to end in smoke mode (esferry + raw pump, tiny corpus) and writes its table.
// No timing assertions: only that every run copied every document and the report exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function runBench(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'native-free-bench', 'run.ts'), ...args], {
      cwd: repo, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
  });
}

test('bench smoke: esferry and the raw pump copy a tiny corpus and the table is written', { timeout: 120_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'esferry-bench-smoke-'));
  try {
    const r = await runBench(['--smoke', '--only', 'esferry,raw', '--sizes', '500', '--large', '20', '--out', out]);
    const md = join(out, 'latest.md');
    assert.ok(existsSync(md), `latest.md not written; stderr:\n${r.stderr}`);
    const table = readFileSync(md, 'utf8');
    assert.match(table, /\| contender \|/);
    assert.match(table, /raw byte pump/);
    assert.match(table, /esferry/);
    assert.match(table, /machine: cores=\d+ cpu=".*" node=v\d+/);
    const json = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as {
      peers: Array<{ contender: string; corpus: { docs: number }; samples: Array<{ ok: boolean; docsInDest: number; peakRssMB: number; error?: string }> }>;
    };
    const names = [...new Set(json.peers.map((p) => p.contender))].sort();
    assert.deepEqual(names, ['esferry', 'raw']);
    for (const p of json.peers) {
      assert.equal(p.samples.length, 1, `${p.contender}: one run in smoke mode`);
      for (const s of p.samples) {
        assert.equal(s.error, undefined, `${p.contender} ${p.corpus.docs} docs: ${s.error}`);
        assert.equal(s.docsInDest, p.corpus.docs, `${p.contender}: destination count`);
        assert.ok(s.peakRssMB > 0, `${p.contender}: peak RSS sampled`);
      }
    }
    assert.equal(r.code, 0, r.stderr);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
