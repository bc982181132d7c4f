import { describe, expect, it } from 'vitest';
import type { ClientCapabilities } from './contract';
import { defineDataSource } from './data-source';
import { DiagnosticError } from './diagnostics';
import { defineEphemeralResource } from './ephemeral';
import { createSilentLog } from './logger';
import { defineProvider } from './provider';
import { createFrameworkServer } from './server';

interface Clients {
  readonly store: { get(name: string): Promise<string | undefined> };
}

const caps: ClientCapabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
const signal = new AbortController().signal;
const closed: unknown[] = [];

const zones = defineDataSource<{ name: string | null; zones: { zoneId: number | null; auth: { providerName: string | null } | null }[] | null }, Clients>({
  typeName: 'test_zones',
  schema: {
    description: 'zones',
    attributes: {
      name: { type: 'string', optional: true, description: 'filter' },
      zones: {
        computed: true,
        description: 'the zones',
        nested: { nesting: 'list', attributes: { zoneId: { type: 'number', computed: true, description: 'id' }, auth: { computed: true, description: 'auth', nested: { nesting: 'single', attributes: { providerName: { type: 'string', computed: true, description: 'p' } } } } } },
      },
    },
  },
  async read({ config, store }) {
    if (config.name === 'missing') throw new DiagnosticError({ summary: 'Access Zone Not Found', detail: 'No zone named "missing".', attribute: 'name' });
    await store.get('x');
    return { name: 'ignored', zones: [{ zoneId: 1, auth: { providerName: 'lsa-local' } }] };
  },
});

const secret = defineEphemeralResource<{ name: string | null; value: string | null }, Clients>({
  typeName: 'test_secret',
  schema: {
    description: 'a secret',
    attributes: {
      name: { type: 'string', required: true, description: 'n', validators: [] },
      value: { type: 'string', computed: true, sensitive: true, description: 'v' },
    },
  },
  async open({ config, store }) {
    const value = await store.get(config.name ?? '');
    if (value === undefined) throw new DiagnosticError({ summary: 'Secret Not Found', detail: 'No such secret.', attribute: 'name' });
    return { result: { ...config, value }, private: { lease: config.name }, renewAt: new Date(Date.UTC(2030, 0, 1)) };
  },
  async renew({ private: p }) {
    return { private: { renewed: p } };
  },
  async close({ private: p }) {
    closed.push(p);
  },
});

const provider = defineProvider<{ endpoint: string | null }, Clients>({
  schema: { description: 'p', attributes: { endpoint: { type: 'string', description: 'e', optional: true } } },
  configure: () => ({ clients: { store: { get: async (name: string) => (name === 'db' ? 's3cr3t' : undefined) } }, close: async () => {} }),
});

async function configured() {
  const s = createFrameworkServer({ provider, resources: [], dataSources: [zones], ephemeralResources: [secret], log: createSilentLog() });
  await s.configureProvider({ terraformVersion: '1.11.4', config: { endpoint: null }, clientCapabilities: caps });
  return s;
}

describe('framework server: data sources', () => {
  it('lists data source and ephemeral resource schemas', async () => {
    const schema = (await configured()).getProviderSchema();
    expect(Object.keys(schema.dataSourceSchemas)).toEqual(['test_zones']);
    expect(Object.keys(schema.ephemeralResourceSchemas ?? {})).toEqual(['test_secret']);
    expect(schema.dataSourceSchemas.test_zones?.block.attributes[1]?.nestedType?.attributes[1]?.nestedType?.nesting).toBe('single');
  });

  it('reads with the configured clients, returns configured arguments as configured and converts casing at depth 2', async () => {
    const res = await (await configured()).readDataSource?.({ typeName: 'test_zones', config: { name: 'System', zones: null }, clientCapabilities: caps }, signal);
    expect(res).toEqual({ state: { name: 'System', zones: [{ zone_id: 1, auth: { provider_name: 'lsa-local' } }] }, diagnostics: [] });
  });

  it('turns a not-found into a diagnostic at the attribute and an unknown type into an error', async () => {
    const s = await configured();
    const res = await s.readDataSource?.({ typeName: 'test_zones', config: { name: 'missing', zones: null }, clientCapabilities: caps }, signal);
    expect(res?.state).toBeNull();
    expect(res?.diagnostics[0]).toMatchObject({ summary: 'Access Zone Not Found', attribute: [{ attribute: 'name' }] });
    expect((await s.validateDataResourceConfig('test_nope', {}))[0]?.summary).toBe('Unknown Data Source Type');
  });

  it('explains that the provider is not configured instead of failing with a TypeError', async () => {
    const s = createFrameworkServer({ provider, resources: [], dataSources: [zones], log: createSilentLog() });
    const res = await s.readDataSource?.({ typeName: 'test_zones', config: { name: 'System', zones: null }, clientCapabilities: caps }, signal);
    expect(res?.diagnostics[0]?.summary).toBe('Provider Not Configured');
  });
});

describe('framework server: ephemeral resources', () => {
  it('validates configuration: computed-only attributes cannot be set', async () => {
    const d = await (await configured()).validateEphemeralResourceConfig?.('test_secret', { name: 'db', value: 'mine' });
    expect(d?.[0]).toMatchObject({ summary: 'Invalid Configuration for Read-Only Attribute', attribute: [{ attribute: 'value' }] });
  });

  it('opens with a result, private data and a renewal time; renews and closes with that private data', async () => {
    const s = await configured();
    const opened = await s.openEphemeralResource?.({ typeName: 'test_secret', config: { name: 'db', value: null }, clientCapabilities: caps }, signal);
    expect(opened?.result).toEqual({ name: 'db', value: 's3cr3t' });
    expect(opened?.renewAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    const renewed = await s.renewEphemeralResource?.({ typeName: 'test_secret', private: opened?.private }, signal);
    expect(JSON.parse(new TextDecoder().decode(renewed?.private))).toEqual({ renewed: { lease: 'db' } });
    expect(await s.closeEphemeralResource?.({ typeName: 'test_secret', private: renewed?.private }, signal)).toEqual([]);
    expect(closed.at(-1)).toEqual({ renewed: { lease: 'db' } });
  });

  it('reports an open failure as a diagnostic at the attribute, with no result', async () => {
    const opened = await (await configured()).openEphemeralResource?.({ typeName: 'test_secret', config: { name: 'nope', value: null }, clientCapabilities: caps }, signal);
    expect(opened?.result).toBeNull();
    expect(opened?.diagnostics[0]).toMatchObject({ summary: 'Secret Not Found', attribute: [{ attribute: 'name' }] });
  });
});

