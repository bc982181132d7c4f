/**
 * The protocol layer's RPC plumbing, end to end over a real socket with mutual TLS: `serve()` runs
 * in this process with a fake ProviderServer (so the shipped binary has no test hooks), and an
 * independent gRPC client (@grpc/grpc-js) plays Terraform through the RPC sequences of
 * validate / plan / apply / refresh / import / destroy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BigNumberValue,
  UNKNOWN,
  type ApplyResourceChangeRequest,
  type ConfigureProviderRequest,
  type CtyType,
  type PlanResourceChangeRequest,
  type PlanResourceChangeResponse,
  type ProviderServer,
  type Schema,
  type TfObject,
  type UpgradeResourceStateRequest,
} from '../../src/provider/framework/contract';
import { createLogger, registerSecret } from '../../src/provider/log';
import { impliedType } from '../../src/provider/protocol/cty-types';
import { serve, type ServingProvider } from '../../src/provider/protocol/serve';
import { msgpack, parseHandshake, ProviderTestClient } from '../../src/provider/protocol/test-client';
import { ProtoFields } from '../../src/provider/protocol/wire';
import { createCertificate } from '../../src/x509/certificate';

const CANARY = 'CANARY-secret-9f2b7c';

const providerSchema: Schema = {
  version: 0,
  block: {
    description: 'fake provider',
    attributes: [
      { name: 'endpoint', type: 'string', description: 'url', optional: true },
      { name: 'password', type: 'string', description: 'pw', optional: true, sensitive: true },
      { name: 'limit', type: 'number', description: '', optional: true },
    ],
    blockTypes: [],
  },
};

const thingSchema: Schema = {
  version: 2,
  block: {
    description: 'a thing',
    attributes: [
      { name: 'id', type: 'string', description: '', computed: true },
      { name: 'name', type: 'string', description: '', required: true },
      { name: 'size', type: 'number', description: '', optional: true },
      { name: 'tags', type: ['map', 'string'], description: '', optional: true },
      { name: 'token', type: 'string', description: '', optional: true, writeOnly: true },
    ],
    blockTypes: [
      { typeName: 'rule', nesting: 'list', minItems: 0, maxItems: 3, block: { description: '', attributes: [{ name: 'port', type: 'number', description: '', required: true }], blockTypes: [] } },
      { typeName: 'opts', nesting: 'single', block: { description: '', attributes: [{ name: 'mode', type: 'string', description: '', optional: true }], blockTypes: [] } },
    ],
  },
};
const thingType = impliedType(thingSchema.block) as ['object', Record<string, CtyType>];
const providerType = impliedType(providerSchema.block);

const calls: { configure?: ConfigureProviderRequest; upgrade?: UpgradeResourceStateRequest; plan?: PlanResourceChangeRequest; apply?: ApplyResourceChangeRequest; closed: number; stopped: number } = { closed: 0, stopped: 0 };

function thing(partial: TfObject): TfObject {
  return { id: null, name: null, size: null, tags: null, token: null, rule: [], opts: null, ...partial };
}

const fake: ProviderServer = {
  getProviderSchema: () => ({
    provider: providerSchema,
    resourceSchemas: { fake_thing: thingSchema, fake_broken: thingSchema, fake_slow: thingSchema },
    dataSourceSchemas: {},
    serverCapabilities: { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false },
    diagnostics: [],
  }),
  validateProviderConfig: async () => [],
  configureProvider: async (req) => {
    calls.configure = req;
    return [];
  },
  validateResourceConfig: async (typeName, config) => {
    if (typeName === 'fake_broken') throw new Error(`exploded while holding ${CANARY}`);
    return config.name === '' ? [{ severity: 'error', summary: 'name must not be empty', detail: 'Set a name.', attribute: [{ attribute: 'name' }] }] : [];
  },
  validateDataResourceConfig: async () => [],
  upgradeResourceState: async (req) => {
    calls.upgrade = req;
    const raw = req.rawStateJson as Record<string, unknown>;
    return { upgradedState: thing({ id: raw.id as string, name: raw.name as string, size: raw.size as BigNumberValue }), diagnostics: [] };
  },
  readResource: async (req) => {
    if (req.currentState.id === 'gone') return { newState: null, private: req.private, diagnostics: [] };
    if (req.typeName === 'fake_broken') return { newState: { ...req.currentState, size: 'not a number' }, private: req.private, diagnostics: [] };
    return { newState: { ...req.currentState, size: 7 }, private: req.private, diagnostics: [] };
  },
  planResourceChange: async (req, signal): Promise<PlanResourceChangeResponse> => {
    calls.plan = req;
    if (req.typeName === 'fake_slow') {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      return { plannedState: req.priorState, requiresReplace: [], plannedPrivate: req.priorPrivate, diagnostics: [{ severity: 'error', summary: 'Cancelled', detail: String(signal.reason) }] };
    }
    const proposed = req.proposedNewState;
    const planned: TfObject | null = proposed && { ...proposed, token: null, id: req.priorState?.id ?? UNKNOWN };
    return { plannedState: planned, requiresReplace: [[{ attribute: 'name' }]], plannedPrivate: Buffer.from('plan-private'), diagnostics: [] };
  },
  applyResourceChange: async (req) => {
    calls.apply = req;
    if (!req.plannedState) return { newState: null, private: new Uint8Array(), diagnostics: [] };
    return { newState: { ...req.plannedState, id: 'thing-1' }, private: Buffer.from('applied'), diagnostics: [] };
  },
  importResourceState: async (req) => ({ importedResources: [{ typeName: req.typeName, state: { id: req.id }, private: new Uint8Array() }], diagnostics: [] }),
  stop: async () => {
    calls.stopped++;
  },
  close: async () => {
    calls.closed++;
  },
};

const clientCert = createCertificate({ subjectCN: 'localhost', sans: { dns: ['localhost'] }, isCA: true, extKeyUsage: ['clientAuth', 'serverAuth'] });
let serving: ServingProvider;
let client: ProviderTestClient;
let handshake = '';
const exits: number[] = [];

beforeAll(async () => {
  registerSecret(CANARY);
  serving = await serve(fake, {
    env: { PLUGIN_CLIENT_CERT: clientCert.certPem, PLUGIN_PROTOCOL_VERSIONS: '5,6' },
    writeHandshake: (line) => (handshake = line),
    exit: (code) => exits.push(code),
    log: createLogger({ level: 'off' }),
  });
  const h = parseHandshake(handshake);
  client = new ProviderTestClient(h.address, { serverCertDer: h.serverCertDer as Buffer, clientCertPem: clientCert.certPem, clientKeyPem: clientCert.keyPem });
});

afterAll(async () => {
  client?.close();
  await serving?.close();
});

describe('provider RPCs over the socket', () => {
  it('describes schemas with cty type JSON, flags and nested blocks', async () => {
    const schema = await client.getProviderSchema();
    const entries = schema.repeated(2).map((e) => ProtoFields.parse(e));
    expect(entries.map((e) => e.string(1)).sort()).toEqual(['fake_broken', 'fake_slow', 'fake_thing']);
    const thingEntry = entries.find((e) => e.string(1) === 'fake_thing') as ProtoFields;
    const s = ProtoFields.parse(thingEntry.message(2) as Buffer);
    expect(s.int(1)).toBe(2);
    const block = ProtoFields.parse(s.message(2) as Buffer);
    const attrs = block.repeated(2).map((a) => ProtoFields.parse(a));
    const tags = attrs.find((a) => a.string(1) === 'tags') as ProtoFields;
    expect(tags.bytes(2).toString()).toBe('["map","string"]');
    expect(tags.bool(5)).toBe(true);
    expect((attrs.find((a) => a.string(1) === 'token') as ProtoFields).bool(11)).toBe(true);
    const nested = block.repeated(3).map((b) => ProtoFields.parse(b));
    expect(nested.map((n) => [n.string(1), n.int(3), n.int(5)])).toEqual([
      ['rule', 2, 3],
      ['opts', 1, 0],
    ]);
    expect(ProtoFields.parse(schema.message(6) as Buffer).bool(2)).toBe(true);
  });

  it('lists resource types in GetMetadata and reports health for the go-plugin service only', async () => {
    const meta = ProtoFields.parse(await client.call('/tfplugin6.Provider/GetMetadata', Buffer.alloc(0)));
    expect(meta.repeated(4).map((r) => ProtoFields.parse(r).string(1)).sort()).toEqual(['fake_broken', 'fake_slow', 'fake_thing']);
    expect(await client.healthCheck('plugin')).toBe(1);
    await expect(client.healthCheck('other')).rejects.toMatchObject({ code: 5 });
  });

  it('returns a validation diagnostic with its attribute path', async () => {
    const diags = await client.validateResourceConfig('fake_thing', msgpack(thing({ name: '' }), thingType));
    expect(diags).toEqual([{ severity: 'error', summary: 'name must not be empty', detail: 'Set a name.', attribute: [{ attribute: 'name' }] }]);
  });

  it('hands ConfigureProvider an exact big number and the Terraform version', async () => {
    const diags = await client.configureProvider(msgpack({ endpoint: 'https://x:8080', password: 'pw', limit: new BigNumberValue('9007199254740993') }, providerType));
    expect(diags).toEqual([]);
    expect(calls.configure?.terraformVersion).toBe('1.11.4');
    expect(calls.configure?.config.limit).toEqual(new BigNumberValue('9007199254740993'));
    expect(calls.configure?.clientCapabilities.writeOnlyAttributesAllowed).toBe(true);
  });

  it('upgrades JSON state exactly and answers with every attribute present', async () => {
    const res = await client.upgradeResourceState('fake_thing', 1, '{"id":"a","name":"n","size":12345678901234567890,"legacy":true}', thingType);
    expect(calls.upgrade?.version).toBe(1);
    expect((calls.upgrade?.rawStateJson as Record<string, unknown>).size).toEqual(new BigNumberValue('12345678901234567890'));
    expect(res.diagnostics).toEqual([]);
    expect(res.state).toEqual(thing({ id: 'a', name: 'n', size: new BigNumberValue('12345678901234567890') }));
  });

  it('plans a create with computed attributes unknown and passes config unknowns through', async () => {
    const config = thing({ name: 'n', size: UNKNOWN, rule: [{ port: 80 }], token: 'wo' });
    const res = await client.planResourceChange('fake_thing', { prior: msgpack(null, thingType), proposed: msgpack(config, thingType), config: msgpack(config, thingType) }, thingType);
    expect(calls.plan?.priorState).toBeNull();
    expect(calls.plan?.config?.size).toBe(UNKNOWN);
    expect(res.diagnostics).toEqual([]);
    expect(res.plannedState).toEqual({ ...config, id: UNKNOWN, token: null });
    expect(res.requiresReplace).toEqual([[{ attribute: 'name' }]]);
    expect(res.plannedPrivate.toString()).toBe('plan-private');
  });

  it('applies a create, returning the new state and private data', async () => {
    const planned = thing({ name: 'n', id: UNKNOWN, rule: [{ port: 80 }] });
    const res = await client.applyResourceChange('fake_thing', { prior: msgpack(null, thingType), planned: msgpack(planned, thingType), config: msgpack(thing({ name: 'n' }), thingType), plannedPrivate: Buffer.from('plan-private') }, thingType);
    expect(Buffer.from(calls.apply?.plannedPrivate ?? []).toString()).toBe('plan-private');
    expect(res.diagnostics).toEqual([]);
    expect(res.newState).toEqual(thing({ name: 'n', id: 'thing-1', rule: [{ port: 80 }] }));
    expect(res.private.toString()).toBe('applied');
  });

  it('applies a delete (planned state null) and returns a null state', async () => {
    const res = await client.applyResourceChange('fake_thing', { prior: msgpack(thing({ id: 'thing-1', name: 'n' }), thingType), planned: msgpack(null, thingType), config: msgpack(null, thingType) }, thingType);
    expect(calls.apply?.plannedState).toBeNull();
    expect(res.newState).toBeNull();
  });

  it('refreshes state, and reports a vanished object as a null new state', async () => {
    const drift = await client.readResource('fake_thing', msgpack(thing({ id: 'a', name: 'n', size: 1 }), thingType), thingType, Buffer.from('p'));
    expect(drift.newState).toEqual(thing({ id: 'a', name: 'n', size: 7 }));
    expect(drift.private.toString()).toBe('p');
    const gone = await client.readResource('fake_thing', msgpack(thing({ id: 'gone', name: 'n' }), thingType), thingType);
    expect(gone.newState).toBeNull();
  });

  it('carries a state far beyond the usual 4 MiB gRPC limit in both directions', async () => {
    const big = 'x'.repeat(20 * 1024 * 1024);
    const res = await client.readResource('fake_thing', msgpack(thing({ id: 'a', name: 'n', tags: { blob: big } }), thingType), thingType);
    expect(res.diagnostics).toEqual([]);
    expect(((res.newState as TfObject).tags as Record<string, string>).blob).toHaveLength(big.length);
  });

  it('imports a stub state with every attribute filled in', async () => {
    const res = await client.importResourceState('fake_thing', 'zone/user', thingType);
    expect(res.imported).toEqual([{ typeName: 'fake_thing', state: thing({ id: 'zone/user' }), private: Buffer.alloc(0) }]);
  });

  it('turns undecodable msgpack into an error diagnostic naming the attribute, not a gRPC error', async () => {
    // {"name": 5}: name must be a string.
    const bad = Buffer.concat([Buffer.from([0x81, 0xa4]), Buffer.from('name'), Buffer.from([0x05])]);
    const diags = await client.validateResourceConfig('fake_thing', bad);
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ severity: 'error', summary: 'Invalid config value', attribute: [{ attribute: 'name' }] });
    const truncated = await client.validateResourceConfig('fake_thing', Buffer.from([0x81, 0xa4, 0x6e]));
    expect(truncated[0]?.summary).toBe('Invalid config value');
  });

  it('reports an exception in the provider as a "Provider bug" diagnostic without leaking registered secrets', async () => {
    const diags = await client.validateResourceConfig('fake_broken', msgpack(thing({ name: 'n' }), thingType));
    expect(diags).toHaveLength(1);
    expect(diags[0]?.summary).toBe('Provider bug');
    expect(diags[0]?.detail).toContain('exploded while holding ***');
    expect(JSON.stringify(diags)).not.toContain(CANARY);
  });

  it('reports a provider result that does not match the schema as a "Provider bug" naming the path, keeping the prior state', async () => {
    const current = thing({ id: 'a', name: 'n' });
    const res = await client.readResource('fake_broken', msgpack(current, thingType), thingType);
    expect(res.diagnostics[0]).toMatchObject({ severity: 'error', summary: 'Provider bug', attribute: [{ attribute: 'size' }] });
    expect(res.newState).toEqual(current);
  });

  it('answers an unknown resource type with a diagnostic', async () => {
    const diags = await client.validateResourceConfig('fake_nope', msgpack(thing({ name: 'n' }), thingType));
    expect(diags[0]).toMatchObject({ severity: 'error', summary: 'Unknown resource type' });
  });

  it('cancels in-flight work when Terraform calls StopProvider', async () => {
    const config = thing({ name: 'n' });
    const pending = client.planResourceChange('fake_slow', { prior: msgpack(config, thingType), proposed: msgpack(config, thingType), config: msgpack(config, thingType) }, thingType);
    await new Promise((r) => setTimeout(r, 100));
    expect(await client.stopProvider()).toBe('');
    const res = await pending;
    expect(res.diagnostics[0]).toMatchObject({ summary: 'Cancelled' });
    expect(res.diagnostics[0]?.detail).toContain('asked the provider to stop');
    expect(calls.stopped).toBe(1);
  });

  it('on Shutdown replies, closes the provider and exits 0', async () => {
    await client.shutdown();
    for (let i = 0; i < 50 && exits.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(exits).toEqual([0]);
    expect(calls.closed).toBe(1);
  });
});
