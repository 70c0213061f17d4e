// Bad input caught before connecting: the clusters named here do not exist (port 9), so exit 2
// proves the check ran first. Each case failed differently before (wrong exit code, NaN, a raw
// server error, NUL bytes on the terminal, a file that only failed at the end).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, runInProcess } from './support/run-cli.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-input-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOWHERE = ['--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9'];

function oneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0]!, /^esferry: /);
  assert.match(lines[0]!, pattern);
}

const cases: [string, string[], RegExp][] = [
  ['--writers abc names the text, not NaN', ['copy', ...NOWHERE, '--index', 'a', '--writers', 'abc'], /--writers must be a number, got "abc"/],
  ['--bulk-bytes -5mb is one value', ['copy', ...NOWHERE, '--index', 'a', '--bulk-bytes', '-5mb'], /--bulk-bytes must be a size like 5mb .*got "-5mb"/],
  ['--page-size -3 is one value', ['copy', ...NOWHERE, '--index', 'a', '--page-size', '-3'], /--page-size must be a whole number >= 1, got "-3"/],
  ['a number option given twice', ['copy', ...NOWHERE, '--index', 'a', '--writers', '2', '--writers', '3'], /--writers was given 2 times/],
  ['--since notadate before connecting', ['copy', ...NOWHERE, '--index', 'a', '--time-field', 't', '--since', 'notadate'], /--since must be a date .*got "notadate"/],
  ['--until on verify is checked too', ['verify', ...NOWHERE, '--index', 'a', '--time-field', 't', '--until', '2026-13-45'], /--until must be a date/],
  ['--since on plan is checked too', ['plan', ...NOWHERE, '--index', 'a', '--time-field', 't', '--since', 'yesterday'], /--since must be a date/],
  ['--index with # is an invalid name, not a comment', ['copy', ...NOWHERE, '--index', 'logs#1'], /--index: invalid index name "logs#1": must not contain "#"/],
  ['--index on plan too', ['plan', ...NOWHERE, '--index', 'ok,logs#1'], /--index: invalid index name "logs#1"/],
  ['--dest-index Bad Name is a --dest-index error', ['copy', ...NOWHERE, '--index', 'a', '--dest-index', 'Bad Name'], /^esferry: --dest-index: invalid index name "Bad Name": must be lowercase/],
  ['--dest-index with a space', ['copy', ...NOWHERE, '--index', 'a', '--dest-index', 'bad name'], /--dest-index: invalid index name "bad name": must not contain spaces/],
  ['--dest-index * without one in --index', ['copy', ...NOWHERE, '--index', 'a', '--dest-index', 'b-*'], /--dest-index "b-\*" has a "\*" but --index "a" has none/],
  ['--state-index with an invalid name', ['copy', ...NOWHERE, '--index', 'a', '--state-index', 'State'], /--state-index: invalid index name "State": must be lowercase/],
  ['verify takes --dest-index (and checks it)', ['verify', ...NOWHERE, '--index', 'a', '--dest-index', 'B'], /--dest-index: invalid index name "B"/],
  ['run needs --list or --index', ['run', ...NOWHERE], /--list FILE .* or --index NAMES is required/],
];

for (const [name, args, pattern] of cases) {
  test(`before connecting: ${name} → exit 2`, async () => {
    const r = await runInProcess(args);
    assert.equal(r.code, 2, r.stderr);
    oneLine(r.stderr, pattern);
  });
}

test('a missing list file reads as a file problem, not a line-0 index name', async () => {
  const r = await runInProcess(['run', ...NOWHERE, '--list', join(dir, 'lists', 'missing.txt')]);
  assert.equal(r.code, 2);
  oneLine(r.stderr, /list file ".*missing\.txt": file not found$/);
  assert.doesNotMatch(r.stderr, /:0:|invalid index name/);
});

test('a list file that is a directory, or names nothing, says so', async () => {
  let r = await runInProcess(['run', ...NOWHERE, '--list', dir]);
  assert.equal(r.code, 2);
  oneLine(r.stderr, /is a directory, not a file/);
  const empty = join(dir, 'empty.txt');
  await writeFile(empty, '# nothing yet\n\n');
  r = await runInProcess(['run', ...NOWHERE, '--list', empty]);
  assert.equal(r.code, 2);
  oneLine(r.stderr, /empty\.txt": names no index/);
});

test('a UTF-16 list file (with BOM) is decoded: its bad line is reported readably, without NUL bytes', async () => {
  for (const [enc, bom] of [['le', Buffer.from([0xff, 0xfe])], ['be', Buffer.from([0xfe, 0xff])]] as const) {
    const body = Buffer.from('logs-1\r\nLogs-2\r\n', 'utf16le');
    if (enc === 'be') body.swap16();
    const file = join(dir, `utf16${enc}.txt`);
    await writeFile(file, Buffer.concat([bom, body]));
    const r = await runInProcess(['run', ...NOWHERE, '--list', file]);
    assert.equal(r.code, 2);
    assert.ok(!r.stderr.includes('\u0000'), 'no NUL byte printed');
    oneLine(r.stderr, new RegExp(`utf16${enc}\\.txt:2: invalid index name "Logs-2": must be lowercase`));
  }
});

test('a list file with NUL bytes and no BOM is refused clearly, never echoed', async () => {
  const file = join(dir, 'nobom.txt');
  await writeFile(file, Buffer.from('logs-1\nlogs-2\n', 'utf16le'));
  const r = await runInProcess(['run', ...NOWHERE, '--list', file]);
  assert.equal(r.code, 2);
  assert.ok(!r.stderr.includes('\u0000'));
  oneLine(r.stderr, /contains NUL bytes .*save it as UTF-8/);
});

test('an unwritable --dead-letter or --report path is refused before connecting; missing folders are created', async () => {
  const notADir = join(dir, 'plain-file');
  await writeFile(notADir, 'x');
  let r = await runInProcess(['copy', ...NOWHERE, '--index', 'a', '--dead-letter', join(notADir, 'dl.ndjson')]);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr, /--dead-letter .*dl\.ndjson: cannot create its folder/);
  r = await runInProcess(['copy', ...NOWHERE, '--index', 'a', '--report', dir]);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr, /--report .*: is a directory/);
  r = await runInProcess(['copy', ...NOWHERE, '--index', 'a', '--state', join(notADir, 's.json')]);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr, /--state .*s\.json: cannot create its folder/);
  // a folder that does not exist yet is created; the run then fails on the connection (exit 3), not on the path
  const nested = join(dir, 'new', 'deeper', 'report.json');
  r = await runInProcess(['copy', ...NOWHERE, '--index', 'a', '--report', nested]);
  assert.equal(r.code, 3, r.stderr);
  assert.ok((await stat(join(dir, 'new', 'deeper'))).isDirectory());
});

test('a corrupt state file is refused before connecting, with exit 2', async () => {
  const state = join(dir, 'state.json');
  await writeFile(state, '{"format":"esferry-state","version":1,"checks');
  const r = await runInProcess(['copy', ...NOWHERE, '--index', 'a', '--state', state]);
  assert.equal(r.code, 2, r.stderr);
  oneLine(r.stderr, /state\.json is not valid JSON/);
  assert.equal(await readFile(state, 'utf8'), '{"format":"esferry-state","version":1,"checks', 'left as it was');
});

test('esferry --version, -V and -h answer instead of "a command is required"', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = await runCli([flag]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), pkg.version);
  }
  const h = await runCli(['-h']);
  assert.equal(h.code, 0, h.stderr);
  assert.match(h.stdout, /esferry <command>/);
  assert.match(h.stdout, /copy/);
});
