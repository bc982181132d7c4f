/**
 * `plan-summary` on plans the real provider makes: apply a first configuration against the
 * simulator, change it so that one plan holds a create, a rotation (update), a replacement and a
 * delete, and summarise `terraform show -json` of that plan. Also proves that neither the plan JSON
 * nor the summary contains any S3 secret.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, type ProcessResult } from '../../src/cli/demo/run-process';
import { startSimulator, type RunningSimulator } from '../../src/cli/demo/simulator-process';
import { decodePlan, renderPlanSummary } from '../../src/cli/plan-summary';
import { findPackage, installProvider, renderCliConfig, terraformPlatform } from '../../src/cli/install-provider';

const pkg = findPackage();
const work = mkdtempSync(join(tmpdir(), 'plan-summary-e2e-'));
const dir = join(work, 'stack');
const secretsFile = join(work, 'secrets.json');
const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: join(work, 'terraform.tfrc') };
let simulator: RunningSimulator;

function terraform(...args: string[]): Promise<ProcessResult> {
  return runProcess('terraform', args, { cwd: dir, env });
}

type Key = { user: string; rotation: string };

function writeConfig(keys: Record<string, Key>): void {
  const onefs = simulator.info.onefs;
  const config = {
    terraform: { required_providers: { powerscale: { source: 'dapcli/powerscale', version: '~> 0.1' } } },
    provider: { powerscale: { endpoint: onefs.endpoint, username: onefs.username, password_file: onefs.passwordFile, ca_cert_file: onefs.caCertFile, secret_store: { type: 'file', path: secretsFile } } },
    resource: {
      powerscale_cluster: { this: {} },
      powerscale_s3_key: Object.fromEntries(
        Object.entries(keys).map(([name, k]) => [name, { user: k.user, existing_key_expiry_minutes: 30, rotation_triggers: { rotated_on: k.rotation }, depends_on: ['powerscale_cluster.this'] }]),
      ),
    },
  };
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
}

async function planJson(): Promise<string> {
  const plan = await terraform('plan', '-input=false', '-no-color', '-out=plan.tfplan');
  expect(plan.code, plan.output).toBe(0);
  const show = await terraform('show', '-json', 'plan.tfplan');
  expect(show.code, show.output).toBe(0);
  return show.output;
}

function storedSecretKeys(): string[] {
  const store = JSON.parse(readFileSync(secretsFile, 'utf8')) as { secrets: Record<string, string> };
  return Object.values(store.secrets).map((v) => (JSON.parse(v) as { secret_key: string }).secret_key);
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  simulator = await startSimulator(join(pkg.root, 'bin', 'cdktf-powerscale'), join(work, 'simulator'), ['alice', 'bob', 'carol', 'dave', 'erin']);
  const mirror = join(work, 'mirror');
  await installProvider({ mirror, bundle: join(pkg.root, 'dist', 'provider.cjs'), version: pkg.version, platform: terraformPlatform() });
  writeFileSync(join(work, 'terraform.tfrc'), renderCliConfig({ mirror }));
});

afterAll(async () => {
  await simulator?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('plan-summary on plans of the real provider', () => {
  let secondPlan = '';

  it('summarises the first plan as creates of the cluster and the keys', async () => {
    writeConfig({ alice: { user: 'alice', rotation: 'r1' }, bob: { user: 'bob', rotation: 'r1' }, carol: { user: 'carol', rotation: 'r1' } });
    const init = await terraform('init', '-input=false', '-no-color');
    expect(init.code, init.output).toBe(0);
    const summary = renderPlanSummary(decodePlan(JSON.parse(await planJson())));
    expect(summary.split('\n')[0]).toBe('### Terraform plan: 4 to create, 0 to update, 0 to replace, 0 to delete');
    expect(summary).toContain('Mints an S3 key for `System/alice`');
    const apply = await terraform('apply', '-input=false', '-no-color', '-auto-approve', 'plan.tfplan');
    expect(apply.code, apply.output).toBe(0);
  });

  it('summarises a rotation, a replacement, a delete and a create in one plan', async () => {
    writeConfig({ alice: { user: 'alice', rotation: 'r2' }, bob: { user: 'dave', rotation: 'r1' }, erin: { user: 'erin', rotation: 'r1' } });
    secondPlan = await planJson();
    const summary = renderPlanSummary(decodePlan(JSON.parse(secondPlan)));
    expect(summary.split('\n')[0]).toBe('### Terraform plan: 1 to create, 1 to update, 1 to replace, 1 to delete');
    expect(summary).toMatch(/\*\*Rotation\*\*: mints a new secret for `System\/alice` \(same access id\); the current secret stays valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ if applied when planned \(30 minutes counted from the apply: `existing_key_expiry_minutes`\)\./);
    expect(summary).toContain('**Replacement** because `user` changed: deletes the key of `System/bob` and mints a new access id and secret for `System/dave`.');
    expect(summary).toContain('**Deletes** the key of `System/carol`');
    expect(summary).toContain('Mints an S3 key for `System/erin`');
  });

  it('finds no S3 secret in the plan JSON or in the summary', () => {
    const secrets = storedSecretKeys();
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const summary = renderPlanSummary(decodePlan(JSON.parse(secondPlan)));
    for (const secret of secrets) {
      expect(secondPlan).not.toContain(secret);
      expect(summary).not.toContain(secret);
    }
  });
});
