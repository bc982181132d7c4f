/**
 * The canary sweep (issue 9, secrets): a whole life of `powerscale_s3_key` with every run at
 * TF_LOG=trace, where the cluster password itself comes from the secret store (`password_secret`),
 * plus runs with a wrong password and a wrong DAP token so that error paths are covered. Every
 * artifact is collected: terraform's stdout and stderr, the trace logs (which carry the provider's
 * stderr), state files and backups, `terraform show -json` of saved plans and of the state, and
 * the command line and environment of every provider process. The canary cluster password, the
 * DAP token, the wrong credentials and every secret the cluster minted must appear in none of them.
 * (The fault and validation files end with the same sweep over what they produced.)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../src/secrets/factory';
import { Artifacts, canaryForms, CLUSTER_PASSWORD, DAP_TOKEN, errorBlocks, hclString, keyResources, providerBlock, startCanarySimulator, terraformRecorded, type CanarySimulator } from '../helpers/reliability';
import { createTerraformWorkspace, REPO_ROOT, writeMainTf, type TerraformResult, type TerraformWorkspace } from '../helpers/terraform';

const USERS = ['cana', 'canb', 'canc'];
const PASSWORD_SECRET = 'cluster-admin-password';
/** Wrong credentials are canaries too: an error must not echo what it refused. */
const WRONG_PASSWORD = `Wr0ng"pw\\-ü-CNRYwp2K9z`;
const WRONG_TOKEN = `Wr0ng"tok\\-CNRYwt6M1q`;

let root: string;
let sim: CanarySimulator;
let ws: TerraformWorkspace;
const artifacts = new Artifacts();
let runs = 0;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'provider.cjs'))) throw new Error('dist/provider.cjs is missing: run "npm run build" first');
  root = mkdtempSync(join(tmpdir(), 'e2e-reliability-canary-'));
  sim = await startCanarySimulator(join(root, 'sim'), USERS);
  ws = createTerraformWorkspace();
  // The cluster password lives in the secret store; the configuration only names it.
  const { dap } = sim.running.info;
  const store = createSecretStore({ type: 'dap', url: dap.url, tenant: dap.tenant, credentialsFile: dap.credentialsFile, caCertFile: dap.caCertFile });
  await store.createOrUpdate(PASSWORD_SECRET, CLUSTER_PASSWORD);
  await store.close();
});

