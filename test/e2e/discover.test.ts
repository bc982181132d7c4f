/**
 * End to end: adopting a running cluster with `cdktf-powerscale discover`. The simulator is
 * pre-loaded through its own APIs (control API users, PAPI key mints and bucket creates; no
 * Terraform) with 300 users with keys in two zones, a third of whose secrets are already in the
 * store, and 20 buckets (with owners and ACLs) in the same zones. Then: discover writes HCL for the
 * users, their keys and the buckets; `terraform plan` shows only imports (no change to a user, a
 * bucket or a key whose secret the store holds), plus a rotation with a grace window for each key
 * whose secret the store lacks; the TypeScript output (cdktn constructs, importFrom) synthesizes
 * and plans the same imports; apply; the next plan is empty; every secret minted before the adoption
 * still authenticates (`/s3/authenticate`) and the rotated ones stop after the window (`/clock`);
 * and discover with `--state` offers nothing more to import.
 *
 * Needs `npm run build` first (dist/provider.cjs, dist/cli.mjs, dist/cdktn).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBin } from '../../src/cli/demo/project';
import { createPapiClient } from '../../src/papi/client';
import { createBucket } from '../../src/papi/buckets';
import { mintS3Key } from '../../src/papi/s3-keys';
import { defaultSecretName } from '../../src/provider/resources/s3-key/naming';
import { createSecretStore } from '../../src/secrets/factory';
import { startSimulatorServers, type RunningSimulator } from '../../src/simulator/server';
import { createTerraformWorkspace, REPO_ROOT, REQUIRED_PROVIDERS, runTerraform, writeMainTf, type TerraformWorkspace } from '../helpers/terraform';

const run = promisify(execFile);
const CLI = join(REPO_ROOT, 'bin', 'cdktf-powerscale');
const WINDOW_MS = 60 * 60_000;

interface Minted {
  zone: string;
  user: string;
  accessId: string;
  secret: string;
  inStore: boolean;
}

let root: string;
let sim: RunningSimulator;
let ws: TerraformWorkspace;
let tsWs: TerraformWorkspace;
const minted: Minted[] = [];
/** `<zone>/<name>` of the buckets made before the adoption. */
const buckets: string[] = [];
let planJson: { resource_changes: { address: string; change: { actions: string[]; importing?: { id: string }; after_unknown?: Record<string, unknown> } }[] };

function storePath(): string {
  return join(ws.dir, 'secrets', 'store.json');
}

async function control(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim.info.control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function authenticates(m: Minted): Promise<boolean> {
  return (await control('/s3/authenticate', { accessId: m.accessId, secret: m.secret })).authenticated === true;
}

function connectionFlags(): string[] {
  const o = sim.info.onefs;
  return ['--endpoint', o.endpoint, '--username', o.username, '--password-file', o.passwordFile, '--ca-cert-file', o.caCertFile, '--store-type', 'file', '--store-path', storePath()];
}

// The users, their keys and the buckets are what this test adopts; the zones and groups
// discoverers have their own unit tests, and the `tenant` zone they would add is left to them.
const ADOPTED = ['--include', 'powerscale_s3_key', '--include', 'powerscale_user', '--include', 'powerscale_s3_bucket'];
async function discover(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, 'discover', ...connectionFlags(), ...args], { maxBuffer: 64 * 1024 * 1024 });
}

function providerHcl(): string {
  const o = sim.info.onefs;
  return `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${JSON.stringify(o.endpoint)}
  username      = ${JSON.stringify(o.username)}
  password_file = ${JSON.stringify(o.passwordFile)}
  ca_cert_file  = ${JSON.stringify(o.caCertFile)}
  secret_store {
    type = "file"
    path = ${JSON.stringify(storePath())}
  }
}
`;
}

function importsOf(plan: typeof planJson): string[] {
  return plan.resource_changes.flatMap((rc) => (rc.change.importing ? [rc.change.importing.id] : [])).sort();
}

