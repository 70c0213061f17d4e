// --coordinate refuses what it cannot honour, in one line with exit 2, before connecting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../cli/support/run-cli.js';

test('--coordinate: contradicting or unsupported options are refused with exit 2', async () => {
  const list = join(mkdtempSync(join(tmpdir(), 'esferry-coord-')), 'l.txt');
  writeFileSync(list, 'logs-1\n');
  const base = ['run', '--source', 'http://127.0.0.1:1', '--dest', 'http://127.0.0.1:1', '--list', list];
  const cases: Array<[string[], RegExp]> = [
    [['--coordinate', 'm', '--shard', '0/2'], /--coordinate and --shard/],
    [['--coordinate', 'm', '--state', 'x.json'], /leave out --state/],
    [['--coordinate', 'm', '--recreate'], /--recreate with --coordinate/],
    [['--coordinate', 'Bad'], /--coordinate: "Bad" cannot be an index name/],
    [['--coordinate', 'm', '--lease-ttl', '0'], /--lease-ttl must be/],
    [['--retry-failed'], /--retry-failed works with --coordinate/],
  ];
  for (const [extra, msg] of cases) {
    const r = await runInProcess([...base, ...extra]);
    assert.equal(r.code, 2, extra.join(' '));
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
});
