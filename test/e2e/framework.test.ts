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
import { createTerraformWorkspace, REQUIRED_PROVIDERS, runTerraform, writeMainTf, type TerraformResult, type TerraformWorkspace } from '../helpers/terraform';

// The admin password: the simulator accepts it, the store holds it, and it must never be written out.
const CANARY = `fw"c4n4ry\\pw-ünï-✓-e2e-91b2`;

let root: string;
let sim: RunningSimulator;
let ws: TerraformWorkspace;
const transcript: string[] = [];

async function terraform(args: string[]): Promise<TerraformResult> {
  const run = await runTerraform(ws, args);
  transcript.push(run.stdout, run.stderr);
  return run;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'framework-e2e-'));
  sim = await startSimulatorServers({ dir: join(root, 'sim'), onefs: { password: CANARY, clusterName: 'fw-e2e' } });
  sim.simulator.onefs.model.addZone('tenant1');
  const storePath = join(root, 'store', 'secrets.json');
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
    expect(Object.keys(ours?.resource_schemas ?? {})).toEqual(['powerscale_accesszone', 'powerscale_cluster', 'powerscale_s3_key', 'powerscale_user_group']);
  });

  it('plans and applies: the data source reads through a provider configured from the ephemeral secret', async () => {
    const plan = await terraform(['plan', '-input=false', '-no-color', '-out=tfplan']);
    expect(plan.code, plan.stderr).toBe(0);
    const apply = await terraform(['apply', '-input=false', '-no-color', 'tfplan']);
    expect(apply.code, apply.stderr).toBe(0);
    const outputs = JSON.parse((await terraform(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    expect(outputs.zone_path?.value).toBe('/ifs/tenant1');
    expect(outputs.system_zone_providers?.value).toEqual(['lsa-local-provider:tenant1']);
    const showPlan = await terraform(['show', '-json', 'tfplan']);
    expect(showPlan.code).toBe(0);
    const state = readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8');
    expect(state).toContain('/ifs/tenant1'); // positive control: the state was read
    expect(state).not.toContain('powerscale_secret'); // ephemeral resources are never stored
    for (const text of [state, showPlan.stdout, readFileSync(join(ws.dir, 'tfplan')).toString('latin1'), ...transcript]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(JSON.stringify(CANARY).slice(1, -1));
    }
  });
});