beforeAll(async () => {
  for (const f of ['provider.cjs', 'cli.mjs']) if (!existsSync(join(REPO_ROOT, 'dist', f))) throw new Error(`dist/${f} is missing: run "npm run build" first`);
  root = mkdtempSync(join(tmpdir(), 'e2e-discover-'));
  sim = await startSimulatorServers({ dir: join(root, 'sim') });
  ws = createTerraformWorkspace();
  tsWs = createTerraformWorkspace();

  // 250 users in System and 50 in zone "tenant", through the control API; keys minted over PAPI.
  await control('/zones', { name: 'tenant' });
  const users = [...Array.from({ length: 250 }, (_, i) => ['System', `u${String(i).padStart(3, '0')}`]), ...Array.from({ length: 50 }, (_, i) => ['tenant', `t${String(i).padStart(2, '0')}`])] as [string, string][];
  for (const [zone, name] of users) await control('/users', { zone, name });
  const o = sim.info.onefs;
  const papi = createPapiClient({ endpoint: o.endpoint, username: o.username, password: readFileSync(o.passwordFile, 'utf8').trim(), caCertFile: o.caCertFile });
  const store = createSecretStore({ type: 'file', path: storePath() });
  try {
    for (let i = 0; i < users.length; i += 10) {
      const batch = await Promise.all(users.slice(i, i + 10).map(async ([zone, user]) => ({ zone, user, key: await mintS3Key(papi, zone, user, 0) })));
      for (const { zone, user, key } of batch) minted.push({ zone, user, accessId: key.accessId, secret: key.secretKey, inStore: minted.length % 3 === 0 });
    }
    // 15 buckets in System and 5 in tenant, owned by a user each, every other one with a two-grant ACL
    // sent out of the cluster's order (it answers grants sorted).
    for (let i = 0; i < 20; i++) {
      const [zone, owner] = i < 15 ? ['System', `u${String(i).padStart(3, '0')}`] : ['tenant', `t${String(i - 15).padStart(2, '0')}`];
      const name = `adopt-${String(i).padStart(2, '0')}`;
      const acl = i % 2 === 0 ? [{ grantee: { name: owner, type: 'user' }, permission: 'WRITE' }, { grantee: { name: owner, type: 'user' }, permission: 'READ' }] : undefined;
      await createBucket(papi, zone, { name, path: zone === 'System' ? `/ifs/adopt/${name}` : `/ifs/tenant/${name}`, createPath: true, owner, description: i % 3 === 0 ? `bucket ${i}` : undefined, acl });
      buckets.push(`${zone}/${name}`);
    }
    // A third of the secrets are already where the provider looks for them: those imports mint nothing.
    for (const m of minted.filter((x) => x.inStore)) await store.createOrUpdate(defaultSecretName(m.zone, m.user), JSON.stringify({ access_id: m.accessId, secret_key: m.secret }));
  } finally {
    await papi.close();
    await store.close();
  }
}, 120_000);

