/**
 * End to end: the real `terraform` drives the built provider against the OneFS and DAP simulators
 * over real HTTPS, with the file secret store. Covers the life of `powerscale_s3_key`: apply of
 * several keys and a clean re-plan, every drift case converging, rotation with the old secret still
 * valid in its window, rename without minting, import (CLI and `import {}` block), a store failure
 * during create, replacements, two resources for one key, destroy, plan-time validation, and the
 * canary check that no minted secret ever reaches state, a saved plan, TF_LOG=trace output or an
 * error.
 *
 * The DAP store's path through terraform is proven by the reliability suite (reliability-*.test.ts:
 * faults, sessions expiring mid-apply, the store down during create, rotation and delete, the
 * canary sweep) and by lifecycle.test.ts (identities, rotation, destroy), so this file runs the
 * store-independent life once, with the file store, plus the one DAP case no other file has (a
 * rotation refused before minting).
 *
 * Needs `npm run build` first (the provider runs from dist/provider.cjs).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../src/secrets/factory';
import { acquireFileLock } from '../../src/secrets/file/lock';
import type { SecretStore } from '../../src/secrets/types';
import { startSimulatorServers, type RunningSimulator } from '../../src/simulator/server';
import {
  createTerraformWorkspace,
  readState,
  REPO_ROOT,
  REQUIRED_PROVIDERS,
  resourceInstances,
  runTerraform,
  writeMainTf,
  type TerraformResult,
  type TerraformRunOptions,
  type TerraformWorkspace,
} from '../helpers/terraform';

type Backend = 'file' | 'dap';

interface KeySpec {
  user: string;
  zone?: string;
  expiry?: number;
  triggers?: Record<string, string>;
  secretName?: string;
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'];
const POST_ROUTE = 'POST /platform/10/protocols/s3/keys/{user}';

let root: string;
let sim: RunningSimulator;
const workspaces: TerraformWorkspace[] = [];

function combined(run: TerraformResult): string {
  return `${run.stdout}\n${run.stderr}`;
}

/** Terraform wraps diagnostic text at 80 columns: compare with whitespace collapsed. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function model() {
  return sim.simulator.onefs.model;
}

function mints(): number {
  return sim.simulator.stats().onefs.routes[POST_ROUTE] ?? 0;
}

/** Seeds the cluster: USERS in System, zone "tenant" with user "zed". */
function seedCluster(): void {
  sim.simulator.reset();
  for (const u of USERS) if (!model().findUser('System', u)) model().addUser('System', u);
  model().addZone('tenant');
  model().addUser('tenant', 'zed');
}

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'provider.cjs'))) throw new Error('dist/provider.cjs is missing: run "npm run build" first');
  root = mkdtempSync(join(tmpdir(), 'e2e-s3-key-'));
  sim = await startSimulatorServers({ dir: join(root, 'sim') });
});