afterAll(async () => {
  await sim?.close();
  ws?.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

const passwordSecret = `password_secret = ${hclString(PASSWORD_SECRET)}`;

function write(users: readonly string[], options: { password?: string; secretStore?: string; triggers?: string } = {}): void {
  const extra = options.triggers ? () => `  existing_key_expiry_minutes = 5\n  rotation_triggers = { generation = ${hclString(options.triggers ?? '')} }\n` : () => '';
  writeMainTf(ws, `${providerBlock(sim, { password: options.password ?? passwordSecret, ...(options.secretStore ? { secretStore: options.secretStore } : {}) })}\n${keyResources(users, extra)}`);
}

/** Runs terraform at TF_LOG=trace; everything it leaves behind goes to the artifacts. */
async function tf(args: string[]): Promise<TerraformResult> {
  const label = `#${++runs} terraform ${args.join(' ')}`;
  const logPath = join(ws.dir, `trace-${runs}.log`);
  const run = await terraformRecorded(ws, args, artifacts, label, { logLevel: 'TRACE', logPath });
  artifacts.addFile(`${label}: TF_LOG=trace log`, logPath);
  artifacts.addFile(`${label}: state`, join(ws.dir, 'terraform.tfstate'));
  artifacts.addFile(`${label}: state backup`, join(ws.dir, 'terraform.tfstate.backup'));
  return run;
}

async function ok(args: string[]): Promise<TerraformResult> {
  const run = await tf(args);
  expect(run.code, `${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
  return run;
}

describe('reliability: the canary sweep over a whole life of S3 keys', () => {
  it('plans to a saved plan, shows it as JSON and applies it, with the cluster password read from the secret store', async () => {
    write(USERS);
    await ok(['plan', '-out=create.tfplan']);
    artifacts.add('show -json create.tfplan', (await ok(['show', '-json', 'create.tfplan'])).stdout);
    await ok(['apply', 'create.tfplan']);
    for (const u of USERS) expect(await sim.control.dapSecret(`powerscale-s3-System-${u}`), u).toBeDefined();
  });

  it('rotates every key through a saved plan while the previous secrets stay valid, and shows the state as JSON', async () => {
    write(USERS, { triggers: '2' });
    await ok(['plan', '-out=rotate.tfplan']);
    artifacts.add('show -json rotate.tfplan', (await ok(['show', '-json', 'rotate.tfplan'])).stdout);
    await ok(['apply', 'rotate.tfplan']);
    artifacts.add('show -json (state)', (await ok(['show', '-json'])).stdout);
    const plan = await tf(['plan', '-detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    // Every key was minted, then rotated: two secrets per user went through the provider.
    expect(sim.minted.filter((m) => USERS.includes(m.user))).toHaveLength(2 * USERS.length);
  });

  it('refuses a wrong cluster password and a wrong DAP token with errors that do not echo them', async () => {
    write(USERS, { password: `password = ${hclString(WRONG_PASSWORD)}` });
    const refused = await tf(['plan']);
    expect(refused.code).toBe(1);
    expect(errorBlocks(refused.stderr).join('\n')).toMatch(/refused the login/);

    const badCredentials = join(root, 'wrong-dap-credentials.json');
    writeFileSync(badCredentials, JSON.stringify({ token: WRONG_TOKEN }), { mode: 0o600 });
    const { dap } = sim.running.info;
    const secretStore = `secret_store {\n    type             = "dap"\n    url              = ${hclString(dap.url)}\n    tenant           = ${hclString(dap.tenant)}\n    credentials_file = ${hclString(badCredentials)}\n    ca_cert_file     = ${hclString(dap.caCertFile)}\n  }`;
    write(USERS, { secretStore });
    const unauthorized = await tf(['plan']);
    expect(unauthorized.code).toBe(1);
    expect(errorBlocks(unauthorized.stderr).join('\n')).toMatch(/Secret store \(dap\)/);
  });

  it('destroys every key and every secret', async () => {
    write(USERS);
    await ok(['destroy', '-auto-approve']);
    for (const u of USERS) {
      expect(await sim.control.getKey('System', u), u).toBeUndefined();
      expect(await sim.control.dapSecret(`powerscale-s3-System-${u}`), u).toBeUndefined();
    }
  });

  it('finds no canary password, DAP token, wrong credential or minted secret in any artifact', () => {
    // The sweep looked at something: every run left output, a trace log and provider processes.
    expect(runs).toBe(11);
    expect(artifacts.items.filter((i) => i.source.endsWith('TF_LOG=trace log')).length).toBe(runs);
    expect(artifacts.items.filter((i) => i.source.includes(': terraform ') && i.source.endsWith('environ')).length).toBe(runs);
    expect(artifacts.items.filter((i) => i.source.includes(': provider ') && i.source.endsWith('environ')).length).toBeGreaterThanOrEqual(runs);
    expect(artifacts.items.filter((i) => i.source.startsWith('show -json')).length).toBe(3);
    expect(artifacts.size()).toBeGreaterThan(500_000);
    // The trace logs really carry the provider's own log lines (its stderr).
    expect(artifacts.items.some((i) => i.source.endsWith('TF_LOG=trace log') && /provider\.terraform-provider-powerscale/.test(i.text))).toBe(true);
    const needles = [
      ...canaryForms('cluster password', CLUSTER_PASSWORD, 'CNRYpw7Q3x'),
      ...canaryForms('DAP token', DAP_TOKEN, 'CNRYdp5E8f'),
      ...canaryForms('wrong password', WRONG_PASSWORD, 'CNRYwp2K9z'),
      ...canaryForms('wrong token', WRONG_TOKEN, 'CNRYwt6M1q'),
      ...sim.minted.map((m, i) => ({ name: `minted secret #${i} (${m.user})`, value: m.secret })),
    ];
    expect(sim.minted.length).toBe(2 * USERS.length);
    // Positive control: what is not secret (a secret's name, an access id) is found where expected.
    expect(artifacts.sweep([{ name: 'secret name', value: 'powerscale-s3-System-cana' }])).toContain('secret name in #3 terraform apply create.tfplan: state');
    expect(artifacts.sweep([{ name: 'access id', value: '_cana_accid' }]).length).toBeGreaterThan(3);
    expect(artifacts.sweep(needles)).toEqual([]);
  });
});
