/**
 * The hand-written protobuf codec (./messages) checked by an independent implementation: every
 * request is encoded and every response decoded with protobufjs reflection over this project's own
 * descriptor (./testing/tfplugin6-descriptor), through the real RPC handlers. When the upstream
 * tfplugin6.8.proto is available beside the repository, the descriptor is also compared with it
 * field by field (CI on a clean clone runs the first part only).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import type { CtyType, TfObject } from '../framework/contract';
import { UNKNOWN } from '../framework/contract';
import { defineDataSource } from '../framework/data-source';
import { defineEphemeralResource } from '../framework/ephemeral';
import { createSilentLog } from '../framework/logger';
import { useStateForUnknown, requiresReplace } from '../framework/plan-modifiers';
import { defineProvider } from '../framework/provider';
import { defineResource } from '../framework/resource';
import { createFrameworkServer } from '../framework/server';
import { oneOf } from '../framework/validators';
import { createLogger } from '../log';
import { impliedType } from './cty-types';
import { decodeMsgpack, encodeMsgpack } from './msgpack';
import { createProviderHandlers, METHOD } from './provider-service';
import { describedMessages, tfplugin6Descriptor } from './testing/tfplugin6-descriptor';

const root = protobuf.Root.fromJSON(tfplugin6Descriptor);
const type = (name: string) => root.lookupType(name);
const asObject = (name: string, buf: Uint8Array) => type(name).toObject(type(name).decode(buf), { longs: Number, bytes: Buffer, defaults: false, arrays: true }) as Record<string, unknown>;

interface Thing {
  id: string | null;
  name: string | null;
  acl: { permission: string | null; grantee: { name: string | null } | null }[] | null;
}

const thing = defineResource<Thing, object>({
  typeName: 'test_thing',
  schema: {
    description: 't',
    attributes: {
      id: { type: 'string', computed: true, description: 'id', planModifiers: [useStateForUnknown()] },
      name: { type: 'string', required: true, description: 'n', planModifiers: [requiresReplace()] },
      acl: {
        optional: true,
        description: 'a',
        nested: { nesting: 'list', attributes: { permission: { type: 'string', required: true, description: 'p', validators: [oneOf('READ')] }, grantee: { optional: true, description: 'g', nested: { nesting: 'single', attributes: { name: { type: 'string', required: true, description: 'n' } } } } } },
      },
    },
  },
  create: async ({ plan }) => ({ ...plan, id: `id-${plan.name}` }),
  read: async ({ state }) => state,
  delete: async () => {},
  importState: ({ id }) => ({ id, name: id }),
});

const zone = defineDataSource<{ name: string | null; zoneId: number | null }, object>({
  typeName: 'test_zone',
  schema: { description: 'z', attributes: { name: { type: 'string', required: true, description: 'n' }, zoneId: { type: 'number', computed: true, description: 'i' } } },
  read: async ({ config }) => ({ ...config, zoneId: 7 }),
});

const secret = defineEphemeralResource<{ name: string | null; value: string | null }, object>({
  typeName: 'test_secret',
  schema: { description: 's', attributes: { name: { type: 'string', required: true, description: 'n' }, value: { type: 'string', computed: true, sensitive: true, description: 'v' } } },
  open: async ({ config }) => ({ result: { ...config, value: 'v' }, private: { lease: 1 }, renewAt: new Date(Date.UTC(2030, 0, 1, 0, 0, 1, 500)) }),
  renew: async () => ({ private: { lease: 2 } }),
  close: async () => {},
});

const provider = defineProvider<{ endpoint: string | null }, object>({
  schema: { description: 'p', attributes: { endpoint: { type: 'string', optional: true, description: 'e', validators: [oneOf('https://a')] } } },
  configure: () => ({ clients: {}, close: async () => {} }),
});

const server = createFrameworkServer({ provider, resources: [thing], dataSources: [zone], ephemeralResources: [secret], log: createSilentLog() });
const handlers = createProviderHandlers({ server, log: createLogger({ level: 'off' }), onShutdown: () => {} });
const schema = server.getProviderSchema();
const thingType = impliedType(schema.resourceSchemas.test_thing?.block ?? { attributes: [], blockTypes: [], description: '' });
const zoneType = impliedType(schema.dataSourceSchemas.test_zone?.block ?? { attributes: [], blockTypes: [], description: '' });
const secretType = impliedType(schema.ephemeralResourceSchemas?.test_secret?.block ?? { attributes: [], blockTypes: [], description: '' });
const providerType: CtyType = ['object', { endpoint: 'string' }];

/** Encodes `request` with protobufjs, runs the handler, decodes the answer with protobufjs. */
async function rpc(method: string, message: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const T = type(`${message}.Request`);
  const bytes = Buffer.from(T.encode(T.fromObject(request)).finish());
  const handler = handlers.get(method);
  if (!handler) throw new Error(`no handler for ${method}`);
  return asObject(`${message}.Response`, await handler(bytes, new AbortController().signal));
}

