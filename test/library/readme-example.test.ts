// The README's library example runs as printed (examples/library-copy.ts, with `esferry` pointing
// at the sources), and the state store API is importable as the package's `esferry/state` export.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, count, es } from '../cli/support/http.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

test('the README library example copies an index with its alias and verifies it', async () => {
  const example = await readFile(join(ROOT, 'examples/library-copy.ts'), 'utf8');
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(example), 'README shows examples/library-copy.ts as it is');
  const src = await startTestCluster({ version: '6.8' });
  const dst = await startTestCluster({ version: '7.17' });
  const dir = await mkdtemp(join(tmpdir(), 'esferry-example-'));
  try {
    await es(src.url, 'PUT', '/orders', { settings: { number_of_shards: 2 }, mappings: { _doc: { properties: { n: { type: 'long' } } } } });
    await bulkDocs(src.url, 'orders', Array.from({ length: 30 }, (_, i) => ({ id: `o${i}`, source: { n: i } })), '_doc');
    await es(src.url, 'POST', '/_aliases', { actions: [{ add: { index: 'orders', alias: 'orders-now' } }] });
    const file = join(dir, 'example.mts');
    await writeFile(file, example.replace("from 'esferry'", `from '${pathToFileURL(join(ROOT, 'src/index.ts')).href}'`));
    const r = await run(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, env: { ...process.env, SOURCE_URL: src.url, DEST_URL: dst.url, INDEX: 'orders' } });
    assert.deepEqual(JSON.parse(r.stdout.trim()), { outcome: 'success', written: 30, verified: true });
    const events = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; event?: string });
    assert.ok(events.some((e) => e.level === 'info' && e.event === 'index-finished'), r.stderr);
    assert.equal(await count(dst.url, 'orders'), 30);
    assert.ok((await es(dst.url, 'GET', '/orders/_alias/orders-now')).status === 200, 'alias copied');
  } finally {
    await Promise.all([src.close(), dst.close(), rm(dir, { recursive: true, force: true })]);
  }
});

test('esferry/state is exported and points at the state module', async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { default: string; types: string }> };
  const entry = pkg.exports['./state'];
  assert.ok(entry, 'package.json exports ./state');
  assert.equal(entry.types, entry.default.replace(/\.js$/, '.d.ts'));
  const source = entry.default.replace('./dist/', '').replace(/\.js$/, '.ts');
  const mod = (await import(pathToFileURL(join(ROOT, source)).href)) as Record<string, unknown>;
  for (const name of ['FileStateStore', 'IndexStateStore', 'openStateStore', 'runWithState', 'planResume', 'createCheckpointer']) {
    assert.equal(typeof mod[name], 'function', name);
  }
});
