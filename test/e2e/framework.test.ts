/**
 * End to end for the framework's new kinds with the real `terraform` 1.11: the provider schema as
 * `terraform providers schema -json` shows it (a nested attribute at depth 2, a data source, an
 * ephemeral resource), a data source read, and an ephemeral secret feeding a second provider
 * alias's `password`, which must appear in no state, plan JSON or output.
 *
 * Needs `npm run build` first (the provider runs from dist/provider.cjs).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../src/secrets/factory';
import { startSimulatorServers, type RunningSimulator } from '../../src/simulator/server';
import { createTerraformWorkspace, REQUIRED_PROVIDERS, runTerraform, writeMainTf, type TerraformResult, type TerraformRunOptions, type TerraformWorkspace } from '../helpers/terraform';

// The admin password: the simulator accepts it, the store holds it, and it must never be written out.
const CANARY = `fw"c4n4ry\\pw-ünï-✓-e2e-91b2`;

let root: string;
let storePath: string;

/** The S3 secret the store holds for eve's key (read from the store file, as a consumer would). */
function storedS3Secret(): string {
  const doc = (JSON.parse(readFileSync(storePath, 'utf8')) as { secrets: Record<string, string> }).secrets['powerscale-s3-System-eve'];
  return (JSON.parse(doc ?? '{}') as { secret_key?: string }).secret_key ?? '';
}
let sim: RunningSimulator;
let ws: TerraformWorkspace;
const transcript: string[] = [];

async function terraform(args: string[], options: TerraformRunOptions = {}): Promise<TerraformResult> {
  const run = await runTerraform(ws, args, options);
  transcript.push(run.stdout, run.stderr);
  return run;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'framework-e2e-'));
  sim = await startSimulatorServers({ dir: join(root, 'sim'), onefs: { password: CANARY, clusterName: 'fw-e2e' } });
  sim.simulator.onefs.model.addZone('tenant1');
  sim.simulator.onefs.model.addUser('System', 'eve');
  storePath = join(root, 'store', 'secrets.json');
  mkdirSync(join(root, 'store'), { mode: 0o700 });
  const store = await createSecretStore({ type: 'file', path: storePath });
  await store.createOrUpdate('cluster-admin', CANARY);
  await store.close();
  ws = createTerraformWorkspace();
  const provider = (extra: string) => `provider "powerscale" {
  ${extra}
  endpoint      = ${JSON.stringify(sim.info.onefs.endpoint)}
  username      = "admin"
  ca_cert_file  = ${JSON.stringify(sim.info.onefs.caCertFile)}
  secret_store {
    type = "file"
    path = ${JSON.stringify(storePath)}
  }
}`;
  writeMainTf(
    ws,
    `${REQUIRED_PROVIDERS}
${provider(`password_file = ${JSON.stringify(sim.info.onefs.passwordFile)}`)}

ephemeral "powerscale_secret" "admin" {
  name = "cluster-admin"
}

# The second alias logs in with the password read from the store for this run only.
${provider(`alias = "from_store"\n  password = ephemeral.powerscale_secret.admin.value`)}

data "powerscale_accesszone" "tenant" {
  provider = powerscale.from_store
  names    = ["tenant1"]
}

# A key, and its stored secret read back for this run only, once the key is applied.
resource "powerscale_s3_key" "eve" {
  user = "eve"
}

ephemeral "powerscale_s3_key_secret" "eve" {
  secret_name = powerscale_s3_key.eve.secret_name
  # Unknown while the key is minted or rotated: Terraform opens this read after the key is applied.
  secret_key_timestamp = powerscale_s3_key.eve.secret_key_timestamp
  # (No postcondition here: terraform 1.11.4 crashes in "show -json" of a plan with a check on an
  # ephemeral resource, "unsupported resource mode 69". The unit tests check the values.)
}

# The same secret read by user, without waiting for the key: opened while planning.
variable "read_by_user" {
  type    = bool
  default = false
}

ephemeral "powerscale_s3_key_secret" "by_user" {
  count = var.read_by_user ? 1 : 0
  user  = "eve"
}

output "zone_path" {
  value = data.powerscale_accesszone.tenant.zones[0].path
}

output "system_zone_providers" {
  value = data.powerscale_accesszone.tenant.zones[0].auth_providers
}
`,
  );
}, 120_000);