const dv = (value: TfObject | null, t: CtyType) => ({ msgpack: Buffer.from(encodeMsgpack(value, t)) });
const value = (d: unknown, t: CtyType) => decodeMsgpack((d as { msgpack: Buffer }).msgpack, t);
const caps = { deferral_allowed: false, write_only_attributes_allowed: true };
const config: TfObject = { id: null, name: 'a', acl: [{ permission: 'READ', grantee: { name: 'ann' } }] };

describe('protobuf cross-check with protobufjs over an independent descriptor', () => {
  it('GetMetadata lists resources, data sources and ephemeral resources', async () => {
    const res = await rpc(METHOD.getMetadata, 'tfplugin6.GetMetadata', {});
    expect(res).toMatchObject({ resources: [{ type_name: 'test_thing' }], data_sources: [{ type_name: 'test_zone' }], ephemeral_resources: [{ type_name: 'test_secret' }], server_capabilities: { get_provider_schema_optional: true } });
  });

  it('GetProviderSchema sends nested attributes as nested_type at depth 2, and every schema map', async () => {
    const res = await rpc(METHOD.getProviderSchema, 'tfplugin6.GetProviderSchema', {});
    const acl = (res.resource_schemas as Record<string, { block: { attributes: Record<string, unknown>[] } }>).test_thing?.block.attributes.find((a) => a.name === 'acl');
    expect(acl).toMatchObject({ optional: true, nested_type: { nesting: 2, attributes: [{ name: 'permission', required: true }, { name: 'grantee', nested_type: { nesting: 1, attributes: [{ name: 'name' }] } }] } });
    expect(acl?.type).toBeUndefined();
    expect(Object.keys(res.data_source_schemas as object)).toEqual(['test_zone']);
    expect(Object.keys(res.ephemeral_resource_schemas as object)).toEqual(['test_secret']);
    expect((res.provider as { block: { attributes: { name: string; type: Buffer }[] } }).block.attributes[0]).toMatchObject({ name: 'endpoint', type: Buffer.from('"string"') });
  });

  it('ValidateProviderConfig and ConfigureProvider answer diagnostics with attribute paths', async () => {
    const bad = await rpc(METHOD.validateProviderConfig, 'tfplugin6.ValidateProviderConfig', { config: dv({ endpoint: 'http://b' }, providerType) });
    expect(bad.diagnostics).toMatchObject([{ severity: 1, summary: 'Invalid Attribute Value', attribute: { steps: [{ attribute_name: 'endpoint' }] } }]);
    const ok = await rpc(METHOD.configureProvider, 'tfplugin6.ConfigureProvider', { terraform_version: '1.11.4', config: dv({ endpoint: null }, providerType), client_capabilities: caps });
    expect(ok.diagnostics).toEqual([]);
  });

  it('Validate{Resource,DataResource,EphemeralResource}Config decode configs and point into nested values', async () => {
    const res = await rpc(METHOD.validateResourceConfig, 'tfplugin6.ValidateResourceConfig', {
      type_name: 'test_thing',
      config: dv({ ...config, acl: [{ permission: 'WRITE', grantee: null }] }, thingType),
      client_capabilities: caps,
    });
    expect(res.diagnostics).toMatchObject([{ attribute: { steps: [{ attribute_name: 'acl' }, { element_key_int: 0 }, { attribute_name: 'permission' }] } }]);
    expect((await rpc(METHOD.validateDataResourceConfig, 'tfplugin6.ValidateDataResourceConfig', { type_name: 'test_zone', config: dv({ name: 'z', zone_id: null }, zoneType) })).diagnostics).toEqual([]);
    const eph = await rpc(METHOD.validateEphemeralResourceConfig, 'tfplugin6.ValidateEphemeralResourceConfig', { type_name: 'test_secret', config: dv({ name: 's', value: 'set' }, secretType) });
    expect(eph.diagnostics).toMatchObject([{ summary: 'Invalid Configuration for Read-Only Attribute' }]);
  });

  it('serves more calls at once than Node warns about for one signal, without a MaxListenersExceededWarning (Terraform runs 10 at once, more with -parallelism)', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const prior: TfObject = { ...config, id: 'id-a' };
      const reads = await Promise.all(Array.from({ length: 25 }, () => rpc(METHOD.readResource, 'tfplugin6.ReadResource', { type_name: 'test_thing', current_state: dv(prior, thingType), client_capabilities: caps })));
      expect(reads.map((r) => value(r.new_state, thingType))).toEqual(Array.from({ length: 25 }, () => prior));
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('UpgradeResourceState, PlanResourceChange, ApplyResourceChange, ReadResource and ImportResourceState round-trip', async () => {
    const upgraded = await rpc(METHOD.upgradeResourceState, 'tfplugin6.UpgradeResourceState', { type_name: 'test_thing', version: 0, raw_state: { json: Buffer.from(JSON.stringify({ id: 'x', name: 'a' })) } });
    expect(value(upgraded.upgraded_state, thingType)).toEqual({ id: 'x', name: 'a', acl: null });

    const planned = await rpc(METHOD.planResourceChange, 'tfplugin6.PlanResourceChange', { type_name: 'test_thing', proposed_new_state: dv(config, thingType), config: dv(config, thingType), client_capabilities: caps });
    expect(value(planned.planned_state, thingType)).toEqual({ ...config, id: UNKNOWN });

    const prior: TfObject = { ...config, id: 'id-a' };
    const replaced = await rpc(METHOD.planResourceChange, 'tfplugin6.PlanResourceChange', {
      type_name: 'test_thing',
      prior_state: dv(prior, thingType),
      proposed_new_state: dv({ ...prior, name: 'b' }, thingType),
      config: dv({ ...config, name: 'b' }, thingType),
      client_capabilities: caps,
    });
    expect(replaced.requires_replace).toEqual([{ steps: [{ attribute_name: 'name' }] }]);

    const applied = await rpc(METHOD.applyResourceChange, 'tfplugin6.ApplyResourceChange', { type_name: 'test_thing', planned_state: dv({ ...config, id: UNKNOWN }, thingType), config: dv(config, thingType) });
    expect(value(applied.new_state, thingType)).toEqual(prior);

    const read = await rpc(METHOD.readResource, 'tfplugin6.ReadResource', { type_name: 'test_thing', current_state: dv(prior, thingType), private: Buffer.from('{"p":1}'), client_capabilities: caps });
    expect(value(read.new_state, thingType)).toEqual(prior);
    expect(read.private).toEqual(Buffer.from('{"p":1}'));

    const imported = await rpc(METHOD.importResourceState, 'tfplugin6.ImportResourceState', { type_name: 'test_thing', id: 'z', client_capabilities: caps });
    expect(imported.imported_resources).toMatchObject([{ type_name: 'test_thing' }]);
    expect(value((imported.imported_resources as { state: unknown }[])[0]?.state, thingType)).toEqual({ id: 'z', name: 'z', acl: null });
  });

  it('ReadDataSource returns the state, and the ephemeral lifecycle carries result, renew_at and private', async () => {
    const read = await rpc(METHOD.readDataSource, 'tfplugin6.ReadDataSource', { type_name: 'test_zone', config: dv({ name: 'z', zone_id: null }, zoneType), client_capabilities: caps });
    expect(value(read.state, zoneType)).toEqual({ name: 'z', zone_id: 7 });

    const opened = await rpc(METHOD.openEphemeralResource, 'tfplugin6.OpenEphemeralResource', { type_name: 'test_secret', config: dv({ name: 's', value: null }, secretType), client_capabilities: caps });
    expect(value(opened.result, secretType)).toEqual({ name: 's', value: 'v' });
    expect(opened.renew_at).toEqual({ seconds: Date.UTC(2030, 0, 1, 0, 0, 1) / 1000, nanos: 500_000_000 });
    expect(JSON.parse(String(opened.private))).toEqual({ lease: 1 });

    const renewed = await rpc(METHOD.renewEphemeralResource, 'tfplugin6.RenewEphemeralResource', { type_name: 'test_secret', private: opened.private });
    expect(JSON.parse(String(renewed.private))).toEqual({ lease: 2 });
    expect((await rpc(METHOD.closeEphemeralResource, 'tfplugin6.CloseEphemeralResource', { type_name: 'test_secret', private: renewed.private })).diagnostics).toEqual([]);
  });

  it('StopProvider, Shutdown and the health check answer in their own messages', async () => {
    expect(await rpc(METHOD.stopProvider, 'tfplugin6.StopProvider', {})).toEqual({});
    const health = type('grpc.health.v1.HealthCheckRequest');
    const handler = handlers.get(METHOD.healthCheck);
    const answer = await handler?.(Buffer.from(health.encode({ service: 'plugin' }).finish()), new AbortController().signal);
    expect(asObject('grpc.health.v1.HealthCheckResponse', answer ?? new Uint8Array())).toEqual({ status: 1 });
    const shutdown = await handlers.get(METHOD.shutdown)?.(Buffer.from(type('plugin.Empty').encode({}).finish()), new AbortController().signal);
    expect(asObject('plugin.Empty', shutdown ?? new Uint8Array())).toEqual({});
  });

  it('covers every tfplugin6 RPC the provider serves', () => {
    const served = Object.values(METHOD).filter((m) => m.startsWith('/tfplugin6.Provider/')).map((m) => m.split('/')[2]);
    for (const rpcName of served) expect(describedMessages()).toContain(`${rpcName}.Response`);
  });
});

// The upstream protocol definition, when the reference material is checked out beside the repository.
const upstream = fileURLToPath(new URL('../../../../shared/reference/terraform-protocol/tfplugin6.8.proto', import.meta.url));

describe.runIf(existsSync(upstream))('the descriptor against the upstream tfplugin6.8.proto', () => {
  it('matches every described field: number, type, repetition and map key', () => {
    const upstreamRoot = protobuf.parse(readFileSync(upstream, 'utf8'), { keepCase: true }).root;
    const mismatches: string[] = [];
    for (const name of describedMessages()) {
      const ours = root.lookupType(`tfplugin6.${name}`);
      const theirs = upstreamRoot.lookupType(`tfplugin6.${name}`);
      for (const field of ours.fieldsArray) {
        const other = theirs.fields[field.name];
        const last = (t: string) => t.split('.').at(-1);
        if (!other) mismatches.push(`${name}.${field.name}: not upstream`);
        else if (other.id !== field.id || last(other.type) !== last(field.type) || other.repeated !== field.repeated || (other as unknown as { keyType?: string }).keyType !== (field as unknown as { keyType?: string }).keyType) {
          mismatches.push(`${name}.${field.name}: upstream ${other.id} ${other.type}${other.repeated ? '[]' : ''}, ours ${field.id} ${field.type}${field.repeated ? '[]' : ''}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
