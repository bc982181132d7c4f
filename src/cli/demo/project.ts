/**
 * The throw-away cdktf project the demo deploys: a `cdktf.json` in a temporary directory whose `app`
 * runs this package's `examples/quickstart/main.ts` with its own tsx, and whose `context` points the
 * quickstart at the simulator (`../../examples/shared/cluster-config.ts` reads it). Nothing in the
 * checkout is written to.
 */
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SimulatorInfo } from './simulator-process';

/** The stack name of the quickstart (its `cdktf.out/stacks/<name>` directory). */
export const QUICKSTART_STACK = 'quickstart';

/** Paths of the demo project. */
export interface DemoProject {
  readonly dir: string;
  readonly stackDir: string;
  readonly stateFile: string;
  readonly secretsFile: string;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Resolves a package's bin script from this package's dependencies. */
export function resolveBin(packageRoot: string, pkg: string, bin: string): string {
  const require = createRequire(join(packageRoot, 'package.json'));
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (rel === undefined) throw new Error(`${pkg} has no "${bin}" executable`);
  return join(dirname(manifestPath), rel);
}

/** Writes `cdktf.json` for the quickstart into `dir`, pointed at the simulator and a file store in `dir`. */
export async function writeDemoProject(dir: string, packageRoot: string, sim: SimulatorInfo): Promise<DemoProject> {
  await mkdir(dir, { recursive: true });
  const stateFile = join(dir, `terraform.${QUICKSTART_STACK}.tfstate`);
  const secretsFile = join(dir, 'secrets', 'secrets.json');
  const tsx = resolveBin(packageRoot, 'tsx', 'tsx');
  const app = [process.execPath, tsx, join(packageRoot, 'examples', 'quickstart', 'main.ts')].map(shellQuote).join(' ');
  const cdktfJson = {
    language: 'typescript',
    app,
    output: 'cdktf.out',
    projectId: 'cdktf-powerscale-demo',
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {
      powerscale: {
        endpoint: sim.onefs.endpoint,
        username: sim.onefs.username,
        passwordFile: sim.onefs.passwordFile,
        caCertFile: sim.onefs.caCertFile,
        secretStore: { type: 'file', path: secretsFile },
      },
      stateFile,
    },
  };
  await writeFile(join(dir, 'cdktf.json'), `${JSON.stringify(cdktfJson, null, 2)}\n`);
  return { dir, stackDir: join(dir, 'cdktf.out', 'stacks', QUICKSTART_STACK), stateFile, secretsFile };
}
