import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import { createPapiClient } from '../../../papi/client';
import { createSecretStore } from '../../../secrets/factory';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { ClientFactories } from '../../clients';
import { UNKNOWN, type ClientCapabilities, type Diagnostic, type ProviderServer, type TfObject } from '../../framework/contract';
import { createSilentLog, type Log } from '../../framework/logger';
import { createFrameworkServer } from '../../framework/server';
import { createPowerScaleProvider } from '../../provider';
import { clusterResource } from './resource';
import { providerConfig } from '../../testing/provider-config';

const CANARY = 'c"an\\ary-pässwörd-✓-\'42';
const sim = useOneFsSimulator({ password: CANARY, clusterName: 'sim-one' });
const dir = mkdtempSync(join(tmpdir(), 'cluster-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caps: ClientCapabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
const signal = new AbortController().signal;
const lines: string[] = [];

// The real PAPI client, with msw answering through the global fetch.
const factories: ClientFactories = {
  createPapi: async (config) => createPapiClient(config, { fetch: (request) => fetch(request), retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } }),
  createSecretStore: async (config) => createSecretStore(config ?? { type: 'file', path: join(dir, 'secrets.json') }),
};

function recordingLog(): Log {
  const silent = createSilentLog();
  const record = (level: string) => (m: string, f?: object) => void lines.push(silent.redact(`${level} ${m} ${JSON.stringify(f ?? {})}`));
  return { ...silent, trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

async function configuredServer(overrides: TfObject = {}): Promise<ProviderServer> {
  const server = createFrameworkServer({ provider: createPowerScaleProvider(factories), resources: [clusterResource], log: recordingLog() });
  const config = providerConfig({ endpoint: sim.baseUrl, username: sim.credentials.username, password: CANARY, ...overrides });
  expect(await server.configureProvider({ terraformVersion: '1.11.4', config, clientCapabilities: caps })).toEqual([]);
  return server;
}

const emptyConfig: TfObject = { id: null, guid: null, name: null, onefs_version: null, api_version: null, expected_guid: null };

async function create(server: ProviderServer, config: TfObject = emptyConfig) {
  const plan = await server.planResourceChange({ typeName: 'powerscale_cluster', priorState: null, proposedNewState: config, config, priorPrivate: new Uint8Array(), clientCapabilities: caps }, signal);
  if (plan.diagnostics.length > 0) return { plan, applied: undefined };
  const applied = await server.applyResourceChange({ typeName: 'powerscale_cluster', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: plan.plannedPrivate }, signal);
  return { plan, applied };
}

async function read(server: ProviderServer, state: TfObject) {
  return server.readResource({ typeName: 'powerscale_cluster', currentState: state, private: new Uint8Array(), clientCapabilities: caps }, signal);
}

function summaries(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => d.summary);
}

describe('powerscale_cluster', () => {
  it('plans identity as unknown and records it on create', async () => {
    const server = await configuredServer();
    const { plan, applied } = await create(server);
    expect(plan.plannedState).toEqual({ id: UNKNOWN, guid: UNKNOWN, name: UNKNOWN, onefs_version: UNKNOWN, api_version: UNKNOWN, expected_guid: null });
    expect(applied?.diagnostics).toEqual([]);
    expect(applied?.newState).toEqual({ id: sim.model.guid, guid: sim.model.guid, name: 'sim-one', onefs_version: '9.5.0.0', api_version: '16', expected_guid: null });
  });

  it('does not log in while validating, configuring or planning without expected_guid', async () => {
    const server = await configuredServer();
    await server.validateResourceConfig('powerscale_cluster', emptyConfig);
    await server.planResourceChange({ typeName: 'powerscale_cluster', priorState: null, proposedNewState: emptyConfig, config: emptyConfig, priorPrivate: new Uint8Array(), clientCapabilities: caps }, signal);
    expect(sim.stats().onefs.logins).toBe(0);
  });

  it('refreshes the identity on read and plans no change afterwards', async () => {
    const server = await configuredServer();
    const { applied } = await create(server);
    const state = applied?.newState as TfObject;
    const refreshed = await read(server, state);
    expect(refreshed).toMatchObject({ newState: state, diagnostics: [] });
    const plan = await server.planResourceChange({ typeName: 'powerscale_cluster', priorState: state, proposedNewState: state, config: emptyConfig, priorPrivate: new Uint8Array(), clientCapabilities: caps }, signal);
    expect(plan.plannedState).toEqual(state);
    expect(plan.requiresReplace).toEqual([]);
  });

  it('shares one session across operations in a process', async () => {
    const server = await configuredServer();
    const { applied } = await create(server);
    await read(server, applied?.newState as TfObject);
    await read(server, applied?.newState as TfObject);
    expect(sim.stats().onefs.logins).toBe(1);
  });

  it('fails the refresh when the endpoint answers with another guid', async () => {
    const server = await configuredServer();
    const { applied } = await create(server);
    const other = 'ffffffffffffffffffffffffffffffffffff';
    sim.server.use(http.get('*/platform/3/cluster/config', () => HttpResponse.json({ ...sim.model.clusterConfigBody(), guid: other, name: 'impostor' })));
    const refreshed = await read(server, applied?.newState as TfObject);
    expect(summaries(refreshed.diagnostics)).toEqual(['Cluster Identity Changed']);
    expect(refreshed.diagnostics[0]?.detail).toContain(other);
    expect(refreshed.diagnostics[0]?.detail).toContain(sim.model.guid);
    expect(refreshed.newState).toEqual(applied?.newState);
  });

  it('fails the plan when expected_guid does not match the cluster, pointing at expected_guid', async () => {
    const server = await configuredServer();
    const config = { ...emptyConfig, expected_guid: 'ffffffffffffffffffffffffffffffffffff' };
    const { plan } = await create(server, config);
    expect(summaries(plan.diagnostics)).toEqual(['Wrong Cluster']);
    expect(plan.diagnostics[0]?.attribute).toEqual([{ attribute: 'expected_guid' }]);
  });

  it('creates when expected_guid matches', async () => {
    const server = await configuredServer();
    const { applied } = await create(server, { ...emptyConfig, expected_guid: sim.model.guid.toUpperCase() });
    expect(applied?.diagnostics).toEqual([]);
    expect(applied?.newState?.expected_guid).toBe(sim.model.guid.toUpperCase());
  });

  it('fails the plan when expected_guid is changed to another guid on an existing cluster', async () => {
    const server = await configuredServer();
    const { applied } = await create(server);
    const state = applied?.newState as TfObject;
    const config = { ...emptyConfig, expected_guid: 'ffffffffffffffffffffffffffffffffffff' };
    const plan = await server.planResourceChange({ typeName: 'powerscale_cluster', priorState: state, proposedNewState: { ...state, expected_guid: config.expected_guid }, config, priorPrivate: new Uint8Array(), clientCapabilities: caps }, signal);
    expect(summaries(plan.diagnostics)).toEqual(['Wrong Cluster']);
  });

  it('updates expected_guid in place, keeping id and guid', async () => {
    const server = await configuredServer();
    const { applied } = await create(server);
    const state = applied?.newState as TfObject;
    const config = { ...emptyConfig, expected_guid: sim.model.guid };
    const plan = await server.planResourceChange({ typeName: 'powerscale_cluster', priorState: state, proposedNewState: { ...state, expected_guid: sim.model.guid }, config, priorPrivate: new Uint8Array(), clientCapabilities: caps }, signal);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.plannedState).toMatchObject({ id: sim.model.guid, guid: sim.model.guid, name: UNKNOWN });
    const updated = await server.applyResourceChange({ typeName: 'powerscale_cluster', priorState: state, plannedState: plan.plannedState, config, plannedPrivate: plan.plannedPrivate }, signal);
    expect(updated.diagnostics).toEqual([]);
    expect(updated.newState).toEqual({ ...state, expected_guid: sim.model.guid });
  });

  it('imports by guid and verifies the guid on the following read', async () => {
    const server = await configuredServer();
    const imported = await server.importResourceState({ typeName: 'powerscale_cluster', id: sim.model.guid, clientCapabilities: caps }, signal);
    const stub = imported.importedResources[0]?.state as TfObject;
    expect(stub).toEqual({ ...emptyConfig, id: sim.model.guid, guid: sim.model.guid });
    expect((await read(server, stub)).newState).toMatchObject({ name: 'sim-one', onefs_version: '9.5.0.0' });

    const wrong = await server.importResourceState({ typeName: 'powerscale_cluster', id: 'ffffffffffffffffffffffffffffffffffff', clientCapabilities: caps }, signal);
    const refused = await read(server, wrong.importedResources[0]?.state as TfObject);
    expect(summaries(refused.diagnostics)).toEqual(['Cluster Identity Changed']);
  });

  it('rejects a malformed import id', async () => {
    const server = await configuredServer();
    const imported = await server.importResourceState({ typeName: 'powerscale_cluster', id: 'my-cluster', clientCapabilities: caps }, signal);
    expect(summaries(imported.diagnostics)).toEqual(['Invalid Import ID']);
  });

  it('forgets the cluster on delete without a request', async () => {
    const server = await configuredServer();
    const state = { ...emptyConfig, id: sim.model.guid, guid: sim.model.guid };
    const applied = await server.applyResourceChange({ typeName: 'powerscale_cluster', priorState: state, plannedState: null, config: null, plannedPrivate: new Uint8Array() }, signal);
    expect(applied).toMatchObject({ newState: null, diagnostics: [] });
    expect(sim.stats().onefs.logins).toBe(0);
  });

  it('rejects an expected_guid that is not a guid, naming the attribute', async () => {
    const server = await configuredServer();
    const diags = await server.validateResourceConfig('powerscale_cluster', { ...emptyConfig, expected_guid: 'prod' });
    expect(diags[0]?.attribute).toEqual([{ attribute: 'expected_guid' }]);
    expect(diags[0]?.detail).toContain('expected_guid');
  });

  it('says the login was refused, with status and advice, and never shows the password', async () => {
    const server = await configuredServer({ password: `${CANARY}-wrong` });
    const { applied } = await create(server);
    expect(applied?.newState).toBeNull();
    expect(summaries(applied?.diagnostics ?? [])).toEqual(['Unable to Create Cluster']);
    expect(applied?.diagnostics[0]?.detail).toMatch(/401.*\n\n.*refused the login/s);
    expect(JSON.stringify(applied)).not.toContain(CANARY);
  });

  it('reports a cluster failure with status, AEC code and message after retries', async () => {
    const server = await configuredServer();
    sim.fault({ path: 'cluster/config', status: 503, count: 5 });
    const { applied } = await create(server);
    expect(summaries(applied?.diagnostics ?? [])).toEqual(['Unable to Create Cluster']);
    expect(applied?.diagnostics[0]?.detail).toMatch(/GET \/platform\/3\/cluster\/config failed: HTTP 503/);
  });

  it('reads the password from an owner-only file, ignoring one trailing newline', async () => {
    const path = join(dir, 'pw');
    writeFileSync(path, `${CANARY}\n`);
    chmodSync(path, 0o600);
    const server = await configuredServer({ password: null, password_file: path });
    const { applied } = await create(server);
    expect(applied?.diagnostics).toEqual([]);
  });

  it('refuses at apply a password file that became readable by others', async () => {
    const path = join(dir, 'pw-later');
    writeFileSync(path, CANARY);
    chmodSync(path, 0o600);
    const server = await configuredServer({ password: null, password_file: path });
    chmodSync(path, 0o640);
    const { applied } = await create(server);
    expect(summaries(applied?.diagnostics ?? [])).toEqual(['Unable to Read Cluster Password']);
  });

  it('reads the password from the secret store under password_secret', async () => {
    const path = join(dir, 'store.json');
    const store = createSecretStore({ type: 'file', path });
    await store.createOrUpdate('cluster-pw', CANARY);
    await store.close();
    const block = { type: 'file', path, url: null, tenant: null, credentials_file: null, insecure: null, ca_cert_file: null };
    const server = await configuredServer({ password: null, password_secret: 'cluster-pw', secret_store: block });
    const { applied } = await create(server);
    expect(applied?.diagnostics).toEqual([]);
    const missing = await configuredServer({ password: null, password_secret: 'absent', secret_store: block });
    expect(summaries((await create(missing)).applied?.diagnostics ?? [])).toEqual(['Cluster Password Secret Not Found']);
  });

  it('never writes the password to a log line', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(CANARY);
  });
});
