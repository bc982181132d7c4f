/**
 * The bindings against the provider's real schema, without terraform: every attribute the
 * constructs can write is an argument of the schema, and every required argument is written. The
 * end-to-end tests run `terraform validate` on the same JSON; this catches a drift in a second.
 */
import { TerraformVariable } from 'cdktf';
import { describe, expect, it } from 'vitest';
import type { SchemaBlock } from '../src/provider/framework/contract';
import { createProviderServer } from '../src/provider/server';
import { PowerScaleCluster } from './powerscale-cluster';
import { S3Key } from './s3-key';
import { SecretStore } from './secret-store';
import { onlyResource, synth } from './test-helpers';

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
  new S3Key(scope, 'K', { cluster: a, user: 'alice', zone: 'z', secretName: 's', rotationTriggers: { r: '1' }, existingKeyExpiryMinutes: 5, adoptionExpiryMinutes: 30 });
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

  it.each(['powerscale_cluster', 'powerscale_s3_key'])('write only %s arguments the schema has, and its required ones', (type) => {
    const resourceSchema = schema.resourceSchemas[type];
    expect(resourceSchema).toBeDefined();
    const { all, required } = argumentsOf(resourceSchema?.block ?? { attributes: [], blockTypes: [], description: '' });
    const resources = Object.values(json.resource?.[type] ?? {});
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) {
      expect(written(r).filter((k) => !all.has(k))).toEqual([]);
      expect(required.filter((k) => !(k in r))).toEqual([]);
    }
    if (type === 'powerscale_s3_key') expect(written(onlyResource(json, type)).sort()).toEqual([...all].sort());
  });
});
