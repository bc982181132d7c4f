/**
 * Throw-away cdktf projects for the examples: a `cdktf.json` in a temporary directory whose `app`
 * runs one of this package's `examples/<name>/main.ts` with its own tsx, and whose `context` points
 * the example at a cluster (`examples/shared/cluster-config.ts` reads it). Used by the demo and by
 * the end-to-end tests; nothing in the checkout is written to.
 */
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SimulatorInfo } from './simulator-process';

/**
 * The examples and the stack that holds their keys (`cdktf.out/stacks/<stack>`); multi-tenant also
 * has a `cluster-settings` stack.
 */
export const EXAMPLES = { quickstart: 'quickstart', 'multi-tenant': 'tenants' } as const;

/** An example under `examples/`. */
export type ExampleName = keyof typeof EXAMPLES;

/** Paths of a generated project. */
export interface ExampleProject {
  readonly dir: string;
  readonly stackDir: string;
  readonly stateFile: string;
  readonly secretsFile: string;
}

/** The cluster connection document (see `examples/shared/cluster-config.ts`). */
export interface ClusterContext {
  readonly endpoint: string;
  readonly username: string;
  readonly passwordFile: string;
  readonly caCertFile?: string;
  readonly secretStore?: { readonly type: 'file'; readonly path: string };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Resolves a dependency's executable script (e.g. `cdktf-cli`'s `cdktf`) from this package. */
export function resolveBin(packageRoot: string, pkg: string, bin: string): string {
  const require = createRequire(join(packageRoot, 'package.json'));
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (rel === undefined) throw new Error(`${pkg} has no "${bin}" executable`);
  return join(dirname(manifestPath), rel);
}

/** The connection document for the simulator, with a file secret store at `secretsFile`. */
export function simulatorContext(sim: SimulatorInfo, secretsFile: string): ClusterContext {
  return {
    endpoint: sim.onefs.endpoint,
    username: sim.onefs.username,
    passwordFile: sim.onefs.passwordFile,
    caCertFile: sim.onefs.caCertFile,
    secretStore: { type: 'file', path: secretsFile },
  };
}

/**
 * Writes `cdktf.json` for `example` into `dir`. With a `cluster`, the example connects to it and keeps
 * its state in `dir`; without, it uses its own `cluster.json` (enough for synth).
 */
export async function writeExampleProject(dir: string, packageRoot: string, example: ExampleName, cluster?: ClusterContext): Promise<ExampleProject> {
  await mkdir(dir, { recursive: true });
  const stack = EXAMPLES[example];
  const stateFile = join(dir, `terraform.${stack}.tfstate`);
  const secretsFile = cluster?.secretStore?.path ?? join(dir, 'secrets', 'secrets.json');
  const tsx = resolveBin(packageRoot, 'tsx', 'tsx');
  const app = [process.execPath, tsx, join(packageRoot, 'examples', example, 'main.ts')].map(shellQuote).join(' ');
  const cdktfJson = {
    language: 'typescript',
    app,
    output: 'cdktf.out',
    projectId: `cdktf-powerscale-${example}`,
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: { ...(cluster === undefined ? {} : { powerscale: cluster }), stateFile },
  };
  await writeFile(join(dir, 'cdktf.json'), `${JSON.stringify(cdktfJson, null, 2)}\n`);
  return { dir, stackDir: join(dir, 'cdktf.out', 'stacks', stack), stateFile, secretsFile };
}

/**
 * The environment for running `cdktf` offline against a temporary project: the Terraform CLI
 * configuration that names the filesystem mirror, a private CDKTF home (no shared plugin cache,
 * nothing written to the user's), and no version checks, colours or interactive prompts.
 */
export function offlineCdktfEnv(base: NodeJS.ProcessEnv, cliConfigFile: string, cdktfHome: string): NodeJS.ProcessEnv {
  return {
    ...base,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_CLI_CONFIG_FILE: cliConfigFile,
    CDKTF_HOME: cdktfHome,
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
    DISABLE_VERSION_CHECK: '1',
    FORCE_COLOR: '0',
    CI: '1',
  };
}
