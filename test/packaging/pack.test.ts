// What `npm pack` would publish: the compiled library, the bundled CLI (dist/bin) with the licenses
// of what it bundles, README, LICENSE and package.json — no source maps (they point at sources that are not shipped), no test cluster, tests or bench.
// The pack runs in a scratch copy with a planted dist/ (stale maps and non-src output included),
// so the check is about the manifest's rules, not about what the last local build left behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../cli/support/run-cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string; scripts: Record<string, string>; files: string[] };

test('npm pack ships dist/src and dist/bin without maps, README, LICENSE — no fixtures, tests or bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esferry-pack-'));
  try {
    for (const f of ['package.json', 'README.md', 'LICENSE']) cpSync(join(ROOT, f), join(dir, f));
    const planted = ['dist/src/cli/main.js', 'dist/src/cli/main.js.map', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/fixtures/cluster/main.js', 'dist/test/cli/run.test.js', 'dist/native-free-bench/run.js', 'fixtures/cluster/main.ts', 'dist/bin/esferry.mjs', 'dist/bin/esferry.mjs.map', 'dist/bin/chunks/run-X.mjs', 'dist/bin/chunks/run-X.mjs.map', 'dist/bin/THIRD-PARTY-LICENSES.txt'];
    for (const f of planted) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/bin/THIRD-PARTY-LICENSES.txt', 'dist/bin/chunks/run-X.mjs', 'dist/bin/esferry.mjs', 'dist/src/cli/main.js', 'dist/src/index.d.ts', 'dist/src/index.js', 'package.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the package build runs in prepack (not on install), from src only, without source maps', () => {
  assert.equal(pkg.scripts.prepare, undefined, 'no build on npm install / npm ci');
  assert.match(pkg.scripts.prepack!, /tsc -p tsconfig\.build\.json/);
  assert.match(pkg.scripts.prepack!, /node build\/bundle-cli\.mjs$/, 'the bin is bundled, without --sourcemap');
  const shown = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--showConfig', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' })) as {
    compilerOptions: { sourceMap?: boolean; outDir: string };
    files: string[];
  };
  assert.equal(shown.compilerOptions.sourceMap, false);
  assert.ok(shown.files.length > 50 && shown.files.every((f) => f.startsWith('./src/')), 'only src/ is compiled');
});

test('LICENSE is the Apache-2.0 text package.json names; src imports nothing from fixtures/', () => {
  assert.equal(pkg.license, 'Apache-2.0');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
  const offenders: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && /from '(\.\.\/)+fixtures\//.test(readFileSync(p, 'utf8'))) offenders.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  assert.deepEqual(offenders, []);
});
