// Bundles the CLI (src/cli/main.ts) into dist/bin/esferry.mjs, the package's bin, with one chunk per
// lazily imported part (each command, yargs, coordination, --debug logging). Why: loading ~250 files
// (esferry's own modules, 113 of undici, 28 of yargs) cost more CPU before the first request than
// the rest of a 100k-document copy's start; one file per part leaves Node one resolution and one
// compile each. Runs in `npm run build` and `prepack` (next to tsc, which still builds dist/src for
// the library and type declarations).
//
//   node build/bundle-cli.mjs [--outdir dist/bin] [--sourcemap]
//
// --sourcemap writes linked maps to src/*.ts for profiles of the bundle (the cost bench's CPU
// breakdown reads them); the package never ships maps.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lazyStringWidth } from './lazy-string-width.mjs';
import { slimUndici } from './slim-undici.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist/bin' }, sourcemap: { type: 'boolean', default: false } } });
const outdir = resolve(root, values.outdir);
const entry = join(root, 'src/cli/main.ts');

// chunk names carry content hashes: chunks of an earlier build must not linger beside the new ones
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { esferry: entry },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // undici and yargs' dependencies are CommonJS and require node: built-ins; an ES module has no require
  banner: { js: "import { createRequire as __esferryCreateRequire } from 'node:module'; const require = __esferryCreateRequire(import.meta.url);" },
  // loaded at run time from node_modules, only when used: progress bars, YAML config files, AWS signing
  external: ['cli-progress', 'yaml', '@aws-sdk/*', '@smithy/*'],
  plugins: [slimUndici(join(root, 'src')), lazyStringWidth()],
  sourcemap: values.sourcemap ? 'linked' : false,
  metafile: true,
  // bundling turns every top-level const into a var (esbuild does so on purpose, no option); the
  // byte scanners' module-level constants (span-scan.ts: `const QUOTE = 0x22`) would then be loaded
  // from the module context on every loop turn instead of folded. Syntax minification inlines such
  // constants again; names and lines stay readable (no identifier or whitespace minification).
  minifySyntax: true,
  logLevel: 'warning',
});

writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.txt'), licenses(result.metafile));

/** the license texts of every package whose code is inside the bundle (their terms ask to keep the notice) */
function licenses(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    if (/^[a-z-]+:/.test(input)) continue; // a plugin's generated module ("slim-undici:undici"), not a package file
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(resolve(root, m[1]));
  }
  const parts = new Map(); // name@version → notice (nested copies of one version appear once)
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (!file) throw new Error(`${pkg.name} is bundled but has no license file to ship with it`);
    parts.set(`${pkg.name}@${pkg.version}`, `${pkg.name}@${pkg.version} (${pkg.license})\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`);
  }
  const notices = [...parts.keys()].sort().map((k) => parts.get(k));
  return `Packages bundled into esferry's command line (dist/bin):\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`;
}
