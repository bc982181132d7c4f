// Builds the importable library `cdktf-powerscale/constructs` (package.json "exports"): an ESM and
// a CommonJS bundle (CDKTF apps are often CommonJS under ts-node) with cdktf and constructs left to
// the user's own copies (peer dependencies), plus TypeScript declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const common = {
  entryPoints: ['constructs/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['cdktf', 'constructs'],
  legalComments: 'none',
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, format: 'esm', outfile: 'dist/constructs/index.mjs' }),
  build({ ...common, format: 'cjs', outfile: 'dist/constructs/index.cjs' }),
]);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.constructs.json'], { stdio: 'inherit' });