afterAll(async () => {
  await sim?.close();
  for (const ws of workspaces) ws.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** One backend's world: a workspace, a store client the test uses, and everything seen. */
class Scenario {
  readonly ws: TerraformWorkspace;
  readonly store: SecretStore;
  /** stdout and stderr of every terraform run, saved plans as JSON, every state file written. */
  readonly places: Record<string, string[]> = { 'terraform output': [], 'show -json of saved plans': [], 'state files': [] };
  /** Every secret the test read back from the store. */
  readonly secrets = new Set<string>();

  constructor(readonly backend: Backend) {
    this.ws = createTerraformWorkspace();
    workspaces.push(this.ws);
    this.store =
      backend === 'file'
        ? createSecretStore({ type: 'file', path: this.storePath })
        : createSecretStore({ type: 'dap', url: sim.info.dap.url, tenant: sim.info.dap.tenant, credentialsFile: sim.info.dap.credentialsFile, caCertFile: sim.info.dap.caCertFile });
  }

  get storePath(): string {
    return join(this.ws.dir, 'secrets', 'store.json');
  }

  providerHcl(): string {
    const onefs = sim.info.onefs;
    const store =
      this.backend === 'file'
        ? `secret_store {\n    type = "file"\n    path = ${JSON.stringify(this.storePath)}\n  }`
        : `secret_store {\n    type             = "dap"\n    url              = ${JSON.stringify(sim.info.dap.url)}\n    tenant           = ${JSON.stringify(sim.info.dap.tenant)}\n    credentials_file = ${JSON.stringify(sim.info.dap.credentialsFile)}\n    ca_cert_file     = ${JSON.stringify(sim.info.dap.caCertFile)}\n  }`;
    return `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${JSON.stringify(onefs.endpoint)}
  username      = ${JSON.stringify(onefs.username)}
  password_file = ${JSON.stringify(onefs.passwordFile)}
  ca_cert_file  = ${JSON.stringify(onefs.caCertFile)}
  ${store}
}
`;
  }

  write(keys: readonly KeySpec[], extra = ''): void {
    const body = keys
      .map((k) => {
        const lines = [`  user = ${JSON.stringify(k.user)}`];
        if (k.zone !== undefined) lines.push(`  zone = ${JSON.stringify(k.zone)}`);
        if (k.expiry !== undefined) lines.push(`  existing_key_expiry_minutes = ${k.expiry}`);
        if (k.secretName !== undefined) lines.push(`  secret_name = ${JSON.stringify(k.secretName)}`);
        if (k.triggers !== undefined) lines.push(`  rotation_triggers = ${JSON.stringify(k.triggers).replace(/":/g, '" =')}`);
        return `resource "powerscale_s3_key" ${JSON.stringify(k.user)} {\n${lines.join('\n')}\n}\n`;
      })
      .join('\n');
    writeMainTf(this.ws, `${this.providerHcl()}\n${body}\n${extra}`);
  }

  async tf(args: string[], options: TerraformRunOptions = {}): Promise<TerraformResult> {
    const run = await runTerraform(this.ws, args, options);
    this.places['terraform output']?.push(run.stdout, run.stderr);
    for (const f of ['terraform.tfstate', 'terraform.tfstate.backup']) {
      const path = join(this.ws.dir, f);
      if (existsSync(path)) this.places['state files']?.push(readFileSync(path, 'utf8'));
    }
    return run;
  }

  async applyOk(options: TerraformRunOptions = {}): Promise<TerraformResult> {
    const run = await this.tf(['apply', '-auto-approve'], options);
    expect(run.code, combined(run)).toBe(0);
    return run;
  }

  async expectNoChanges(): Promise<void> {
    const run = await this.tf(['plan', '-detailed-exitcode']);
    expect(run.code, combined(run)).toBe(0);
  }

  /** The stored document under `name` (its secret remembered for the leak check), or undefined. */
  async doc(name: string): Promise<{ access_id: string; secret_key: string } | undefined> {
    const value = await this.store.get(name);
    if (value === undefined) return undefined;
    this.secrets.add(value);
    const doc = JSON.parse(value) as { access_id: string; secret_key: string };
    this.secrets.add(doc.secret_key);
    return doc;
  }

  /** The store holds exactly {access_id, secret_key, secret_key_timestamp, owner} for the cluster's key, and the secret authenticates. */
  async expectWorkingPair(user: string, zone = 'System', name = `powerscale-s3-${zone}-${user}`): Promise<void> {
    const doc = await this.doc(name);
    const key = model().getKey(zone, user);
    expect(Object.keys(doc ?? {}), `secret ${name}`).toEqual(['access_id', 'secret_key', 'secret_key_timestamp', 'owner']);
    expect(doc?.access_id, `access id of ${zone}/${user}`).toBe(key?.access_id);
    expect((doc as { secret_key_timestamp?: number } | undefined)?.secret_key_timestamp, `timestamp of ${zone}/${user}`).toBe(key?.secret_key_timestamp);
    expect(model().s3Authenticate(doc?.access_id ?? '', doc?.secret_key ?? ''), `secret of ${zone}/${user} authenticates`).toBe(true);
  }

  state(user: string) {
    return resourceInstances(readState(this.ws), 'powerscale_s3_key', user)[0];
  }
}

const ALL: KeySpec[] = [{ user: 'alice' }, { user: 'bob' }, { user: 'carol' }, { user: 'dave' }, { user: 'erin' }, { user: 'frank' }, { user: 'zed', zone: 'tenant' }];

describe('powerscale_s3_key with the file secret store', () => {
  let s: Scenario;

  beforeAll(() => {
    seedCluster();
    s = new Scenario('file');
  });
  afterAll(async () => {
    await s.store.close();
  });

  it('applies several keys (TF_LOG=trace), then plans no changes', async () => {
    s.write(ALL);
    const run = await s.applyOk({ logLevel: 'TRACE' });
    expect(run.stdout).toContain('Apply complete! Resources: 7 added, 0 changed, 0 destroyed.');
    // The trace really carries the provider's own lines, so the leak check below means something.
    expect(run.stderr).toContain('provider.terraform-provider-powerscale');
    expect(mints()).toBe(7);
    for (const k of ALL) await s.expectWorkingPair(k.user, k.zone);
    expect(s.state('alice')?.attributes).toEqual({
      id: 'System/alice',
      user: 'alice',
      zone: 'System',
      existing_key_expiry_minutes: 0,
      adoption_expiry_minutes: null,
      on_existing_key: 'fail',
      secret_name: 'powerscale-s3-System-alice',
      rotation_triggers: null,
      access_id: model().getKey('System', 'alice')?.access_id,
      secret_key_timestamp: model().getKey('System', 'alice')?.secret_key_timestamp,
      old_key_expiry: null,
    });
    await s.expectNoChanges();
    // One provider process applied seven keys: one login for the apply, one for the re-plan's refresh.
    expect(sim.simulator.stats().onefs.logins).toBe(2);
  });

  it('turns every kind of drift into a plan that converges on apply', async () => {
    const before = mints();
    model().deleteKey('System', 'alice'); // key deleted outside
    await s.store.delete('powerscale-s3-System-bob'); // secret missing
    await s.store.createOrUpdate('powerscale-s3-System-carol', 'not a key document'); // malformed
    await s.store.createOrUpdate('powerscale-s3-System-dave', JSON.stringify({ access_id: 'someone_else_accid', secret_key: 'z'.repeat(28) })); // another access id
    sim.simulator.onefs.clock.advance(5_000);
    model().createKey('System', 'erin', { force: true, existingKeyExpiryMinutes: 0 }); // rotated outside
    model().removeUser('System', 'frank'); // user gone
    model().removeZone('tenant'); // zone gone

    const plan = await s.tf(['plan', '-detailed-exitcode', '-out=drift.tfplan']);
    expect(plan.code, combined(plan)).toBe(2);
    const show = await s.tf(['show', '-json', 'drift.tfplan']);
    expect(show.code).toBe(0);
    s.places['show -json of saved plans']?.push(show.stdout);
    for (const u of ['alice', 'frank', 'zed']) expect(plan.stdout).toContain(`# powerscale_s3_key.${u} will be created`);
    for (const u of ['bob', 'carol', 'dave', 'erin']) {
      expect(plan.stdout).toContain(`# powerscale_s3_key.${u} will be updated in-place`);
    }
    expect(plan.stdout).toMatch(/~ secret_key_timestamp\s+= \d+ -> \(known after apply\)/);
    expect(plan.stdout).toContain('Plan: 3 to add, 4 to change, 0 to destroy.');

    // The user and the zone come back (an administrator fixed them); the keys are restored.
    model().addUser('System', 'frank');
    model().addZone('tenant');
    model().addUser('tenant', 'zed');
    await s.applyOk();
    expect(mints() - before).toBe(7);
    for (const k of ALL) await s.expectWorkingPair(k.user, k.zone);
    await s.expectNoChanges();
  });

  it('rotates in place on a rotation_triggers change; the old secret works for the window and the store holds the new one', async () => {
    const old = await s.doc('powerscale-s3-System-alice');
    sim.simulator.onefs.clock.advance(2_000);
    s.write([{ user: 'alice', expiry: 10, triggers: { version: '2' } }, ...ALL.slice(1)]);
    const plan = await s.tf(['plan', '-out=rotate.tfplan']);
    expect(plan.code, combined(plan)).toBe(0);
    expect(plan.stdout).toContain('# powerscale_s3_key.alice will be updated in-place');
    expect(plan.stdout).toMatch(/~ secret_key_timestamp\s+= \d+ -> \(known after apply\)/);
    expect(plan.stdout).toMatch(/\+ old_key_expiry\s+= \(known after apply\)/);
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    const show = await s.tf(['show', '-json', 'rotate.tfplan']);
    expect(show.code).toBe(0);
    s.places['show -json of saved plans']?.push(show.stdout);

    const before = mints();
    const apply = await s.tf(['apply', 'rotate.tfplan'], { logLevel: 'TRACE' });
    expect(apply.code, combined(apply)).toBe(0);
    expect(mints() - before).toBe(1);
    const rotated = await s.doc('powerscale-s3-System-alice');
    expect(rotated?.access_id).toBe(old?.access_id);
    expect(rotated?.secret_key).not.toBe(old?.secret_key);
    await s.expectWorkingPair('alice');
    expect(model().s3Authenticate(old?.access_id ?? '', old?.secret_key ?? ''), 'old secret inside the window').toBe(true);
    const state = s.state('alice')?.attributes;
    expect(state?.old_key_expiry).toBe((state?.secret_key_timestamp as number) + 600);
    sim.simulator.onefs.clock.advance(11 * 60_000);
    expect(model().s3Authenticate(old?.access_id ?? '', old?.secret_key ?? ''), 'old secret after the window').toBe(false);
    await s.expectNoChanges();
  });

  it('moves the secret on a secret_name change without minting', async () => {
    const old = await s.doc('powerscale-s3-System-bob');
    const before = mints();
    const keys = [{ user: 'alice', expiry: 10, triggers: { version: '2' } }, { user: 'bob', secretName: 'team.bob-s3' }, ...ALL.slice(2)];
    s.write(keys);
    const run = await s.applyOk();
    expect(run.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
    expect(mints()).toBe(before);
    expect(await s.store.get('powerscale-s3-System-bob')).toBeUndefined();
    expect(await s.doc('team.bob-s3')).toEqual(old);
    await s.expectNoChanges();
  });

  it('imports by <zone>/<user> with the CLI and with an import block, rotating only where the store has no secret', async () => {
    const keys = [{ user: 'alice', expiry: 10, triggers: { version: '2' } }, { user: 'bob', secretName: 'team.bob-s3' }, ...ALL.slice(2)];
    const bad = await s.tf(['import', 'powerscale_s3_key.carol', 'carol']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid Import ID');

    expect((await s.tf(['state', 'rm', 'powerscale_s3_key.carol', 'powerscale_s3_key.zed'])).code).toBe(0);
    const before = mints();
    const cli = await s.tf(['import', 'powerscale_s3_key.carol', 'System/carol']);
    expect(cli.code, combined(cli)).toBe(0);
    expect(cli.stdout).toContain('Import successful!');

    // zed: the store lost its secret; the import block's plan shows the rotation that restores it.
    await s.store.delete('powerscale-s3-tenant-zed');
    s.write(keys, 'import {\n  to = powerscale_s3_key.zed\n  id = "tenant/zed"\n}\n');
    const plan = await s.tf(['plan']);
    expect(plan.code, combined(plan)).toBe(0);
    expect(plan.stdout).toContain('# powerscale_s3_key.zed will be updated in-place');
    expect(plan.stdout).toContain('(imported from "tenant/zed")');
    // An adoption: whoever holds zed's current secret keeps it for the adoption window.
    expect(flat(combined(plan))).toMatch(/the current secret stays valid until \S+Z if applied now \(60 minutes after the apply: adoption_expiry_minutes\)/);
    expect(plan.stdout).toMatch(/~ secret_key_timestamp\s+= \d+ -> \(known after apply\)/);
    await s.applyOk();
    expect(mints() - before).toBe(1);
    await s.expectWorkingPair('carol');
    await s.expectWorkingPair('zed', 'tenant');
    s.write(keys);
    await s.expectNoChanges();
  });

  // The minting marker is the create's first store write (src/provider/resources/s3-key/minting-marker.ts):
  // a store that cannot be written fails the create before a key is minted, so nothing is left on
  // the cluster or in state. (A store write that fails after the mint, leaving the create tainted,
  // is reliability-faults' "loses nothing and converges when the store is down during create".)
  it('fails a create whose store cannot be written before minting anything, and converges on the next apply', async () => {
    const keys = [{ user: 'alice', expiry: 10, triggers: { version: '2' } }, { user: 'bob', secretName: 'team.bob-s3' }, ...ALL.slice(2), { user: 'gina' }];
    s.write(keys);
    // Another writer holds the store's lock: the provider's write times out (after 10 s).
    const lock = await acquireFileLock(`${s.storePath}.lock`);
    let failed: TerraformResult;
    try {
      failed = await s.tf(['apply', '-auto-approve']);
    } finally {
      await lock.release();
    }
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Error: Unable to Create S3 Key');
    expect(flat(failed.stderr)).toMatch(/Secret store \(file\) createOrUpdate of secret "powerscale-minting-System-gina" failed/);
    expect(model().getKey('System', 'gina')).toBeUndefined();
    expect(s.state('gina')).toBeUndefined();
    expect(await s.store.get('powerscale-s3-System-gina')).toBeUndefined();

    const plan = await s.tf(['plan', '-detailed-exitcode']);
    expect(plan.code, combined(plan)).toBe(2);
    expect(plan.stdout).toContain('# powerscale_s3_key.gina will be created');
    await s.applyOk();
    await s.expectWorkingPair('gina');
    await s.expectNoChanges();
    expect(await s.store.get('powerscale-minting-System-gina')).toBeUndefined();
  });

  it('destroys every key on the cluster and every secret in the store', async () => {
    const run = await s.tf(['destroy', '-auto-approve']);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain('Destroy complete! Resources: 8 destroyed.');
    for (const u of [...USERS]) expect(model().getKey('System', u), u).toBeUndefined();
    expect(model().getKey('tenant', 'zed')).toBeUndefined();
    for (const name of [...USERS.map((u) => `powerscale-s3-System-${u}`), 'powerscale-s3-tenant-zed', 'team.bob-s3']) {
      expect(await s.store.get(name), name).toBeUndefined();
    }
    expect(JSON.parse(readFileSync(s.storePath, 'utf8'))).toEqual({ version: 1, secrets: {} });
  });

  it('never shows a minted secret in state, saved plans, trace logs, provider stderr or errors', () => {
    const secrets = [...s.secrets].filter((v) => !v.includes('z'.repeat(28)) && v !== 'not a key document');
    expect(secrets.length).toBeGreaterThan(10);
    // Private state holds a pending rotation's reason code, the owner token and flags at most.
    const privates = (s.places['state files'] ?? []).flatMap((text) => (JSON.parse(text) as { resources: { instances: { private?: string }[] }[] }).resources.flatMap((r) => r.instances.map((i) => i.private)));
    for (const p of privates) if (p !== undefined) expect(Buffer.from(p, 'base64').toString('utf8')).toMatch(/^(\{("rotate":"[a-z-]+",?)?("owner":"[0-9a-f-]{36}",?)?("sameSecond":true,?)?("imported":true)?\})?$/);
    for (const [where, texts] of Object.entries(s.places)) {
      expect(texts.length, where).toBeGreaterThan(0);
      const text = texts.join('\n');
      for (const secret of secrets) expect(text.includes(secret), `a secret found in ${where}`).toBe(false);
    }
  });
});

describe('powerscale_s3_key: replacements, two resources for one key, and a store that fails', () => {
  let s: Scenario;
  beforeAll(() => {
    seedCluster();
    s = new Scenario('file');
  });
  afterAll(async () => {
    await s.store.close();
  });

  const hcl = (body: string) => writeMainTf(s.ws, `${s.providerHcl()}\n${body}`);

  it('keeps a working key after create_before_destroy with -replace and with replace_triggered_by', async () => {
    const body = (trigger: string) => `resource "terraform_data" "trigger" {
  input = ${JSON.stringify(trigger)}
}
resource "powerscale_s3_key" "alice" {
  user = "alice"
  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.trigger]
  }
}
`;
    hcl(body('1'));
    await s.applyOk();
    const first = await s.doc('powerscale-s3-System-alice');
    const replaced = await s.tf(['apply', '-auto-approve', '-replace=powerscale_s3_key.alice']);
    expect(replaced.code, combined(replaced)).toBe(0);
    expect(replaced.stdout).toContain('Resources: 1 added, 0 changed, 1 destroyed.');
    await s.expectWorkingPair('alice');
    expect((await s.doc('powerscale-s3-System-alice'))?.secret_key).not.toBe(first?.secret_key);
    await s.expectNoChanges();

    hcl(body('2'));
    const triggered = await s.tf(['apply', '-auto-approve']);
    expect(triggered.code, combined(triggered)).toBe(0);
    expect(triggered.stdout).toContain('Resources: 1 added, 1 changed, 1 destroyed.');
    await s.expectWorkingPair('alice');
    await s.expectNoChanges();
  });

  it('refuses by default to create over a key made outside Terraform, pointing at import; take_over keeps its secret authenticating after the apply', async () => {
    const outside = model().createKey('System', 'gina', { force: true, existingKeyExpiryMinutes: 0 });
    s.secrets.add(outside.secret_key);
    /** Asks the simulator's control API, as a tenant's S3 client would be answered. */
    const authenticates = async (): Promise<boolean> => {
      const response = await fetch(`${sim.info.control}/s3/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: outside.access_id, secret: outside.secret_key }) });
      return ((await response.json()) as { authenticated: boolean }).authenticated;
    };
    hcl('resource "powerscale_s3_key" "gina" {\n  user = "gina"\n}\n');
    const before = mints();
    const refused = await s.tf(['apply', '-auto-approve']);
    expect(refused.code).toBe(1);
    const out = flat(refused.stderr);
    expect(out).toContain('S3 Key Already Exists');
    expect(out).toContain(`User "gina" in zone "System" already has an S3 key (access id ${outside.access_id})`);
    expect(out).toContain('id = "System/gina"');
    expect(out).toContain('cdktf-powerscale discover');
    expect(mints()).toBe(before);
    expect(await s.store.get('powerscale-s3-System-gina')).toBeUndefined();
    expect(await authenticates()).toBe(true);

    hcl('resource "powerscale_s3_key" "gina" {\n  user            = "gina"\n  on_existing_key = "take_over"\n}\n');
    await s.applyOk();
    expect(mints()).toBe(before + 1);
    await s.expectWorkingPair('gina');
    expect(await authenticates(), 'the secret made outside, right after the apply').toBe(true);
    expect(s.state('gina')?.attributes.old_key_expiry).toBe((s.state('gina')?.attributes.secret_key_timestamp as number) + 60 * 60);
    await s.expectNoChanges();
    await s.tf(['destroy', '-auto-approve']);
  });

  it('refuses a second resource for one user and a second resource for one secret_name; the plan never says "no changes" over a dead secret', async () => {
    hcl(`resource "powerscale_s3_key" "bob1" {
  user = "bob"
}
resource "powerscale_s3_key" "bob2" {
  user        = "bob"
  secret_name = "bob-second"
}
resource "powerscale_s3_key" "carol" {
  user        = "carol"
  secret_name = "shared"
}
resource "powerscale_s3_key" "dave" {
  user        = "dave"
  secret_name = "shared"
}
`);
    const before = mints();
    const run = await s.tf(['apply', '-auto-approve']);
    expect(run.code).toBe(1);
    const out = flat(run.stderr);
    expect(out).toContain('Two S3 Keys for One User');
    expect(out).toContain('Two S3 Keys for One Secret Name');
    // One mint per user that has a winner; the losers minted nothing.
    expect(mints() - before).toBe(2);
    const bobName = (await s.store.get('powerscale-s3-System-bob')) !== undefined ? 'powerscale-s3-System-bob' : 'bob-second';
    await s.expectWorkingPair('bob', 'System', bobName);
    const sharedUser = (await s.doc('shared'))?.access_id === model().getKey('System', 'carol')?.access_id ? 'carol' : 'dave';
    await s.expectWorkingPair(sharedUser, 'System', 'shared');
    const plan = await s.tf(['plan', '-detailed-exitcode']);
    expect(plan.code, combined(plan)).toBe(2);
    await s.tf(['destroy', '-auto-approve']);
  });

  it('sees a rotation outside Terraform in the same second as its own mint, and converges', async () => {
    hcl('resource "powerscale_s3_key" "erin" {\n  user = "erin"\n}\n');
    sim.simulator.onefs.clock.freeze();
    try {
      await s.applyOk();
      const ours = await s.doc('powerscale-s3-System-erin');
      // A script rotates within the same (frozen) second, keeping the previous secret for 5 minutes.
      model().createKey('System', 'erin', { force: true, existingKeyExpiryMinutes: 5 });
      expect(model().getKey('System', 'erin')?.secret_key_timestamp).toBe(s.state('erin')?.attributes.secret_key_timestamp);
      const plan = await s.tf(['plan', '-detailed-exitcode']);
      expect(plan.code, combined(plan)).toBe(2);
      expect(plan.stdout).toContain('# powerscale_s3_key.erin will be updated in-place');
      await s.applyOk();
      expect((await s.doc('powerscale-s3-System-erin'))?.secret_key).not.toBe(ours?.secret_key);
      await s.expectWorkingPair('erin');
      await s.expectNoChanges();
    } finally {
      sim.simulator.onefs.clock.thaw();
    }
  });

  it('refuses a rotation before minting when the store fails, keeps the working secret, and converges on the next apply', async () => {
    const d = new Scenario('dap');
    const write = (v: string) => writeMainTf(d.ws, `${d.providerHcl()}\nresource "powerscale_s3_key" "frank" {\n  user = "frank"\n  rotation_triggers = { v = "${v}" }\n}\n`);
    write('1');
    await d.applyOk();
    const old = await d.doc('powerscale-s3-System-frank');
    write('2');
    const plan = await d.tf(['plan', '-out=rotate.tfplan']);
    expect(plan.code, combined(plan)).toBe(0);
    const before = mints();
    // The store goes down between plan and apply (every request for this secret fails).
    sim.simulator.traffic.faults.add({ service: 'dap', path: 'powerscale-s3-System-frank', status: 500, count: 50 });
    const failed = await d.tf(['apply', 'rotate.tfplan']);
    sim.simulator.traffic.faults.clear();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Error: Unable to Update S3 Key');
    expect(mints()).toBe(before);
    expect(model().s3Authenticate(old?.access_id ?? '', old?.secret_key ?? ''), 'the stored secret still works').toBe(true);
    expect(await d.doc('powerscale-s3-System-frank')).toEqual(old);
    await d.applyOk();
    expect(mints() - before).toBe(1);
    await d.expectWorkingPair('frank');
    await d.expectNoChanges();
    await d.store.close();
  });
});

describe('powerscale_s3_key validation', () => {
  it('rejects bad names, expiries and secret names at plan time, naming the attribute and the rule', async () => {
    seedCluster();
    const s = new Scenario('file');
    s.write([{ user: '' }, { user: 'a/b' }, { user: 'x', zone: 'my zone' }, { user: 'y', expiry: 1441 }, { user: 'w', secretName: '9lives' }]);
    // Resource names must be valid identifiers: rename the ones derived from bad users.
    writeMainTf(s.ws, readFileSync(join(s.ws.dir, 'main.tf'), 'utf8').replace('"powerscale_s3_key" ""', '"powerscale_s3_key" "empty"').replace('"powerscale_s3_key" "a/b"', '"powerscale_s3_key" "slash"'));
    const run = await s.tf(['validate']);
    expect(run.code).toBe(1);
    const out = flat(run.stderr);
    // Each diagnostic quotes the offending line, then names the attribute and the rule.
    expect(out).toContain('user = "" Attribute user: user is empty; a user name is 1 to 104 characters, with no whitespace');
    expect(out).toContain('user = "a/b" Attribute user: user "a/b" is not a name OneFS accepts');
    expect(out).toContain('zone = "my zone" Attribute zone: zone "my zone" is not a name OneFS accepts; a zone name is 1 to 255 characters');
    expect(out).toContain('existing_key_expiry_minutes = 1441 Attribute existing_key_expiry_minutes: Expected a whole number from 0 to 1440, got 1441.');
    expect(out).toContain('secret_name = "9lives" Attribute secret_name: the secret name "9lives" does not start with a letter; a secret name is 1 to 256 characters');
    expect(sim.simulator.stats().onefs.logins).toBe(0);
  });
});
