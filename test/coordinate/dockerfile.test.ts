// The Dockerfile's build, done without Docker: the files its COPY lines name are copied into an empty
// directory, built with its tsc and bundle commands, and its ENTRYPOINT starts the CLI from the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../cli/support/run-cli.js';

test('Dockerfile recipe: its COPY sources build with its tsc and bundle steps and its ENTRYPOINT runs esferry', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const copies = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
  assert.ok(copies.includes('src') && copies.includes('package.json'), 'the build stage copies the sources and the manifest');
  const dir = mkdtempSync(join(tmpdir(), 'esferry-docker-'));
  try {
    for (const c of copies) cpSync(join(ROOT, c), join(dir, c), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const build = /RUN npx (tsc .+)$/m.exec(text);
    assert.ok(build, 'the build stage compiles with tsc');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), ...build[1]!.split(' ').slice(1)], { cwd: dir });
    const bundle = /^RUN node (build\/bundle-cli\.mjs.*)$/m.exec(text);
    assert.ok(bundle, 'the build stage bundles the CLI');
    execFileSync(process.execPath, bundle[1]!.split(' '), { cwd: dir });
    const entry = JSON.parse(/^ENTRYPOINT (\[.+\])$/m.exec(text)![1]!) as string[];
    assert.ok(existsSync(join(dir, entry[1]!)), `${entry[1]} exists after the build`);
    const help = execFileSync(process.execPath, [join(dir, entry[1]!), 'run', '--help'], { cwd: dir, encoding: 'utf8' });
    assert.match(help, /--coordinate/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
