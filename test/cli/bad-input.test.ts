// Bad or missing options: one line on stderr, exit 2, no stack trace, no secret. The option matrix
// runs main() in-process; the last tests spawn the real CLI.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, runInProcess } from './support/run-cli.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0]!, /^esferry: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

const cases: [string, string[], RegExp][] = [
  ['missing --source', ['copy', '--dest', 'http://127.0.0.1:9', '--index', 'a'], /--source is required \(the source cluster URL, e\.g\. http:\/\/localhost:9200\)/],
  ['missing --dest', ['copy', '--source', 'http://127.0.0.1:9', '--index', 'a'], /--dest is required/],
  ['missing --list', ['run', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9'], /--list FILE .*or --index NAMES is required/],
  ['unknown option', ['copy', '--sorce', 'http://127.0.0.1:9'], /Unknown argument: sorce/],
  ['unknown command', ['cpy'], /Unknown argument: cpy|Unknown command/],
  ['no command', [], /a command is required/],
  ['bad URL', ['copy', '--source', 'localhost:9200', '--dest', 'http://127.0.0.1:9', '--index', 'a'], /--source: "localhost:9200" must start with http/],
  ['bad --shard', ['run', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--list', 'LIST', '--shard', '4/3'], /--shard: i must be between 1 and 3/],
  ['--shard 0/3 (counted from 1)', ['run', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--list', 'LIST', '--shard', '0/3'], /--shard counts from 1: "0\/3" names no share; the 3 hosts use 1\/3 … 3\/3/],
  ['bad --query', ['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'a', '--query', '{oops'], /--query is not valid JSON/],
  ['bad --types', ['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'a', '--types', 'merge'], /--types must be keep, drop or merge:FIELD/],
  ['bad --read-mode', ['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'a', '--read-mode', 'fast'], /Invalid values/],
  ['since without time field', ['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'a', '--since', 'now-1d'], /--since\/--until need --time-field/],
  ['bad --bulk-bytes', ['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'a', '--bulk-bytes', 'lots'], /--bulk-bytes must be a size/],
  ['missing transform', ['copy', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--index', 'a', '--transform', './nope.mjs'], /--transform: cannot load/],
];

for (const [name, args, pattern] of cases) {
  test(`bad input: ${name} → exit 2 with one line`, async () => {
    const list = join(dir, 'ok.txt');
    await writeFile(list, 'logs-*\n');
    const r = await runInProcess(args.map((a) => (a === 'LIST' ? list : a)));
    assert.equal(r.code, 2, r.stderr);
    assertOneLine(r.stderr, pattern);
  });
}

test('a bad list line is reported with its line number before connecting', async () => {
  const list = join(dir, 'bad.txt');
  await writeFile(list, '# indices\nlogs-1\n\nLogs-2\n');
  // the clusters do not exist: the list must be rejected before any connection is tried
  const r = await runInProcess(['run', '--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9', '--list', list]);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /bad\.txt:4: invalid index name "Logs-2": must be lowercase/);
});

test('a password in a URL is not printed, even in errors', async () => {
  const r = await runCli(['copy', '--source', 'http://admin:hunter2secret@127.0.0.1:9', '--dest', 'http://u:pw-d3st@127.0.0.1:9', '--index', 'a']);
  assert.equal(r.code, 3);
  assert.doesNotMatch(r.stdout + r.stderr, /hunter2secret|pw-d3st/);
  assertOneLine(r.stderr, /cannot connect to the source cluster/);
});

test('--help explains options and exit codes', async () => {
  const r = await runCli(['run', '--help']);
  assert.equal(r.code, 0);
  for (const opt of ['--source-api-key', '--insecure', '--parallel-indices', '--shard', '--dry-run', '--dead-letter', '--no-tune', '--progress', '--rename', '--transform']) {
    assert.ok(r.stdout.includes(opt), `help mentions ${opt}`);
  }
  assert.match(r.stdout, /130 cancelled/);
});