afterAll(async () => {
  await sim?.close();
  ws?.cleanup();
  tsWs?.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('discover: adopting 300 existing users with their keys, and 20 buckets', () => {
  const inStore = () => minted.filter((m) => m.inStore);
  const rotated = () => minted.filter((m) => !m.inStore);

  it('writes HCL that plans imports minting nothing, except a grace-window rotation for each key whose secret the store lacks', async () => {
    const { stderr } = await discover(...ADOPTED, '--out', join(ws.dir, 'discovered.tf'));
    // The simulator's admin is a built-in account: listed, not imported.
    expect(stderr).toContain('discover: 620 to import, 1 not manageable');
    expect(stderr).toContain('powerscale_s3_bucket: 20 buckets looked at');
    expect(stderr).toMatch(/powerscale_s3_key: zone System: \d+ users looked at, 250 keys found/);
    const hcl = readFileSync(join(ws.dir, 'discovered.tf'), 'utf8');
    for (const m of minted) expect(hcl.includes(m.secret), 'no secret in the output').toBe(false);
    writeMainTf(ws, providerHcl());

    const plan = await runTerraform(ws, ['plan', '-out=adopt.tfplan'], { timeoutMs: 300_000 });
    expect(plan.code, plan.stderr).toBe(0);
    // The keys whose secrets the store lacks (200 of 300) are the only changes: their rotations.
    expect(plan.stdout).toContain(`Plan: 620 to import, 0 to add, ${rotated().length} to change, 0 to destroy.`);
    expect(plan.stdout.replace(/\s+/g, ' ')).toMatch(/the current secret stays valid until \S+Z if applied now \(60 minutes after the apply: adoption_expiry_minutes\)/);
    const show = await runTerraform(ws, ['show', '-json', 'adopt.tfplan']);
    planJson = JSON.parse(show.stdout) as typeof planJson;
    expect(importsOf(planJson)).toEqual([...minted.flatMap((m) => [`${m.zone}/${m.user}`, `${m.zone}/${m.user}`]), ...buckets].sort());
    // A user's import changes nothing: no password reset (no password settings), no setting written.
    const users = planJson.resource_changes.filter((rc) => rc.address.startsWith('powerscale_user.'));
    expect(users).toHaveLength(300);
    for (const rc of users) expect(rc.change.actions, rc.address).toEqual(['no-op']);
    // A key whose secret the store holds is imported and nothing else; one whose secret the store
    // lacks is rotated (an update): its secret_key_timestamp is unknown until the apply.
    const changes = new Map(planJson.resource_changes.map((rc) => [`${rc.address.split('.')[0]} ${rc.change.importing?.id}`, rc.change]));
    // A bucket's body is what its import reads: nothing to change.
    for (const id of buckets) expect(changes.get(`powerscale_s3_bucket ${id}`)?.actions.join(','), id).toBe('no-op');
    for (const m of minted) {
      const change = changes.get(`powerscale_s3_key ${m.zone}/${m.user}`);
      expect(change?.actions.join(','), `${m.zone}/${m.user}`).toBe(m.inStore ? 'no-op' : 'update');
      expect(change?.after_unknown?.secret_key_timestamp === true, `${m.zone}/${m.user} rotates`).toBe(!m.inStore);
    }
  }, 400_000);

  // One zone's 50 keys and 5 buckets: synthesizing hundreds of constructs costs minutes of CPU on a shared machine,
  // and the module's text is the same for every key.
  it('writes a TypeScript module whose cdktn stack synthesizes and plans the same imports (zone tenant)', async () => {
    const dir = join(root, 'ts-app');
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    // What a user's project has: the CDK, constructs and this package, resolved by name.
    for (const [name, target] of [['cdktf-powerscale', REPO_ROOT], ['cdktn', join(REPO_ROOT, 'node_modules', 'cdktn')], ['constructs', join(REPO_ROOT, 'node_modules', 'constructs')]] as const) symlinkSync(target, join(dir, 'node_modules', name), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
    await discover('--include', 'powerscale_s3_key', '--include', 'powerscale_s3_bucket', '--format', 'typescript', '--cdk', 'cdktn', '--zone', 'tenant', '--out', join(dir, 'discovered.ts'));
    const o = sim.info.onefs;
    writeFileSync(
      join(dir, 'app.ts'),
      `import { App, TerraformStack } from 'cdktn';
import { PowerScaleCluster, SecretStore } from 'cdktf-powerscale/cdktn';
import { addDiscovered } from './discovered.ts';
const app = new App({ outdir: ${JSON.stringify(join(dir, 'out'))} });
const stack = new TerraformStack(app, 'adopted');
const cluster = new PowerScaleCluster(stack, 'Cluster', { endpoint: ${JSON.stringify(o.endpoint)}, username: ${JSON.stringify(o.username)}, passwordFile: ${JSON.stringify(o.passwordFile)}, caCertFile: ${JSON.stringify(o.caCertFile)}, secretStore: SecretStore.file({ path: ${JSON.stringify(storePath())} }) });
addDiscovered(stack, cluster);
app.synth();
`,
    );
    const synth = await run(process.execPath, [resolveBin(REPO_ROOT, 'tsx', 'tsx'), join(dir, 'app.ts')], { cwd: dir });
    expect(synth.stderr).toBe('');
    // The stack's local backend would need "terraform init"; the workspace's default state is the same thing.
    const synthesized = JSON.parse(readFileSync(join(dir, 'out', 'stacks', 'adopted', 'cdk.tf.json'), 'utf8')) as { terraform: Record<string, unknown> };
    delete synthesized.terraform.backend;
    writeFileSync(join(tsWs.dir, 'main.tf.json'), JSON.stringify(synthesized));
    const plan = await runTerraform(tsWs, ['plan', '-out=ts.tfplan'], { timeoutMs: 300_000 });
    expect(plan.code, plan.stderr).toBe(0);
    // The same imports: only the keys whose secrets the store lacks change (their rotations).
    expect(plan.stdout).toContain(`Plan: 55 to import, 1 to add, ${rotated().filter((m) => m.zone === 'tenant').length} to change, 0 to destroy.`);
    const show = JSON.parse((await runTerraform(tsWs, ['show', '-json', 'ts.tfplan'])).stdout) as typeof planJson;
    expect(importsOf(show)).toEqual([...new Set(importsOf(planJson))].filter((id) => id.startsWith('tenant/')));
    expect(show.resource_changes.filter((rc) => rc.change.after_unknown?.secret_key_timestamp === true).length).toBe(rotated().filter((m) => m.zone === 'tenant').length);
  }, 400_000);

  it('applies; the next plan is empty; secrets minted before the adoption work until the window ends', async () => {
    const apply = await runTerraform(ws, ['apply', 'adopt.tfplan'], { timeoutMs: 300_000 });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(`Apply complete! Resources: 620 imported, 0 added, ${rotated().length} changed, 0 destroyed.`);
    for (const m of minted) expect(await authenticates(m), `${m.zone}/${m.user} right after the apply`).toBe(true);
    // Adopting the users set no password: none is in the store, none was set on the cluster.
    const stored = JSON.parse(readFileSync(storePath(), 'utf8')) as { secrets: Record<string, string> };
    expect(Object.keys(stored.secrets).filter((k) => k.startsWith('powerscale-user-'))).toEqual([]);
    const again = await runTerraform(ws, ['plan', '-detailed-exitcode'], { timeoutMs: 300_000 });
    expect(again.code, again.stdout).toBe(0);

    await control('/clock', { advanceMs: WINDOW_MS + 60_000 });
    for (const m of rotated()) expect(await authenticates(m), `${m.zone}/${m.user} after the window`).toBe(false);
    for (const m of inStore()) expect(await authenticates(m), `${m.zone}/${m.user} was never rotated`).toBe(true);
    const store = JSON.parse(readFileSync(storePath(), 'utf8')) as { secrets: Record<string, string> };
    for (const m of rotated().slice(0, 5)) {
      const doc = JSON.parse(store.secrets[defaultSecretName(m.zone, m.user)] ?? '{}') as { access_id: string; secret_key: string };
      expect(await authenticates({ ...m, accessId: doc.access_id, secret: doc.secret_key }), 'the new secret in the store').toBe(true);
    }
  }, 600_000);

  it('offers no new import when run again with the state', async () => {
    const state = await runTerraform(ws, ['show', '-json']);
    writeFileSync(join(ws.dir, 'state.json'), state.stdout);
    const { stdout, stderr } = await discover(...ADOPTED, '--state', join(ws.dir, 'state.json'));
    expect(stderr).toContain('discover: 0 to import, 1 not manageable, 620 already in the state');
    expect(stdout).not.toContain('import {');
    expect(stdout).toContain('# Nothing to import.');
  }, 120_000);

  // Issue 15's paging point with the real provider process: a zone with 2,500 users, listed by the
  // data source in pages of 1,000 (three requests counted on the simulator). Last: the zone would
  // otherwise be part of every discovery above.
  it('lists a zone of 2,500 users through data "powerscale_user" in three pages of 1,000', async () => {
    const model = sim.simulator.onefs.model;
    model.addZone('big');
    for (let i = 0; i < 2500; i++) model.addUser('big', `b${String(i).padStart(4, '0')}`);
    const big = createTerraformWorkspace();
    try {
      writeMainTf(big, `${providerHcl()}
data "powerscale_user" "big" {
  zone = "big"
}

output "listed" {
  value = length(data.powerscale_user.big.users)
}
`);
      const lists = () => Object.entries(sim.simulator.stats().onefs.routes).filter(([route]) => /^GET \/platform\/\d+\/auth\/users$/.test(route)).reduce((n, [, count]) => n + count, 0);
      const before = lists();
      const apply = await runTerraform(big, ['apply', '-auto-approve', '-no-color'], { timeoutMs: 300_000 });
      expect(apply.code, apply.stderr).toBe(0);
      expect(apply.stdout).toContain('listed = 2500');
      expect(lists() - before).toBe(3);
    } finally {
      big.cleanup();
    }
  }, 400_000);
});
