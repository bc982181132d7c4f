/**
 * The resource kit's unit-test harness: the real provider (schema, configure, lazy clients) over
 * the in-process OneFS simulator and an in-memory secret store, plus one call per RPC family in
 * framework terms, so a resource's, data source's or ephemeral resource's tests state only their
 * cases. Everything the provider answers is kept in `transcript` for secret-canary checks.
 */
import { createPapiClient } from '../../papi/client';
import { createMemorySecretStore, type MemorySecretStore } from '../../secrets/testing/memory-store';
import type { InProcessSimulator } from '../../simulator/testing';
import type { ClientFactories } from '../clients';
import type { ClientCapabilities, Diagnostic, ProviderServer, TfObject } from '../framework/contract';
import type { DataSourceDefinition } from '../framework/data-source';
import type { EphemeralResourceDefinition } from '../framework/ephemeral';
import { createSilentLog, type Log } from '../framework/logger';
import type { ResourceDefinition } from '../framework/resource';
import { createFrameworkServer } from '../framework/server';
import { createPowerScaleProvider } from '../provider';
import { providerConfig } from './provider-config';

export const caps: ClientCapabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };

/** What a test gets: the configured server, its store, the transcript and RPC shortcuts. */
export interface ProviderHarness {
  readonly server: ProviderServer;
  readonly store: MemorySecretStore;
  /** Every diagnostic and log line, redacted as the provider redacts them. */
  readonly transcript: string[];
  readDataSource(typeName: string, config: TfObject): Promise<{ state: TfObject | null; diagnostics: Diagnostic[] }>;
  openEphemeral(typeName: string, config: TfObject): Promise<{ result: TfObject | null; diagnostics: Diagnostic[] }>;
  validate(kind: 'resource' | 'data source' | 'ephemeral resource', typeName: string, config: TfObject): Promise<Diagnostic[]>;
}

/** Builds and configures the provider with the given definitions against `sim`. */
export async function createProviderHarness(
  sim: InProcessSimulator,
  definitions: { resources?: ResourceDefinition[]; dataSources?: DataSourceDefinition[]; ephemeralResources?: EphemeralResourceDefinition[] },
  password: string,
): Promise<ProviderHarness> {
  const transcript: string[] = [];
  const store = createMemorySecretStore();
  const silent = createSilentLog();
  const record = (level: string) => (m: string, f?: object) => void transcript.push(silent.redact(`${level} ${m} ${JSON.stringify(f ?? {})}`));
  const log: Log = { ...silent, trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const factories: ClientFactories = {
    createPapi: async (config) => createPapiClient(config, { fetch: (request) => fetch(request), retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } }),
    createSecretStore: async () => store,
  };
  const server = createFrameworkServer({ provider: createPowerScaleProvider(factories), resources: definitions.resources ?? [], dataSources: definitions.dataSources ?? [], ephemeralResources: definitions.ephemeralResources ?? [], log });
  const configured = await server.configureProvider({ terraformVersion: '1.11.4', config: providerConfig({ endpoint: sim.baseUrl, username: sim.credentials.username, password }), clientCapabilities: caps });
  if (configured.length > 0) throw new Error(`configure failed: ${JSON.stringify(configured)}`);
  const keep = <T extends { diagnostics: Diagnostic[] }>(r: T): T => {
    transcript.push(JSON.stringify(r.diagnostics));
    return r;
  };
  const signal = new AbortController().signal;
  return {
    server,
    store,
    transcript,
    async readDataSource(typeName, config) {
      const r = await server.readDataSource?.({ typeName, config, clientCapabilities: caps }, signal);
      if (!r) throw new Error('the server serves no data sources');
      return keep(r);
    },
    async openEphemeral(typeName, config) {
      const r = await server.openEphemeralResource?.({ typeName, config, clientCapabilities: caps }, signal);
      if (!r) throw new Error('the server serves no ephemeral resources');
      return keep(r);
    },
    async validate(kind, typeName, config) {
      const d =
        kind === 'resource'
          ? await server.validateResourceConfig(typeName, config)
          : kind === 'data source'
            ? await server.validateDataResourceConfig(typeName, config)
            : ((await server.validateEphemeralResourceConfig?.(typeName, config)) ?? []);
      return keep({ diagnostics: d }).diagnostics;
    },
  };
}