afterAll(async () => {
  ws?.cleanup();
  await sim?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('framework kinds with real terraform', () => {
  it('shows a nested attribute at depth 2, the data source and the ephemeral resource in providers schema -json', async () => {
    const run = await terraform(['providers', 'schema', '-json']);
    expect(run.code, run.stderr).toBe(0);
    const schemas = (JSON.parse(run.stdout) as { provider_schemas: Record<string, Record<string, Record<string, { block: { attributes: Record<string, Record<string, unknown>> } }>>> }).provider_schemas;
    const ours = Object.entries(schemas).find(([address]) => address.endsWith('dapcli/powerscale'))?.[1];
    const zones = ours?.data_source_schemas?.powerscale_accesszone?.block.attributes.zones as { nested_type: { nesting_mode: string; attributes: Record<string, { nested_type?: { nesting_mode: string; attributes: Record<string, unknown> } }> } };
    expect(zones.nested_type.nesting_mode).toBe('list');
    expect(zones.nested_type.attributes.ifs_restricted?.nested_type?.nesting_mode).toBe('list');
    expect(Object.keys(zones.nested_type.attributes.ifs_restricted?.nested_type?.attributes ?? {})).toEqual(['id', 'name', 'type']);
    expect(ours?.ephemeral_resource_schemas?.powerscale_secret?.block.attributes.value).toMatchObject({ computed: true, sensitive: true });
    expect(Object.keys(ours?.resource_schemas ?? {}).sort()).toEqual(['powerscale_accesszone', 'powerscale_cluster', 'powerscale_quota', 'powerscale_s3_bucket', 'powerscale_s3_global_settings', 'powerscale_s3_key', 'powerscale_s3_zone_settings', 'powerscale_user', 'powerscale_user_group']);
    expect(ours?.resource_schemas?.powerscale_user?.block.attributes.password_wo).toMatchObject({ optional: true, sensitive: true, write_only: true });
    expect(ours?.ephemeral_resource_schemas?.powerscale_s3_key_secret?.block.attributes.secret_key).toMatchObject({ computed: true, sensitive: true });
    expect(Object.keys(ours?.ephemeral_resource_schemas ?? {}).sort()).toEqual(['powerscale_s3_key_secret', 'powerscale_secret']);
  });

  it('plans and applies: the data source reads through a provider configured from the ephemeral secret', async () => {
    // TF_LOG=trace to files: the sweep below reads them too.
    const plan = await terraform(['plan', '-input=false', '-no-color', '-out=tfplan'], { logLevel: 'TRACE', logPath: 'plan-trace.log' });
    expect(plan.code, plan.stderr).toBe(0);
    const showPlan = await terraform(['show', '-json', 'tfplan']);
    expect(showPlan.code, showPlan.stderr + showPlan.stdout.slice(0, 3000)).toBe(0);
    const apply = await terraform(['apply', '-input=false', '-no-color', 'tfplan'], { logLevel: 'TRACE', logPath: 'apply-trace.log' });
    expect(apply.code, apply.stderr).toBe(0);
    const outputs = JSON.parse((await terraform(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    expect(outputs.zone_path?.value).toBe('/ifs/tenant1');
    expect(outputs.system_zone_providers?.value).toEqual(['lsa-local-provider:tenant1']);
    const state = readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8');
    expect(state).toContain('/ifs/tenant1'); // positive control: the state was read
    expect(state).not.toContain('powerscale_secret'); // ephemeral resources are never stored
    // The S3 secret the ephemeral read returned: in the store (positive control), nowhere else.
    const s3Secret = storedS3Secret();
    expect(s3Secret.length).toBeGreaterThan(10);
    expect(sim.simulator.onefs.model.s3Keys.authenticate(`1_eve_accid`, s3Secret, sim.simulator.onefs.model.nowSeconds())).toBe(true);
    const traces = ['plan-trace.log', 'apply-trace.log'].map((f) => readFileSync(join(ws.dir, f), 'utf8'));
    expect(traces.join('\n')).toContain('OpenEphemeralResource'); // positive control: the trace saw the ephemeral reads
    for (const text of [state, showPlan.stdout, readFileSync(join(ws.dir, 'tfplan')).toString('latin1'), ...traces, ...transcript]) {
      for (const secret of [CANARY, s3Secret]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
        expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      }
    }
  });

  it('refuses to hand out a key rotated outside Terraform, and reads it again once the key is applied', async () => {
    const model = sim.simulator.onefs.model;
    sim.simulator.onefs.clock.advance(5_000);
    model.createKey('System', 'eve', { force: true, existingKeyExpiryMinutes: 0 });
    const stale = await terraform(['plan', '-input=false', '-no-color', '-var', 'read_by_user=true']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Stale S3 Key Secret');
    expect(stale.stderr).toContain('rotated after the secret was stored');
    // The read that waits for the key is opened after the key's rotation is applied: it succeeds.
    const apply = await terraform(['apply', '-input=false', '-no-color', '-auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(model.s3Keys.authenticate('1_eve_accid', storedS3Secret(), model.nowSeconds())).toBe(true);
    const again = await terraform(['plan', '-input=false', '-no-color', '-detailed-exitcode', '-var', 'read_by_user=true']);
    expect(again.code, again.stderr).toBe(0);
    const s3Secret = storedS3Secret();
    for (const text of [readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8'), ...transcript]) expect(text).not.toContain(s3Secret);
  });
});

describe('powerscale_user passwords with real terraform: minted into the store, or given write-only', () => {
  // The given password: it reaches the provider from a variable file and must appear nowhere else.
  const GIVEN = `wo"c4n4ry\\pw-ünï-✓-user-5521`;
  let uws: TerraformWorkspace;
  let storePath: string;
  const outputs: string[] = [];
  const seen = new Set<string>([GIVEN]);

  async function tf(args: string[], options: TerraformRunOptions = {}): Promise<TerraformResult> {
    const run = await runTerraform(uws, args, options);
    outputs.push(run.stdout, run.stderr);
    return run;
  }

  async function storedPassword(name: string): Promise<string | undefined> {
    const store = await createSecretStore({ type: 'file', path: storePath });
    try {
      const value = await store.get(name);
      if (value === undefined) return undefined;
      const password = (JSON.parse(value) as { zone: string; username: string; password: string }).password;
      seen.add(password);
      return password;
    } finally {
      await store.close();
    }
  }

  async function authenticates(zone: string, name: string, password: string): Promise<boolean> {
    const res = await fetch(`${sim.info.control}/users/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ zone, name, password }) });
    return ((await res.json()) as { authenticated: boolean }).authenticated;
  }

  function writeConfig(trigger: string): void {
    writeMainTf(
      uws,
      `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${JSON.stringify(sim.info.onefs.endpoint)}
  username      = "admin"
  password_file = ${JSON.stringify(sim.info.onefs.passwordFile)}
  ca_cert_file  = ${JSON.stringify(sim.info.onefs.caCertFile)}
  secret_store {
    type = "file"
    path = ${JSON.stringify(storePath)}
  }
}

variable "app_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "powerscale_user" "minted" {
  name              = "e2e-minted"
  zone              = "tenant1"
  gecos             = "Minted Password"
  password_triggers = { rotation = ${JSON.stringify(trigger)} }
}

resource "powerscale_user" "given" {
  name                = "e2e-given"
  password_wo         = var.app_password
  password_wo_version = 1
}
`,
    );
  }

  beforeAll(() => {
    uws = createTerraformWorkspace();
    storePath = join(root, 'user-store', 'secrets.json');
    mkdirSync(join(root, 'user-store'), { mode: 0o700 });
    writeMainTf(uws, `app_password = ${JSON.stringify(GIVEN)}\n`, 'terraform.tfvars');
  });

  afterAll(() => uws?.cleanup());

  it('applies both users; the stored and the given password authenticate; neither is in state, plan JSON, trace log or stderr', async () => {
    writeConfig('1');
    const plan = await tf(['plan', '-input=false', '-out=tfplan'], { logLevel: 'TRACE', logPath: 'trace.log' });
    expect(plan.code, plan.stderr).toBe(0);
    const apply = await tf(['apply', '-input=false', 'tfplan'], { logLevel: 'TRACE', logPath: 'trace-apply.log' });
    expect(apply.code, apply.stderr).toBe(0);
    const showPlan = await tf(['show', '-json', 'tfplan']);
    const minted = await storedPassword('powerscale-user-tenant1-e2e-minted');
    expect(minted).toMatch(/^\S{32}$/);
    expect(await authenticates('tenant1', 'e2e-minted', minted ?? '')).toBe(true);
    expect(await authenticates('System', 'e2e-given', GIVEN)).toBe(true);
    expect(await authenticates('System', 'e2e-given', 'wrong')).toBe(false); // the check can fail
    const state = readFileSync(join(uws.dir, 'terraform.tfstate'), 'utf8');
    const trace = readFileSync(join(uws.dir, 'trace.log'), 'utf8') + readFileSync(join(uws.dir, 'trace-apply.log'), 'utf8');
    // Positive controls: the artifacts are the real ones (they hold the secret's name, the user, the write-only attribute).
    expect(state).toContain('powerscale-user-tenant1-e2e-minted');
    expect(showPlan.stdout).toContain('e2e-given');
    expect(trace).toContain('powerscale_user.given');
    expect(trace).toContain('provider.terraform-provider-powerscale'); // the provider's own log lines are in it
    expect(readFileSync(storePath, 'utf8')).toContain(JSON.stringify(minted).slice(1, -1));
    for (const text of [state, showPlan.stdout, readFileSync(join(uws.dir, 'tfplan')).toString('latin1'), trace, ...outputs]) {
      for (const secret of seen) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
      }
    }
    expect((await tf(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);
  });

  it('rotates the minted password when the trigger changes, and mints again when the stored secret is deleted', async () => {
    const before = await storedPassword('powerscale-user-tenant1-e2e-minted');
    writeConfig('2');
    const rotate = await tf(['apply', '-input=false', '-auto-approve']);
    expect(rotate.code, rotate.stderr).toBe(0);
    const rotated = await storedPassword('powerscale-user-tenant1-e2e-minted');
    expect(rotated).not.toBe(before);
    expect(await authenticates('tenant1', 'e2e-minted', rotated ?? '')).toBe(true);
    expect(await authenticates('tenant1', 'e2e-minted', before ?? '')).toBe(false);

    const store = await createSecretStore({ type: 'file', path: storePath });
    await store.delete('powerscale-user-tenant1-e2e-minted');
    await store.close();
    expect((await tf(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(2);
    const repair = await tf(['apply', '-input=false', '-auto-approve']);
    expect(repair.code, repair.stderr).toBe(0);
    const repaired = await storedPassword('powerscale-user-tenant1-e2e-minted');
    expect(await authenticates('tenant1', 'e2e-minted', repaired ?? '')).toBe(true);
    expect((await tf(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);
    expect(await authenticates('System', 'e2e-given', GIVEN)).toBe(true); // untouched by the other user's changes

    const destroy = await tf(['destroy', '-input=false', '-auto-approve']);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(await storedPassword('powerscale-user-tenant1-e2e-minted')).toBeUndefined();
    expect(sim.simulator.onefs.model.findUser('System', 'e2e-given')).toBeUndefined();
    const state = readFileSync(join(uws.dir, 'terraform.tfstate'), 'utf8');
    for (const text of [state, ...outputs]) for (const secret of seen) expect(text).not.toContain(secret);
  });
});
