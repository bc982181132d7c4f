/**
 * The bindings against the provider's real schema, without terraform: every attribute the
 * constructs can write is an argument of the schema, and every required argument is written. The
 * end-to-end tests run `terraform validate` on the same JSON; this catches a drift in a second.
 */
import { TerraformDataSource, TerraformResource, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { CtyType, SchemaAttribute, SchemaBlock } from '../src/provider/framework/contract';
import * as bindings from './bindings';
import { createProviderServer } from '../src/provider/server';
import { AccessZone } from './access-zone';
import { PowerScaleCluster } from './powerscale-cluster';
import { LocalUser } from './local-user';
import { S3Key } from './s3-key';
import { S3Tenant } from './s3-tenant';
import { SecretStore } from './secret-store';
import { onlyResource, synth } from './test-helpers';
import { UserGroup } from './user-group';

const schema = createProviderServer().getProviderSchema();
const META = new Set(['//', 'provider', 'depends_on', 'count', 'for_each', 'lifecycle', 'alias']);

function argumentsOf(block: SchemaBlock): { all: Set<string>; required: string[] } {
  const args = block.attributes.filter((a) => a.required || a.optional);
  return { all: new Set([...args.map((a) => a.name), ...block.blockTypes.map((b) => b.typeName)]), required: args.filter((a) => a.required).map((a) => a.name) };
}

function written(obj: Record<string, unknown>): string[] {
  return Object.keys(obj).filter((k) => !META.has(k));
}

// Every optional prop set, so that every attribute the constructs can write appears.
const json = synth((scope) => {
  const pw = new TerraformVariable(scope, 'pw', { type: 'string', sensitive: true });
  const a = new PowerScaleCluster(scope, 'A', { endpoint: 'https://a.example.com', username: 'u', passwordFile: '/pw', caCertFile: '/ca', timeoutSeconds: 5, expectedGuid: 'g', secretStore: SecretStore.file({ path: '/s.json' }) });
  new PowerScaleCluster(scope, 'B', { endpoint: 'https://b.example.com', username: 'u', password: pw.stringValue, insecure: true, alias: 'b', secretStore: SecretStore.dap({ url: 'https://dap', tenant: 't', credentialsFile: '/c', caCertFile: '/ca' }) });
  new PowerScaleCluster(scope, 'C', { endpoint: 'https://c.example.com', username: 'u', passwordSecret: 'onefs', alias: 'c', secretStore: SecretStore.dap({ url: 'https://dap', credentialsFile: '/c', insecure: true }) });
  new S3Key(scope, 'K', { cluster: a, user: 'alice', zone: 'z', secretName: 's', rotationTriggers: { r: '1' }, existingKeyExpiryMinutes: 5, adoptionExpiryMinutes: 30, onExistingKey: 'take_over' });
  const user = { cluster: a, name: 'bob', zone: 'z', passwordSecretName: 'bob-pw', passwordTriggers: { r: '1' }, uid: 3000, primaryGroup: 'g', email: 'b@example.com', enabled: true };
  new LocalUser(scope, 'U', { ...user, homeDirectory: '/ifs/z/home/bob', shell: '/bin/sh', gecos: 'Bob', passwordExpires: false, promptPasswordChange: true, expiryEpochSeconds: 2000000000 });
  const zone = new AccessZone(scope, 'Z', { cluster: a, name: 'z', path: '/ifs/z', createPath: true, groupnet: 'groupnet0', authProviders: ['lsa-file-provider:System'] });
  new UserGroup(scope, 'G', { cluster: a, name: 'g', zone, gid: 5000, users: ['alice'] });
});

describe('the constructs against the provider schema', () => {
  it('write only provider arguments the schema has, and its required ones', () => {
    const { all, required } = argumentsOf(schema.provider.block);
    const blocks = json.provider?.powerscale ?? [];
    expect(blocks).toHaveLength(3);
    for (const block of blocks) {
      expect(written(block).filter((k) => !all.has(k))).toEqual([]);
      expect(required.filter((k) => !(k in block))).toEqual([]);
    }
  });

  it('write only secret_store attributes the schema has', () => {
    const store = schema.provider.block.blockTypes.find((b) => b.typeName === 'secret_store');
    expect(store).toBeDefined();
    const { all } = argumentsOf(store?.block ?? { attributes: [], blockTypes: [], description: '' });
    for (const block of json.provider?.powerscale ?? []) {
      expect(written(block.secret_store as Record<string, unknown>).filter((k) => !all.has(k))).toEqual([]);
    }
  });

  it.each(['powerscale_cluster', 'powerscale_s3_key', 'powerscale_user', 'powerscale_accesszone', 'powerscale_user_group'])('%s from its L2 construct writes only arguments the schema has, and its required ones', (type) => {
    const resourceSchema = schema.resourceSchemas[type];
    expect(resourceSchema).toBeDefined();
    const { all, required } = argumentsOf(resourceSchema?.block ?? EMPTY);
    const resources = Object.values(json.resource?.[type] ?? {});
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) {
      expect(written(r).filter((k) => !all.has(k))).toEqual([]);
      expect(required.filter((k) => !(k in r))).toEqual([]);
    }
    // Every argument, but for the user the write-only password (LocalUser has no password prop, by design).
    if (type === 'powerscale_user') expect(written(onlyResource(json, type)).sort()).toEqual([...all].filter((k) => !k.startsWith('password_wo')).sort());
    else if (type !== 'powerscale_cluster') expect(written(onlyResource(json, type)).sort()).toEqual([...all].sort());
  });
});

