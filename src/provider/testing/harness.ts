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
import { longLivedController } from '../framework/signals';
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
  /**
   * Plans and applies `config` from `prior` (null: create), as Terraform does; stops after a failing
   * plan. `priorPrivate` is the object's private state (from an earlier step's `private`).
   */
  apply(typeName: string, prior: TfObject | null, config: TfObject, priorPrivate?: Uint8Array): Promise<LifecycleStep>;
  /** Refreshes `state` (newState null: the object is gone). */
  read(typeName: string, state: TfObject, priorPrivate?: Uint8Array): Promise<{ newState: TfObject | null; private: Uint8Array; diagnostics: Diagnostic[] }>;
  /** Imports `id` and reads it, as `terraform import` does. */
  importAndRead(typeName: string, id: string): Promise<{ state: TfObject | null; private: Uint8Array; diagnostics: Diagnostic[] }>;
  /** Destroys `state`. */
  destroy(typeName: string, state: TfObject, priorPrivate?: Uint8Array): Promise<Diagnostic[]>;
}

/** One plan + apply: the plan's answer, and the applied state when the plan had no errors. */
export interface LifecycleStep {
  readonly planned: TfObject | null;
  readonly requiresReplace: readonly unknown[];
  readonly state: TfObject | null;
  /** The private state after the apply (the planned one when the plan failed). */
  readonly private: Uint8Array;
  readonly diagnostics: Diagnostic[];
}

/**
 * Terraform's proposed new state: config, with prior values where config leaves a computed
 * attribute null (`computed` undefined: every attribute counts as computed, the old behaviour).
 */
function proposed(prior: TfObject | null, config: TfObject, computed?: ReadonlySet<string>): TfObject {
  if (prior === null) return config;
  const out: TfObject = { ...config };
  for (const [k, v] of Object.entries(config)) if (v === null && k in prior && (computed === undefined || computed.has(k))) out[k] = prior[k] ?? null;
  return out;
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
  const signal = longLivedController().signal; // shared by every call of a test, as the provider's stop signal is
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
    async apply(typeName, prior, config, priorPrivate = new Uint8Array()) {
      const attributes = server.getProviderSchema().resourceSchemas[typeName]?.block.attributes;
      const computed = attributes === undefined ? undefined : new Set(attributes.filter((a) => a.computed).map((a) => a.name));
      const plan = keep(await server.planResourceChange({ typeName, priorState: prior, proposedNewState: proposed(prior, config, computed), config, priorPrivate, clientCapabilities: caps }, signal));
      if (plan.diagnostics.some((d) => d.severity === 'error')) return { planned: plan.plannedState, requiresReplace: plan.requiresReplace, state: null, private: plan.plannedPrivate, diagnostics: plan.diagnostics };
      const replace = prior !== null && plan.requiresReplace.length > 0;
      if (replace) {
        const gone = keep(await server.applyResourceChange({ typeName, priorState: prior, plannedState: null, config: null, plannedPrivate: priorPrivate }, signal));
        if (gone.diagnostics.length > 0) return { planned: plan.plannedState, requiresReplace: plan.requiresReplace, state: prior, private: priorPrivate, diagnostics: gone.diagnostics };
      }
      const applied = keep(await server.applyResourceChange({ typeName, priorState: replace ? null : prior, plannedState: plan.plannedState, config, plannedPrivate: plan.plannedPrivate }, signal));
      return { planned: plan.plannedState, requiresReplace: plan.requiresReplace, state: applied.newState, private: applied.private, diagnostics: [...plan.diagnostics, ...applied.diagnostics] };
    },
    async read(typeName, state, priorPrivate = new Uint8Array()) {
      const r = keep(await server.readResource({ typeName, currentState: state, private: priorPrivate, clientCapabilities: caps }, signal));
      return { newState: r.newState, private: r.private, diagnostics: r.diagnostics };
    },
    async importAndRead(typeName, id) {
      const imported = keep(await server.importResourceState({ typeName, id, clientCapabilities: caps }, signal));
      const stub = imported.importedResources[0]?.state;
      if (stub === undefined) return { state: null, private: new Uint8Array(), diagnostics: imported.diagnostics };
      const r = keep(await server.readResource({ typeName, currentState: stub, private: imported.importedResources[0]?.private ?? new Uint8Array(), clientCapabilities: caps }, signal));
      return { state: r.newState, private: r.private, diagnostics: r.diagnostics };
    },
    async destroy(typeName, state, priorPrivate = new Uint8Array()) {
      return keep(await server.applyResourceChange({ typeName, priorState: state, plannedState: null, config: null, plannedPrivate: priorPrivate }, signal)).diagnostics;
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
