// The package's bin is a bundle (build/bundle-cli.mjs). Built here into a scratch package (its
// package.json beside it, node_modules linked for what stays external) and run as a user would:
// the same help as the sources, a copy through an authenticating proxy with --debug and a YAML
// --config, progress bars from cli-progress loaded at run time, licenses of the bundled packages.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { docCount } from '../../fixtures/cluster/store.js';
import { startTestProxy, type TestProxy } from '../support/connect-proxy.js';
import { ROOT, runCli } from '../cli/support/run-cli.js';

const PROBE = fileURLToPath(new URL('../cli/support/render-probe.mjs', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: { esferry: string }; files: string[] };

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let dir: string;
let bin: string;
let src: Cluster;
let proxy: TestProxy;
const PW = 'bundle-Pr0xy-pw';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esferry-bundle-'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [join(ROOT, 'build/bundle-cli.mjs'), '--outdir', join(dir, 'dist/bin')], { cwd: ROOT, stdio: 'pipe' });
  bin = join(dir, pkg.bin.esferry);
  src = await startTestCluster({ version: '6.8' });
  await src.seedCorpus('logs-b', 300);
  proxy = await startTestProxy({ auth: { user: 'px', password: PW }, hosts: { 'source.invalid': '127.0.0.1', 'dest.invalid': '127.0.0.1' } });
});

after(async () => {
  await proxy?.close();
  await src?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runBin(args: string[], env: NodeJS.ProcessEnv = {}, execArgv: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...execArgv, bin, ...args], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('the bundled bin answers --version and --help like the sources, no maps unless asked', async () => {
  assert.equal((await runBin(['--version'])).stdout.trim(), pkg.version);
  const cases = [['--help'], ['copy', '--help'], []];
  const runs = await Promise.all(cases.map((args) => Promise.all([runBin(args), runCli(args)])));
  for (const [i, [b, s]] of runs.entries()) {
    assert.equal(b.code, s.code, `exit code of esferry ${cases[i]!.join(' ')}`);
    assert.equal(b.stdout + b.stderr, s.stdout + s.stderr, `output of esferry ${cases[i]!.join(' ')}`);
  }
  const files = readdirSync(join(dir, 'dist/bin'), { recursive: true, encoding: 'utf8' });
  assert.deepEqual(files.filter((f) => f.endsWith('.map')), []);
  assert.ok(pkg.files.includes('dist/bin'), 'the package ships the bundle');
});

test('a copy through an authenticating proxy with --debug and a YAML --config, from the bundle', async () => {
  const dst = await startTestCluster({ version: '8' });
  try {
    const config = join(dir, 'copy.yaml');
    writeFileSync(config, `source: http://source.invalid:${src.port}\ndest: http://dest.invalid:${dst.port}\nindex: logs-b\n`);
    const env = { HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', NO_PROXY: '', no_proxy: '' };
    const r = await runBin(['copy', '--config', config, '--proxy', proxy.url, '--progress', 'none', '--debug'], env);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(docCount(dst.state.indices.get('logs-b')!), 300);
    assert.ok((proxy.requests[`source.invalid:${src.port}`] ?? 0) >= 3, JSON.stringify(proxy.requests));
    assert.match(r.stderr, new RegExp(`debug: POST http://dest\\.invalid:${dst.port}/_bulk\\S* → 200`), 'undici diagnostics reach --debug');
    assert.ok(!(r.stdout + r.stderr).includes(PW));
  } finally {
    await dst.close();
  }
});

async function probe(args: string[]): Promise<{ code: number | null; segmentCalls: number; segmenters: number; packages: string[] }> {
  const outFile = join(dir, `probe-${Math.random().toString(36).slice(2)}.json`);
  const r = await runBin(args, { ESFERRY_PROBE_OUT: outFile }, ['--import', PROBE]);
  return { code: r.code, ...(JSON.parse(readFileSync(outFile, 'utf8')) as { segmentCalls: number; segmenters: number; packages: string[] }) };
}

test('text measuring is set up only when something is laid out; progress bars load cli-progress at run time', async () => {
  const dst = await startTestCluster({ version: '7.17' });
  try {
    const quiet = await probe(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-b', '--dest-index', 'quiet', '--progress', 'none']);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.segmenters, 0, 'no string-width module was initialised');
    assert.ok(!quiet.packages.includes('cli-progress'));
    const bars = await probe(['copy', '--source', src.url, '--dest', dst.url, '--index', 'logs-b', '--dest-index', 'bars', '--progress', 'bars']);
    assert.equal(bars.code, 0);
    assert.ok(bars.packages.includes('cli-progress'), `cli-progress required from the bundle: ${bars.packages.join(', ')}`);
    const help = await probe(['copy', '--help']);
    assert.ok(help.segmenters > 0 && help.segmentCalls > 100, `help measured ${help.segmentCalls} strings`);
  } finally {
    await dst.close();
  }
});

test('the bundle carries the license of every package inside it, and only the parts of undici it uses', () => {
  const notices = readFileSync(join(dir, 'dist/bin/THIRD-PARTY-LICENSES.txt'), 'utf8');
  for (const name of ['undici', 'yargs', 'yargs-parser', 'cliui', 'string-width']) assert.match(notices, new RegExp(`^${name}@\\d+\\.\\d+\\.\\d+ \\(`, 'm'));
  const code = readdirSync(join(dir, 'dist/bin'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => readFileSync(join(dir, 'dist/bin', f), 'utf8'))
    .join('\n');
  assert.match(code, /\/\/ node_modules\/undici\/lib\/dispatcher\/pool\.js/);
  assert.doesNotMatch(code, /\/\/ node_modules\/undici\/lib\/web\/fetch\/index\.js/, 'fetch is not bundled');
  // undici carries proxied requests only: it sits in the proxy chunk, loaded when a proxy is used
  const withUndici = readdirSync(join(dir, 'dist/bin'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs') && /\/\/ [./]*node_modules\/undici\//.test(readFileSync(join(dir, 'dist/bin', f), 'utf8')));
  assert.deepEqual(withUndici.map((f) => f.replace(/-[A-Z0-9]+\.mjs$/, '')), ['chunks/proxy-dispatcher']);
});