describe('S3Tenant against the provider schema', () => {
  const tenant = synth((scope) => {
    const cluster = new PowerScaleCluster(scope, 'A', { endpoint: 'https://a.example.com', username: 'u', passwordFile: '/pw' });
    const acl = [{ grantee: { name: 'Everyone', type: 'wellknown' as const }, permission: 'READ' as const }];
    new S3Tenant(scope, 'T', { cluster, user: 'tenant', buckets: [{ name: 'tenant-data', description: 'd', objectAclPolicy: 'deny', acl }], quota: { hardBytes: 100, advisoryPercent: 50, includeSnapshots: true } });
  });

  it.each(['powerscale_s3_bucket', 'powerscale_quota', 'powerscale_user', 'powerscale_s3_key'])('%s from S3Tenant writes only arguments the schema has, and its required ones', (type) => {
    const { all, required } = argumentsOf(schema.resourceSchemas[type]?.block ?? EMPTY);
    const resource = onlyResource(tenant, type);
    expect(written(resource).filter((k) => !all.has(k))).toEqual([]);
    expect(required.filter((k) => !(k in resource))).toEqual([]);
  });

  it('writes every bucket argument, and thresholds only the schema has', () => {
    const bucketArgs = argumentsOf(schema.resourceSchemas.powerscale_s3_bucket?.block ?? EMPTY).all;
    expect(written(onlyResource(tenant, 'powerscale_s3_bucket')).sort()).toEqual([...bucketArgs].sort());
    const thresholds = schema.resourceSchemas.powerscale_quota?.block.attributes.find((a) => a.name === 'thresholds');
    const known = new Set(thresholds?.nestedType?.attributes.map((a) => a.name));
    expect(Object.keys(onlyResource(tenant, 'powerscale_quota').thresholds as object).filter((k) => !known.has(k))).toEqual([]);
  });
});

const EMPTY: SchemaBlock = { attributes: [], blockTypes: [], description: '' };

/** A value of the attribute's type, so that a binding given every argument writes every one. */
function sample(t: CtyType): unknown {
  if (t === 'string' || t === 'dynamic') return 'x';
  if (t === 'number') return 1;
  if (t === 'bool') return true;
  const [kind, inner] = t;
  if (kind === 'list' || kind === 'set') return [sample(inner)];
  if (kind === 'map') return { k: sample(inner) };
  if (kind === 'object') return Object.fromEntries(Object.entries(inner).map(([name, member]) => [name, sample(member)]));
  throw new Error(`no sample for ${JSON.stringify(t)}`);
}

/** A value of an argument: a nested attribute gets one object of its arguments (Terraform's spelling), wrapped as its nesting wants. */
function sampleOf(a: SchemaAttribute): unknown {
  if (!a.nestedType) return sample(a.type);
  const object = Object.fromEntries(a.nestedType.attributes.filter((m) => m.required || m.optional).map((m) => [m.name, sampleOf(m)]));
  return a.nestedType.nesting === 'single' ? object : a.nestedType.nesting === 'map' ? { k: object } : [object];
}

type BindingClass = (new (scope: Construct, id: string, config: Record<string, unknown>) => TerraformResource | TerraformDataSource) & { tfResourceType: string };

/** The exported binding classes of one kind, by Terraform type. */
function bindingsOf(base: typeof TerraformResource | typeof TerraformDataSource): Map<string, BindingClass> {
  const found = new Map<string, BindingClass>();
  for (const value of Object.values(bindings) as unknown[]) {
    if (typeof value === 'function' && value.prototype instanceof base) {
      const cls = value as BindingClass;
      found.set(cls.tfResourceType, cls);
    }
  }
  return found;
}

const camel = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe.each([
  { kind: 'resource' as const, schemas: schema.resourceSchemas, classes: bindingsOf(TerraformResource) },
  { kind: 'data' as const, schemas: schema.dataSourceSchemas, classes: bindingsOf(TerraformDataSource) },
])('every registered $kind', ({ kind, schemas, classes }) => {
  it('has exactly one binding, and no binding lacks a schema', () => {
    expect([...classes.keys()].sort()).toEqual(Object.keys(schemas).sort());
  });

  it.each(Object.keys(schemas).sort())('%s: its binding given every argument writes exactly the schema arguments', (type) => {
    const block = schemas[type]?.block ?? EMPTY;
    const Binding = classes.get(type);
    expect(Binding).toBeDefined();
    if (!Binding) return;
    const config = Object.fromEntries(block.attributes.filter((a) => a.required || a.optional).map((a) => [camel(a.name), sampleOf(a)]));
    const out = synth((scope) => {
      new Binding(scope, 'All', config);
    });
    const element = Object.values(out[kind]?.[type] ?? {})[0] ?? {};
    expect(written(element).sort()).toEqual([...argumentsOf(block).all].sort());
    // A nested attribute's value reaches the JSON as given, in Terraform's spelling.
    for (const a of block.attributes.filter((x) => x.nestedType && (x.required || x.optional))) expect((element as Record<string, unknown>)[a.name], a.name).toEqual(sampleOf(a));
  });
});
