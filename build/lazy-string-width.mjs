// esbuild plugin for the CLI bundle: string-width (yargs' and cliui's text measuring, used only to lay
// out help) is initialised on its first call instead of when yargs is imported. Its module body
// builds an Intl.Segmenter and compiles the \p{RGI_Emoji} regular expression: ~0.03 CPU-s that
// every parsed command line paid without ever measuring a string.
import { dirname } from 'node:path';

export function lazyStringWidth() {
  return {
    name: 'lazy-string-width',
    setup(b) {
      b.onResolve({ filter: /^string-width$/ }, async (args) => {
        if (args.pluginData === 'real') return undefined;
        // the copy the importer would get (yargs and cliui depend on different major versions)
        const real = await b.resolve('string-width', { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'real' });
        if (real.errors.length) return { errors: real.errors };
        return { path: real.path, namespace: 'lazy-string-width' };
      });
      // a module that esbuild reaches through require() is initialised when that require runs
      b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
        contents: `let width;\nexport default function stringWidth(text, options) {\n  width ??= require(${JSON.stringify(args.path)}).default;\n  return width(text, options);\n}\n`,
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}
