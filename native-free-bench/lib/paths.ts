// Where things are, whether the bench runs from TypeScript sources (tsx) or from compiled dist/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** true when this module was loaded from dist/ (compiled JS), false under tsx. */
export const compiled = import.meta.url.endsWith('.js');

/** The repository root: the first ancestor holding package.json (dist/ has none). */
export const repoRoot = ((): string => {
  let dir = here;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${here}`);
    dir = up;
  }
})();

/** Root of the tree that holds runnable modules: dist/ when compiled, the repo itself under tsx. */
export const codeRoot = compiled ? join(repoRoot, 'dist') : repoRoot;

/** Node arguments and script path to run a project module (path without extension, relative to the repo). */
export function nodeScript(modulePath: string): { execArgv: string[]; script: string } {
  const script = join(codeRoot, `${modulePath}.${compiled ? 'js' : 'ts'}`);
  return { execArgv: compiled ? [] : ['--import', 'tsx'], script };
}

/**
 * The CLI as a user runs it: compiled, the package's bin (the bundle of src/ that `npm run build`
 * makes); under tsx, src/cli/main.ts. A bundle older than a .ts file of src/ is refused: it would
 * measure the code of an earlier build.
 */
export function cliScript(): { execArgv: string[]; script: string } {
  if (!compiled) return nodeScript('src/cli/main');
  const bin = join(repoRoot, (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: { esferry: string } }).bin.esferry);
  const src = join(repoRoot, 'src');
  const newest = Math.max(...readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => statSync(join(src, f)).mtimeMs));
  if (!existsSync(bin) || statSync(bin).mtimeMs < newest) throw new Error(`${bin} is missing or older than src/: run npm run build`);
  return { execArgv: [], script: bin };
}

export const resultsDir = join(repoRoot, 'native-free-bench', 'results');
export const rssProbe = join(repoRoot, 'native-free-bench', 'probe', 'rss-probe.mjs');
export const elasticdumpBin = resolve(repoRoot, 'node_modules', 'elasticdump', 'bin', 'elasticdump');
