// esbuild plugin for the CLI bundle: `import ... from 'undici'` gets only the parts esferry uses.
// undici's index loads all of it (fetch, WebSocket, caches, mocks: 113 files, ~1 MB); the transport
// needs pools, proxy agents and the TLS connector (36 files). The deep paths are undici internals,
// so they are resolved here, at build time, against the locked version: a moved file fails the
// build, and a name the sources import that is not listed below fails it too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** name esferry imports from 'undici' → the undici module that exports it */
const PARTS = {
  Pool: 'undici/lib/dispatcher/pool',
  ProxyAgent: 'undici/lib/dispatcher/proxy-agent',
  EnvHttpProxyAgent: 'undici/lib/dispatcher/env-http-proxy-agent',
  buildConnector: 'undici/lib/core/connect',
};

const SLIM = [
  "'use strict'",
  // undici's index adds request()/stream()/pipeline() to every dispatcher this way
  "Object.assign(require('undici/lib/dispatcher/dispatcher').prototype, require('undici/lib/api'))",
  ...Object.entries(PARTS).map(([name, path]) => `module.exports.${name} = require(${JSON.stringify(path)})`),
].join('\n');

/** the values (not types) imported from 'undici' by the TypeScript sources under `dir` */
export function undiciImports(dir) {
  const names = new Set();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const text = readFileSync(join(e.parentPath ?? e.path, e.name), 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'undici'/g)) {
      if (m[1]) continue;
      const named = /^\{([^}]*)\}$/.exec(m[2].trim());
      if (!named) throw new Error(`${e.name}: "${m[0]}" — the CLI bundle supports named imports from undici only (build/slim-undici.mjs)`);
      for (const item of named[1].split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '))) names.add(item.split(/\s+as\s+/)[0]);
    }
  }
  return names;
}

export function slimUndici(compiledSrc) {
  return {
    name: 'slim-undici',
    setup(b) {
      const missing = [...undiciImports(compiledSrc)].filter((n) => !(n in PARTS));
      if (missing.length) throw new Error(`the sources import ${missing.join(', ')} from 'undici': add ${missing.length > 1 ? 'them' : 'it'} to PARTS in build/slim-undici.mjs`);
      b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'slim-undici' }));
      b.onLoad({ filter: /.*/, namespace: 'slim-undici' }, () => ({ contents: SLIM, loader: 'js', resolveDir: b.initialOptions.absWorkingDir }));
    },
  };
}
