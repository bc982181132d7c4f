// Builds the importable constructs, once per CDK core, from the one source tree `constructs/`:
//
//   cdktf-powerscale/constructs  for CDKTF 0.21  dist/constructs/index.{mjs,cjs}, dist/types/cdktf/
//   cdktf-powerscale/cdktn       for CDK Terrain dist/cdktn/index.{mjs,cjs},      dist/types/cdktn/
//
// Why two builds and not one shared at run time: a construct built on cdktf's classes does not
// belong to a cdktn tree (cdktn 0.24 calls methods that cdktf 0.21's elements lack, and its Aspects
// use a non-global symbol), so each core gets bundles whose `import 'cdktf'` names that core. The
// cdktn build is the same sources with `cdktf` resolved to the external `cdktn`; the declarations are
// rewritten the same way. cdktf, cdktn and constructs stay external: they are the user's copies
// (optional peer dependencies).
//
// Declarations: tsc emits them once into a scratch directory; each is then written twice per core,
// as `.d.ts` (ES module, for `import`) and `.d.cts` (CommonJS, for `require`), with relative
// specifiers spelled out (`./bindings/index.js`): a `"type": "module"` package's declarations are
// ES modules, and under `moduleResolution: nodenext` an extensionless `export * from './bindings'`
// exports nothing (TS2305). package.json's `typesVersions` serves the `.d.ts` entry to
// `moduleResolution: node10`, which ignores `exports`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The two cores: the package subpath, the bundle directory and the module that `cdktf` imports become. */
export const CORES = [
  { name: 'cdktf', subpath: './constructs', outdir: 'dist/constructs', module: 'cdktf' },
  { name: 'cdktn', subpath: './cdktn', outdir: 'dist/cdktn', module: 'cdktn' },
];

const SCRATCH = 'dist/.types-emit';

/** esbuild plugin: every `import ... from 'cdktf'` becomes an external import of `core`. */
function coreModulePlugin(core) {
  return {
    name: 'cdk-core',
    setup(b) {
      b.onResolve({ filter: /^(cdktf|cdktn|constructs)$/ }, (args) => ({ path: args.path === 'cdktf' ? core : args.path, external: true }));
    },
  };
}

/** Bundles `constructs/index.ts` for `core` as ESM and CommonJS; returns the bare modules each bundle imports. */
export async function buildConstructBundles(core, { outdir, write = true } = {}) {
  const common = {
    entryPoints: ['constructs/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write,
    plugins: [coreModulePlugin(core)],
  };
  const results = await Promise.all([
    build({ ...common, format: 'esm', outfile: join(outdir, 'index.mjs') }),
    build({ ...common, format: 'cjs', outfile: join(outdir, 'index.cjs') }),
  ]);
  const imports = new Set();
  for (const r of results) for (const out of Object.values(r.metafile.outputs)) for (const i of out.imports) if (i.external && !i.path.startsWith('node:')) imports.add(i.path);
  return [...imports].sort();
}

/** A declaration file's module specifiers: `from '...'`, `import '...'` and `import('...')`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g;

/**
 * Rewrites one declaration file's text for `core` and module `format` ('esm' → `.js` specifiers,
 * 'cjs' → `.cjs`): `cdktf` becomes the core's module, and each relative specifier names its file.
 * `file` is the declaration's path, used to find what a relative specifier points at.
 */
export function rewriteDeclaration(text, file, core, format) {
  const ext = format === 'esm' ? '.js' : '.cjs';
  return text.replace(SPECIFIER, (match, lead, quote, spec) => {
    if (spec === 'cdktf') return `${lead}${quote}${core}${quote}`;
    if (!spec.startsWith('.')) return match;
    const target = resolve(dirname(file), spec);
    if (existsSync(`${target}.d.ts`)) return `${lead}${quote}${spec}${ext}${quote}`;
    if (existsSync(join(target, 'index.d.ts'))) return `${lead}${quote}${spec.replace(/\/$/, '')}/index${ext}${quote}`;
    throw new Error(`${file}: cannot resolve the declaration import "${spec}"`);
  });
}

function declarationFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Emits the declarations once, then writes the `.d.ts` and `.d.cts` trees of each core under dist/types/<core>/. */
function buildDeclarations() {
  rmSync(SCRATCH, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.constructs.json', '--outDir', SCRATCH], { stdio: 'inherit' });
  for (const core of CORES) rmSync(join('dist/types', core.name), { recursive: true, force: true });
  for (const file of declarationFiles(SCRATCH)) {
    const text = readFileSync(file, 'utf8');
    for (const core of CORES) {
      const out = join('dist/types', core.name, relative(SCRATCH, file));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, rewriteDeclaration(text, file, core.module, 'esm'));
      writeFileSync(out.replace(/\.d\.ts$/, '.d.cts'), rewriteDeclaration(text, file, core.module, 'cjs'));
    }
  }
  rmSync(SCRATCH, { recursive: true, force: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  rmSync('dist/types', { recursive: true, force: true });
  const imported = await Promise.all(CORES.map((core) => buildConstructBundles(core.module, { outdir: core.outdir })));
  CORES.forEach((core, i) => {
    // A cdktn bundle that still imports cdktf would build and then fail at synth: stop here instead.
    const wrong = imported[i].filter((m) => m !== core.module && m !== 'constructs');
    if (wrong.length > 0) throw new Error(`the ${core.name} constructs bundle imports ${wrong.join(', ')}`);
  });
  buildDeclarations();
}
