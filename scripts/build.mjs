// Bundles the two executables so that they start fast: one file each, no TypeScript at run time.
// The provider bundle is CommonJS with every dependency inlined (Terraform starts it several times
// per command, so module resolution on start-up is worth avoiding). The CLI bundle keeps npm
// packages external because it loads msw and cdktf-adjacent code that is fine to resolve normally.
//
// Start-up of the provider (docs/bench.md has the measurements): the HTTP libraries (undici, about
// 1 MB of the bundle, and ky) are needed only once a handler talks to the cluster or the secret
// store, which schema and validate processes never do. They are built into a separate chunk that
// the provider bundle carries as a string and compiles on first use, so the process that only
// prints a schema does not parse them. Still a single file: install-provider copies just it.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Libraries compiled on first use instead of at start-up. Each must be self-contained (no state shared with the rest of the bundle). */
export const LAZY_LIBRARIES = ['undici', 'ky'];

const common = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning' };

/** The lazy chunk (CommonJS source exporting each library's namespace as l0, l1, ...) and each library's export names. */
async function buildLazyChunk(libraries) {
  const entry = libraries.map((name, i) => `export * as l${i} from ${JSON.stringify(name)};`).join('\n');
  const result = await build({
    ...common,
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js', sourcefile: 'lazy-libraries.js' },
    format: 'cjs',
    write: false,
    // Whitespace and syntax only: identifiers stay readable in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
  });
  const code = result.outputFiles[0].text;
  // The export names, read from the chunk itself (evaluating undici and ky has no side effects).
  const mod = { exports: {} };
  new Function('exports', 'require', 'module', code)(mod.exports, createRequire(import.meta.url), mod);
  return { code, names: libraries.map((_, i) => Object.keys(mod.exports[`l${i}`])) };
}

/** The CommonJS module that compiles the chunk once, on the first import of a lazy library. */
function loaderSource(code) {
  return `let loaded;
exports.load = function load() {
  if (loaded === undefined) {
    const { compileFunction } = require('node:vm');
    const mod = { exports: {} };
    compileFunction(${JSON.stringify(code)}, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: __filename + ' (lazy libraries)' })(mod.exports, require, mod, __filename, __dirname);
    loaded = mod.exports;
  }
  return loaded;
};
`;
}

/** esbuild plugin: `import ... from 'undici'` (and the other lazy libraries) reads from the lazily compiled chunk. */
function lazyLibrariesPlugin(libraries, chunk) {
  const filter = new RegExp(`^(${libraries.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-libraries',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-library' }));
      b.onResolve({ filter: /^lazy-libraries:loader$/ }, () => ({ path: 'loader', namespace: 'lazy-loader' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-loader' }, () => ({ loader: 'js', contents: loaderSource(chunk.code) }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-library' }, (args) => {
        const i = libraries.indexOf(args.path);
        const names = chunk.names[i];
        const lines = [`import { load } from 'lazy-libraries:loader';`, `const m = load().l${i};`];
        names.forEach((name, j) => lines.push(`const e${j} = m[${JSON.stringify(name)}];`, `export { e${j} as ${JSON.stringify(name)} };`));
        return { loader: 'js', contents: lines.join('\n'), resolveDir: process.cwd() };
      });
    },
  };
}

/**
 * Builds the provider bundle. `lazyLibraries: []` (or `lazy: false`) inlines everything the plain
 * way; `minify` is off by default (it did not pay off, see docs/bench.md); `extraPlugins` lets an
 * experiment patch sources. Exported for bench/startup-variants.ts, which builds variants side by side.
 */
export async function buildProvider({ outfile = 'dist/provider.cjs', lazy = true, lazyLibraries = LAZY_LIBRARIES, minify = false, extraPlugins = [] } = {}) {
  const libraries = lazy ? lazyLibraries : [];
  const plugins = [...extraPlugins, ...(libraries.length ? [lazyLibrariesPlugin(libraries, await buildLazyChunk(libraries))] : [])];
  await build({
    ...common,
    entryPoints: ['src/provider/main.ts'],
    outfile,
    format: 'cjs',
    sourcemap: false,
    minify,
    plugins,
  });
}

/**
 * Packages the CLI bundle inlines instead of importing: the HTTP libraries of the DAP secret store
 * (`migrate-secrets` writes to it). They are devDependencies, inlined in the provider bundle too, so
 * an installed package has them nowhere else; left external, esbuild would hoist their imports to
 * the top of the ESM bundle and every command would fail to load without them.
 */
export const CLI_INLINED = ['undici', 'ky'];

/** esbuild plugin: every bare package is external except {@link CLI_INLINED}. */
const externalExceptInlined = {
  name: 'external-except-inlined',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return CLI_INLINED.includes(name) && args.kind !== 'entry-point' ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * Builds the CLI bundle; returns the npm packages it imports at run time (they are external, so an
 * installed package needs each of them in `dependencies`: scripts/build.test.ts checks that).
 */
export async function buildCli({ outfile = 'dist/cli.mjs', write = true } = {}) {
  const result = await build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile,
    plugins: [externalExceptInlined],
    format: 'esm',
    // undici is CommonJS and requires Node's modules; an ES module has no require of its own.
    banner: { js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);" },
    metafile: true,
    write,
  });
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path));
  return [...new Set(imports)].sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync('dist', { recursive: true });
  await Promise.all([buildProvider(), buildCli()]);
}
