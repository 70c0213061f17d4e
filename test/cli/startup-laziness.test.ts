// A copy does not pay for what it does not show: no help text is laid out (yargs renders the whole
// help whenever a registered command runs) and no progress-bar package is loaded without bars.
// The child runs with a probe that counts text-width measurements and lists CommonJS packages.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAIN, ROOT } from './support/run-cli.js';

const PROBE = fileURLToPath(new URL('./support/render-probe.mjs', import.meta.url));

/** a loopback port nobody listens on: the first request fails at once (exit 3) */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function probe(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; segmentCalls: number; packages: string[] }> {
  const outFile = join(mkdtempSync(join(tmpdir(), 'esferry-probe-')), 'probe.json');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', PROBE, MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ESFERRY_PROBE_OUT: outFile, ...env },
    stdio: 'ignore',
  });
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { code, ...(JSON.parse(readFileSync(outFile, 'utf8')) as { segmentCalls: number; packages: string[] }) };
}

test('copy with --progress none lays out no help text and loads no progress bars', async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const noProxy = { HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' };
  const r = await probe(['copy', '--source', url, '--dest', url, '--index', 'logs', '--progress', 'none'], noProxy);
  assert.equal(r.code, 3, 'got as far as the first request');
  assert.equal(r.segmentCalls, 0, 'no text was measured for layout');
  assert.ok(r.packages.includes('cliui'), 'the probe sees the CommonJS packages loaded');
  assert.ok(!r.packages.includes('cli-progress'), `cli-progress not loaded: ${r.packages.join(', ')}`);
  assert.ok(!r.packages.includes('undici'), 'undici carries proxied requests only');
});

test('undici is loaded when a proxy carries the requests', async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const r = await probe(['copy', '--source', url, '--dest', url, '--index', 'logs', '--progress', 'none', '--proxy', url]);
  assert.equal(r.code, 3);
  assert.ok(r.packages.includes('undici'), r.packages.join(', '));
});

test('the probe sees help rendering: copy --help measures text', async () => {
  const r = await probe(['copy', '--help']);
  assert.equal(r.code, 0);
  assert.ok(r.segmentCalls > 100, `help layout measured ${r.segmentCalls} strings`);
});
