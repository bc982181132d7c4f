/**
 * The "50-tenant mix" row of issue 20: every tenant gets one of each tenant-facing resource type
 * (user, S3 key, bucket, quota). Which types take part is read from the provider itself at run
 * time (`terraform providers schema -json`), so a type joins the mix as soon as the provider
 * registers it and its block is in {@link MIX_BLOCKS}: adding a type is one entry there.
 */
import type { SimulatorInfo } from '../src/simulator';
import { REQUIRED_PROVIDERS } from '../test/helpers/terraform';
import { createTerraformWorkspace, providerBlock, timedTerraform, writeMainTf } from './terraform-runs';

/** What the block of one type sees: the tenant's name and the other types present in the mix. */
export interface MixContext {
  readonly tenant: string;
  readonly types: ReadonlySet<string>;
}

/**
 * One block per resource type and tenant, in dependency order (a later type may refer to an
 * earlier one, when present). `powerscale_s3_bucket` and `powerscale_quota` follow the examples of
 * branches `bucket` and `quota`; they take part once the provider registers them.
 */
export const MIX_BLOCKS: ReadonlyArray<readonly [type: string, block: (c: MixContext) => string]> = [
  ['powerscale_user', ({ tenant }) => `resource "powerscale_user" "${tenant}" {\n  name = "${tenant}"\n  zone = "System"\n}\n`],
  [
    'powerscale_s3_key',
    ({ tenant, types }) => `resource "powerscale_s3_key" "${tenant}" {\n  user = ${types.has('powerscale_user') ? `powerscale_user.${tenant}.name` : `"${tenant}"`}\n}\n`,
  ],
  [
    'powerscale_s3_bucket',
    ({ tenant, types }) =>
      `resource "powerscale_s3_bucket" "${tenant}" {\n  name        = "${tenant}"\n  zone        = "System"\n  path        = "/ifs/tenants/${tenant}/data"\n  create_path = true\n${types.has('powerscale_user') ? `  owner       = powerscale_user.${tenant}.name\n` : ''}}\n`,
  ],
  [
    'powerscale_quota',
    ({ tenant, types }) =>
      `resource "powerscale_quota" "${tenant}" {\n  path = ${types.has('powerscale_s3_bucket') ? `powerscale_s3_bucket.${tenant}.path` : `"/ifs/tenants/${tenant}"`}\n  type = "directory"\n  thresholds = {\n    hard = 536870912000\n  }\n}\n`,
  ],
];

/** Tenant names: `mix000`, `mix001`, ... (valid user and bucket names). */
export function tenantNames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
}

/** The mix's configuration for `tenants` over the `types` (only those in {@link MIX_BLOCKS} count). */
export function mixConfig(info: SimulatorInfo, types: ReadonlySet<string>, tenants: readonly string[]): string {
  const blocks = MIX_BLOCKS.filter(([type]) => types.has(type));
  return `${REQUIRED_PROVIDERS}\n${providerBlock(info)}\n${tenants.map((tenant) => blocks.map(([, block]) => block({ tenant, types })).join('')).join('\n')}`;
}

/** The resource types the provider registers, as Terraform sees them (its schema, over the protocol). */
export async function registeredResourceTypes(info: SimulatorInfo): Promise<Set<string>> {
  const ws = createTerraformWorkspace();
  try {
    writeMainTf(ws, `${REQUIRED_PROVIDERS}\n${providerBlock(info)}`);
    const run = await timedTerraform(ws, ['providers', 'schema', '-json']);
    const schema = JSON.parse(run.result.stdout) as { provider_schemas?: Record<string, { resource_schemas?: Record<string, unknown> }> };
    const types = Object.values(schema.provider_schemas ?? {}).flatMap((p) => Object.keys(p.resource_schemas ?? {}));
    return new Set(types);
  } finally {
    ws.cleanup();
  }
}

/** The types of the mix, in {@link MIX_BLOCKS} order, split into those the provider has and those it lacks. */
export function mixTypes(registered: ReadonlySet<string>): { present: string[]; missing: string[] } {
  const all = MIX_BLOCKS.map(([type]) => type);
  return { present: all.filter((t) => registered.has(t)), missing: all.filter((t) => !registered.has(t)) };
}
