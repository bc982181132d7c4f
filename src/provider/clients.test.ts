import { describe, expect, it, vi } from 'vitest';
import type { PapiApi } from '../papi/types';
import type { SecretStore } from '../secrets/types';
import { createClients, type ClientFactories, type ClientSettings } from './clients';
import { createSilentLog } from './framework/logger';

const settings: ClientSettings = {
  endpoint: 'https://cluster.test:8080',
  username: 'admin',
  password: { kind: 'inline', value: 'pw-canary-1234' },
  insecure: false,
  caCertFile: undefined,
  timeoutSeconds: 60,
  secretStore: undefined,
};

function fakePapi(): PapiApi {
  return { get: vi.fn(async () => ({ ok: true }) as never), post: vi.fn(), put: vi.fn(), delete: vi.fn(), close: vi.fn(async () => {}) };
}

function fakeStore(): SecretStore {
  return { get: vi.fn(async () => undefined), createOrUpdate: vi.fn(), delete: vi.fn(), exists: vi.fn(async () => false), close: vi.fn(async () => {}) };
}

describe('createClients', () => {
  it('builds nothing until a handler calls the cluster', () => {
    const factories: ClientFactories = { createPapi: vi.fn(), createSecretStore: vi.fn() };
    createClients(settings, createSilentLog(), factories);
    expect(factories.createPapi).not.toHaveBeenCalled();
    expect(factories.createSecretStore).not.toHaveBeenCalled();
  });

  it('builds one PAPI client for concurrent first calls and shares it', async () => {
    const papi = fakePapi();
    const factories: ClientFactories = { createPapi: vi.fn(async () => papi), createSecretStore: vi.fn(async () => fakeStore()) };
    const { clients } = createClients(settings, createSilentLog(), factories);
    await Promise.all([clients.papi.get('/a'), clients.papi.get('/b'), clients.papi.get('/c')]);
    expect(factories.createPapi).toHaveBeenCalledOnce();
    expect(papi.get).toHaveBeenCalledTimes(3);
  });

  it('tries again after a failed build instead of caching the failure', async () => {
    const papi = fakePapi();
    const createPapi = vi.fn<ClientFactories['createPapi']>().mockRejectedValueOnce(new Error('transient')).mockResolvedValue(papi);
    const { clients } = createClients(settings, createSilentLog(), { createPapi, createSecretStore: async () => fakeStore() });
    await expect(clients.papi.get('/a')).rejects.toThrow('transient');
    await expect(clients.papi.get('/a')).resolves.toEqual({ ok: true });
  });

  it('registers the password for redaction before building the client', async () => {
    const log = createSilentLog();
    const createPapi = vi.fn<ClientFactories['createPapi']>(async () => {
      expect(log.redact('x pw-canary-1234 y')).toBe('x [REDACTED] y');
      return fakePapi();
    });
    const { clients } = createClients({ ...settings, password: { kind: 'secret', key: 'pw' } }, log, {
      createPapi,
      createSecretStore: async () => ({ ...fakeStore(), get: async () => 'pw-canary-1234' }),
    });
    await clients.papi.get('/a');
    expect(createPapi).toHaveBeenCalledOnce();
    expect(createPapi.mock.calls[0]?.[0].password).toBe('pw-canary-1234');
  });

  it('turns an endpoint the client refuses into a configuration diagnostic', async () => {
    const { clients } = createClients(settings, createSilentLog(), {
      createPapi: async () => {
        throw new TypeError('endpoint must use https');
      },
      createSecretStore: async () => fakeStore(),
    });
    await expect(clients.papi.get('/a')).rejects.toMatchObject({ name: 'DiagnosticError', problems: [{ summary: 'Invalid Provider Configuration' }] });
  });

  it('closes the clients it built, and nothing else', async () => {
    const papi = fakePapi();
    const session = createClients(settings, createSilentLog(), { createPapi: async () => papi, createSecretStore: async () => fakeStore() });
    await session.clients.papi.get('/a');
    await session.close();
    expect(papi.close).toHaveBeenCalledOnce();
    await expect(session.clients.papi.get('/a')).rejects.toThrow(/closed/);
  });
});
