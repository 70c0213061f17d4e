// The run --list + verify story, shared by the in-process matrix and the spawned-binary check.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireClusters } from '../../support/clusters.js';
import { shown, type CliResult } from './cli.js';
import { makeDocs, sourcesById, TIME_PROPERTIES } from './docs.js';

const SIZES = [30, 55, 80];

export async function runAndVerify(pair: { sourceVersion: string; destVersion: string }, cli: (args: string[]) => Promise<CliResult>): Promise<void> {
  const c = await acquireClusters(pair);
  const dir = await mkdtemp(join(tmpdir(), 'esferry-it-'));
  try {
    const indices = SIZES.map((_, i) => c.indexName(`list${i}`));
    const docsOf = indices.map((index, i) => makeDocs(`l${i}`, SIZES[i]!));
    for (const [i, index] of indices.entries()) await c.source.seed(index, docsOf[i]!, { shards: 2, properties: TIME_PROPERTIES });
    const list = join(dir, 'indices.txt');
    await writeFile(list, `# integration list\n${indices.join('\n')}\n`);
    const reportFile = join(dir, 'report.json');
    const conn = ['--source', c.source.url, '--dest', c.dest.url];

    const run = await cli(['run', ...conn, '--list', list, '--parallel-indices', '2', '--progress', 'none', '--report', reportFile]);
    assert.equal(run.code, 0, shown(run));
    const report = JSON.parse(await readFile(reportFile, 'utf8'));
    assert.equal(report.outcome, 'success');
    assert.equal(report.accountingOk, true);
    assert.equal(report.totals.written, SIZES.reduce((a, b) => a + b, 0));
    assert.deepEqual(report.indices.map((i: { sourceIndex: string }) => i.sourceIndex).sort(), [...indices].sort());
    for (const [i, index] of indices.entries()) {
      assert.equal(await c.dest.count(index), SIZES[i], index);
      assert.deepEqual(sourcesById(await c.dest.docs(index)), new Map(docsOf[i]!.map((d) => [d._id, d._source])), `${index} doc set`);
    }
    // credentials given in the URLs never reach the output
    for (const u of [c.source.url, c.dest.url]) {
      const pass = new URL(u).password;
      if (pass) assert.ok(!run.stdout.includes(pass) && !run.stderr.includes(pass), 'password printed');
    }

    const ok = await cli(['verify', ...conn, '--list', list, '--sample', '10']);
    assert.equal(ok.code, 0, shown(ok));

    const victim = docsOf[1]![7]!;
    await c.dest.deleteDoc(indices[1]!, victim._id, victim._routing);
    const bad = await cli(['verify', ...conn, '--list', list]);
    assert.equal(bad.code, 4, shown(bad));
    assert.ok((bad.stdout + bad.stderr).includes(indices[1]!), `the mismatching index is named\n${shown(bad)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await c.release();
  }
}

