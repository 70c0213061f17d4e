// Options from ESFERRY_* variables and --config files (JSON, YAML), their precedence (command line >
// environment > file), and secrets from either never printed. The clusters named do not exist:
// the option checks and the first connection attempt say which value won.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, runInProcess } from './support/run-cli.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-config-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOWHERE = ['--source', 'http://127.0.0.1:9', '--dest', 'http://127.0.0.1:9'];

test('ESFERRY_SOURCE / ESFERRY_DEST / ESFERRY_INDEX stand for the flags', async () => {
  const r = await runInProcess(['copy'], { ESFERRY_SOURCE: 'http://127.0.0.1:7', ESFERRY_DEST: 'http://127.0.0.1:8', ESFERRY_INDEX: 'logs' });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /127\.0\.0\.1:7/);
});

test('precedence: command line > environment > config file', async () => {
  const file = join(dir, 'prec.json');
  await writeFile(file, JSON.stringify({ 'bulk-docs': 'from-file' }));
  const base = ['copy', ...NOWHERE, '--index', 'a', '--config', file];
  let r = await runInProcess(base);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--bulk-docs must be a number, got "from-file"/);
  r = await runInProcess(base, { ESFERRY_BULK_DOCS: 'from-env' });
  assert.match(r.stderr, /got "from-env"/);
  r = await runInProcess([...base, '--bulk-docs', 'from-cli'], { ESFERRY_BULK_DOCS: 'from-env' });
  assert.match(r.stderr, /got "from-cli"/);
});

test('a YAML config file (comments, lists) and ESFERRY_CONFIG naming it', async () => {
  const file = join(dir, 'esferry.yaml');
  await writeFile(file, '# migration of the logs\nsource: http://127.0.0.1:7\ndest: http://127.0.0.1:8\nindex: logs\nrename:\n  - "logs=v2-logs"\nbulk-docs: 500\n');
  let r = await runInProcess(['copy', '--config', file]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /127\.0\.0\.1:7/);
  r = await runInProcess(['copy'], { ESFERRY_CONFIG: file });
  assert.equal(r.code, 3, r.stderr);
});

test('config file problems are one line and exit 2: missing, bad syntax, not an object, unknown option', async () => {
  const bad = join(dir, 'bad.yml');
  await writeFile(bad, 'source: [unclosed\n');
  const list = join(dir, 'list.json');
  await writeFile(list, '[1, 2]');
  const unknown = join(dir, 'unknown.json');
  await writeFile(unknown, JSON.stringify({ 'bulk-dogs': 5 }));
  for (const [file, pattern] of [
    [join(dir, 'missing.json'), /--config: cannot read ".*missing\.json" \(ENOENT\)/],
    [bad, /--config: ".*bad\.yml" is not valid YAML/],
    [list, /must hold an object of options/],
    [unknown, /names an option this command does not have: "bulk-dogs"/],
  ] as const) {
    const r = await runInProcess(['copy', ...NOWHERE, '--index', 'a', '--config', file]);
    assert.equal(r.code, 2, `${file}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});

test('variables of options another command has are ignored, not refused', async () => {
  const r = await runInProcess(['status', '--source', 'http://127.0.0.1:7', '--dest', 'http://127.0.0.1:7', '--index', 'a'], { ESFERRY_PARALLEL_INDICES: '4', ESFERRY_UNRELATED_THING: 'x' });
  assert.equal(r.code, 3, r.stderr);
});

test('secrets from the environment or a config file are never printed, even when quoted by an error', async () => {
  const file = join(dir, 'secret.json');
  await writeFile(file, JSON.stringify({ 'dest-password': 'file-pass-4711', 'read-mode': 'file-pass-4711' }));
  let r = await runInProcess(['copy', ...NOWHERE, '--index', 'a', '--config', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Invalid values/);
  assert.ok(!r.stderr.includes('file-pass-4711'), r.stderr);
  r = await runInProcess(['copy', '--index', 'a', '--dest', 'http://127.0.0.1:9', '--read-mode', 'env-pass-0815'], { ESFERRY_SOURCE: 'http://elastic:env-pass-0815@127.0.0.1:9', ESFERRY_DEST_PASSWORD: 'env-pass-0815' });
  assert.equal(r.code, 2);
  assert.ok(!r.stderr.includes('env-pass-0815'), r.stderr);
  r = await runInProcess(['copy', '--index', 'a', '--dest', 'http://127.0.0.1:9'], { ESFERRY_SOURCE: 'http://elastic:env-pass-0815@127.0.0.1:9' });
  assert.equal(r.code, 3);
  assert.ok(!r.stderr.includes('env-pass-0815'), r.stderr);
});

test('the real binary reads the environment too, and --help names it', async () => {
  const r = await runCli(['copy'], { ESFERRY_SOURCE: 'http://127.0.0.1:7', ESFERRY_DEST: 'http://127.0.0.1:8', ESFERRY_INDEX: 'logs' });
  assert.equal(r.code, 3, r.stderr);
  const help = await runCli(['copy', '--help']);
  assert.match(help.stdout, /--config/);
  assert.match(help.stdout, /ESFERRY_DEST_PASSWORD/);
});

test('esferry completion prints a shell script; the script asks esferry for the options of a command', async () => {
  const script = await runCli(['completion']);
  assert.equal(script.code, 0, script.stderr);
  assert.match(script.stdout, /esferry --get-yargs-completions/);
  const words = await runCli(['--get-yargs-completions', 'esferry', 'copy', '--dest-p']);
  assert.equal(words.code, 0, words.stderr);
  assert.ok(words.stdout.split('\n').includes('--dest-password'), words.stdout);
});
