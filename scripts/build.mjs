// Bundles the two executables so that they start fast, no TypeScript at run time. The provider
// bundle is CommonJS with every dependency inlined (Terraform starts it several times per command,
// so module resolution on start-up is worth avoiding), written as dist/provider.code.js beside a
// small loader, dist/provider.cjs, that compiles it with V8's code cache (src/provider/loader).
// The CLI bundle keeps npm packages external because it loads msw and cdktf-adjacent code that is
// fine to resolve normally.
//
// Start-up of the provider (docs/bench.md has the measurements): the HTTP libraries (undici, about
// 1 MB of the bundle, and ky) are needed only once a handler talks to the cluster or the secret
// store, which schema and validate processes never do. They are built into a separate chunk that
// the provider bundle carries as a string and compiles on first use, so the process that only
// prints a schema does not parse them.
// The string is the chunk gzipped, in base64 (145 KB instead of 400 KB): every start reads and
// scans the whole file, about 3 ms of CPU per 100 KB here, while only the processes that talk to
// the cluster pay the inflate (a few ms, once). Of undici, only what `Agent` needs is in the chunk
// (LAZY_ENTRIES below): the whole package was 755 KB.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

/** Libraries compiled on first use instead of at start-up. Each must be self-contained (no state shared with the rest of the bundle). */
export const LAZY_LIBRARIES = ['undici', 'ky'];

/**
 * What the provider takes of a lazy library, when that is less than the package's main module.
 * undici's index loads fetch, WebSocket, EventSource, the caches and the mocks (half the package)
 * for the one class the provider uses: `Agent`, with the request API that the index installs on
 * `Dispatcher.prototype` (the same assignment as undici's index.js). A source file importing
 * anything else from 'undici' fails the build ("No matching export"), not the provider.
 */
const LAZY_ENTRIES = {
  undici: `const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));
exports.Agent = require('undici/lib/dispatcher/agent.js');
`,
};

/** esbuild plugin for the chunk: a library with an entry in LAZY_ENTRIES is built from that entry. */
const lazyEntriesPlugin = {
  name: 'lazy-entries',
  setup(b) {
    b.onResolve({ filter: /^lazy-entry:/ }, (args) => ({ path: args.path.slice('lazy-entry:'.length), namespace: 'lazy-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-entry' }, (args) => ({ loader: 'js', contents: LAZY_ENTRIES[args.path], resolveDir: process.cwd() }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning' };

/** The lazy chunk (CommonJS source exporting each library's namespace as l0, l1, ...) and each library's export names. */
async function buildLazyChunk(libraries) {
  const entry = libraries.map((name, i) => `export * as l${i} from ${JSON.stringify(Object.hasOwn(LAZY_ENTRIES, name) ? `lazy-entry:${name}` : name)};`).join('\n');
  const result = await build({
    ...common,
    plugins: [lazyEntriesPlugin],
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

/** The CommonJS module that inflates and compiles the chunk once, on the first import of a lazy library. */
function loaderSource(code) {
  const packed = gzipSync(Buffer.from(code, 'utf8'), { level: 9 }).toString('base64');
  return `let loaded;
exports.load = function load() {
  if (loaded === undefined) {
    const { compileFunction } = require('node:vm');
    const source = require('node:zlib').gunzipSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8');
    const mod = { exports: {} };
    compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: __filename + ' (lazy libraries)' })(mod.exports, require, mod, __filename, __dirname);
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
 * The code file beside a loader file: `provider.cjs` → `provider.code.js`. The same as
 * src/provider/loader/code-file.ts `codeFileFor`, which this plain-JavaScript script cannot
 * import; test/integration/provider-code-cache.test.ts checks the two agree on the real build.
 */
export function codeFileFor(loaderFile) {
  return loaderFile.replace(/\.cjs$/, '') + '.code.js';
}

/**
 * The provider's code as the loader compiles it: the CommonJS bundle inside the function Node's
 * module loader would wrap it in, with an id that changes with every byte of it. The head is on
 * the bundle's first line, so line numbers in stack traces stay the bundle's. The loader
 * (src/provider/loader/code-file.ts `CODE_HEAD`) reads the id to name V8's code cache for this code.
 */
export function wrapProviderCode(bundle) {
  const id = createHash('sha256').update(bundle).digest('hex').slice(0, 32);
  return `(function (exports, require, module, __filename, __dirname) { /* cdktf-powerscale provider code ${id} */ ${bundle}\n})`;
}

/**
 * Builds the provider: `outfile` (dist/provider.cjs) is the loader Terraform starts, and the code
 * it runs goes beside it (dist/provider.code.js, see `wrapProviderCode`). Two files so that every
 * start can hand V8 its code cache for the code (docs/bench.md, round 8). `lazyLibraries: []`
 * (or `lazy: false`) inlines everything the plain way; `minify` is off by default (it did not pay
 * off, see docs/bench.md); `extraPlugins` lets an experiment patch sources. Exported for
 * bench/startup-variants.ts, which builds variants side by side.
 */
export async function buildProvider({ outfile = 'dist/provider.cjs', lazy = true, lazyLibraries = LAZY_LIBRARIES, minify = false, extraPlugins = [] } = {}) {
  const libraries = lazy ? lazyLibraries : [];
  const plugins = [...extraPlugins, ...(libraries.length ? [lazyLibrariesPlugin(libraries, await buildLazyChunk(libraries))] : [])];
  const [code] = await Promise.all([
    build({ ...common, entryPoints: ['src/provider/main.ts'], format: 'cjs', sourcemap: false, minify, plugins, write: false, outfile }),
    build({ ...common, entryPoints: ['src/provider/loader/main.ts'], outfile, format: 'cjs', sourcemap: false }),
  ]);
  writeFileSync(codeFileFor(outfile), wrapProviderCode(code.outputFiles[0].text));
}

/**
 * Packages the CLI bundles instead of importing them at run time: the PAPI client's HTTP libraries,
 * which `discover` uses. They are devDependencies (the provider bundle inlines them too), so an
 * installed package has no copy to import.
 */
export const CLI_INLINED = ['ky', 'undici'];

/** `msw/node` is the package `msw`; `@scope/name/sub` is `@scope/name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** esbuild plugin: every npm package stays external except `inlined`; Node built-ins stay external. */
function externalPackagesExcept(inlined) {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { path: args.path, external: true };
        return inlined.includes(packageName(args.path)) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * Builds the CLI bundle; returns the npm packages it imports at run time (they are external, so an
 * installed package needs each of them in `dependencies`: scripts/build.test.ts checks that).
 */
export async function buildCli({ outfile = 'dist/cli.mjs', write = true } = {}) {
  const result = await build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile,
    format: 'esm',
    // Inlined CommonJS (undici) calls require() for built-ins; an ES module has none of its own.
    banner: { js: "import { createRequire as __cliCreateRequire } from 'node:module';\nconst require = __cliCreateRequire(import.meta.url);" },
    plugins: [externalPackagesExcept(CLI_INLINED)],
    metafile: true,
    write,
  });
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith('node:') && !builtinModules.includes(i.path)).map((i) => i.path));
  return [...new Set(imports)].sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync('dist', { recursive: true });
  await Promise.all([buildProvider(), buildCli()]);
}
