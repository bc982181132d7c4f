/**
 * Finds this package's root directory (the one holding `package.json` named `cdktf-powerscale`)
 * from the running module, which is `dist/cli.mjs` when bundled and `src/cli/...` under tsx.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root directory and version of the installed `cdktf-powerscale` package. */
export interface PackageInfo {
  readonly root: string;
  readonly version: string;
}

/** Walks up from `start` (default: this module) to the `cdktf-powerscale` package.json. */
export function findPackage(start: string = dirname(fileURLToPath(import.meta.url))): PackageInfo {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === 'cdktf-powerscale' && typeof parsed.version === 'string') return { root: dir, version: parsed.version };
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the cdktf-powerscale package.json above ${start}`);
  }
}
