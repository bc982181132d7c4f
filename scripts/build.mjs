// Bundles the two executables so that they start fast: one file each, no TypeScript at run time.
// The provider bundle is CommonJS with every dependency inlined (Terraform starts it several times
// per command, so module resolution on start-up is worth avoiding). The CLI bundle keeps npm
// packages external because it loads msw and cdktf-adjacent code that is fine to resolve normally.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
await Promise.all([
  build({
    entryPoints: ['src/provider/main.ts'],
    outfile: 'dist/provider.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  }),
  build({
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.mjs',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  }),
]);
