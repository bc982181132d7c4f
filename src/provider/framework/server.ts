/**
 * The framework server: implements the contract's {@link ProviderServer} over a provider
 * definition and resource definitions. Every RPC answers with diagnostics, never a throw: handler
 * errors are rendered by `renderError`, anything unexpected becomes a provider-bug diagnostic.
 */
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  ConfigureProviderRequest,
  Diagnostic,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  ProviderSchemaResponse,
  ProviderServer,
  ReadResourceRequest,
  ReadResourceResponse,
  Schema,
  TfObject,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
} from './contract';
import { errorDiagnostic, hasErrors, PartialStateError, type ErrorDescriber, type Operation } from './diagnostics';
import { CONFIG_UNKNOWN, createServerCore, decodePrivate, EMPTY, encodePrivate } from './server-core';
import { createDataSourceRpcs, type DataSourceDefinition } from './server-data-sources';
import { createEphemeralRpcs, type EphemeralResourceDefinition } from './server-ephemeral';
import { silentLog, type Log } from './logger';
import { checkPlanValid, planResourceChange } from './plan';
import type { ProviderDefinition, ProviderSession } from './provider';
import { WithPrivate, type ResourceDefinition } from './resource';
import { toContractSchema } from './schema';
import { containsUnknown, formatPath, jsonToObject, modelToObject, nullWriteOnly, objectToModel, tfEqual, ValueConversionError, type Planned } from './values';
import { problemsToDiagnostics, resolveAttribute, validateAttributes } from './validate';

/** Inputs of {@link createFrameworkServer}. */
export interface FrameworkServerOptions {
  readonly provider: ProviderDefinition;
  readonly resources: readonly ResourceDefinition[];
  readonly dataSources?: readonly DataSourceDefinition[];
  readonly ephemeralResources?: readonly EphemeralResourceDefinition[];
  readonly log?: Log;
}

/** Builds the ProviderServer the protocol layer drives. */
export function createFrameworkServer(options: FrameworkServerOptions): ProviderServer {
  const log = options.log ?? silentLog;
  const { provider } = options;
  const resources = new Map(options.resources.map((r) => [r.typeName, r]));
  const describe: ErrorDescriber = provider.spec.describeError ?? (() => undefined);
  const core = createServerCore(log, describe);
  const { failed: coreFailed, guard, scoped } = core;
  let session: ProviderSession<unknown> | undefined;

  const schemaResponse: ProviderSchemaResponse = (() => {
    const resourceSchemas: Record<string, Schema> = {};
    for (const r of options.resources) resourceSchemas[r.typeName] = toContractSchema(r.schema);
    const dataSourceSchemas: Record<string, Schema> = {};
    for (const d of options.dataSources ?? []) dataSourceSchemas[d.typeName] = toContractSchema(d.schema);
    const ephemeralResourceSchemas: Record<string, Schema> = {};
    for (const e of options.ephemeralResources ?? []) ephemeralResourceSchemas[e.typeName] = toContractSchema(e.schema);
    return {
      provider: toContractSchema(provider.schema),
      resourceSchemas,
      dataSourceSchemas,
      ephemeralResourceSchemas,
      serverCapabilities: { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false },
      diagnostics: [],
    };
  })();

  const unknownType = (typeName: string) => core.unknownType('resource', typeName);
  const failed = (operation: Operation, title: string, error: unknown, resource?: ResourceDefinition) => coreFailed(operation, title, error, resource?.schema, resource?.typeName);

  /** Encodes a handler's model for Terraform: write-only attributes null, nothing unknown. */
  function encodeResult(resource: ResourceDefinition, result: unknown): { state: TfObject; privateState: unknown; hasPrivate: boolean } {
    const isWrapped = result instanceof WithPrivate;
    const model = (isWrapped ? (result as WithPrivate<unknown>).state : result) as Record<string, unknown>;
    if (model === null || typeof model !== 'object') throw new ValueConversionError([], 'the handler returned no object');
    const state = nullWriteOnly(resource.schema, modelToObject(resource.schema, model));
    for (const a of resource.schema.attributes) {
      if (containsUnknown(state[a.name] ?? null)) throw new ValueConversionError([{ attribute: a.name }], 'the value is still unknown after the operation');
    }
    for (const b of resource.schema.blocks) {
      if (containsUnknown(state[b.name] ?? null)) throw new ValueConversionError([{ attribute: b.name }], 'the value is still unknown after the operation');
    }
    return { state, privateState: isWrapped ? (result as WithPrivate<unknown>).privateState : undefined, hasPrivate: isWrapped };
  }

  /** Known planned values the result changed: Terraform would reject them; name them instead. */
  function inconsistencies(resource: ResourceDefinition, planned: TfObject, state: TfObject): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const a of resource.schema.attributes) {
      const p = planned[a.name] ?? null;
      if (a.spec.writeOnly || containsUnknown(p)) continue;
      if (!tfEqual(p, state[a.name] ?? null, a.type)) {
        out.push(
          errorDiagnostic(
            'Provider Produced Inconsistent Result',
            `After applying ${resource.title}, ${a.name} differs from its planned value. This is always a bug in the provider; please report it.`,
            [{ attribute: a.name }],
          ),
        );
      }
    }
    return out;
  }

  return {
    getProviderSchema() {
      return schemaResponse;
    },

    validateProviderConfig(config) {
      return guard('Validate', 'the provider configuration', (d) => d, async () => {
        const diagnostics = validateAttributes(provider.schema, config);
        const model = objectToModel(provider.schema, config, 'keep');
        diagnostics.push(...problemsToDiagnostics(provider.schema, provider.spec.validate?.({ config: model as Planned<Record<string, unknown>> })));
        return diagnostics;
      });
    },

    configureProvider(req: ConfigureProviderRequest) {
      return guard('Configure', 'the provider', (d) => d, async () => {
        if (containsUnknown(req.config)) {
          core.setUnavailable(CONFIG_UNKNOWN);
          return [];
        }
        const diagnostics = validateAttributes(provider.schema, req.config);
        const model = objectToModel(provider.schema, req.config, 'null');
        diagnostics.push(...problemsToDiagnostics(provider.schema, provider.spec.validate?.({ config: model as Planned<Record<string, unknown>> })));
        if (hasErrors(diagnostics)) return diagnostics;
        try {
          const configured = await provider.spec.configure({ config: model, terraformVersion: req.terraformVersion, log });
          session = configured;
          core.setClients(configured.clients);
        } catch (error) {
          return [...diagnostics, ...coreFailed('Configure', 'the provider', error, provider.schema)];
        }
        return diagnostics;
      });
    },

    validateResourceConfig(typeName, config) {
      return guard('Validate', typeName, (d) => d, async () => {
        const resource = resources.get(typeName);
        if (!resource) return unknownType(typeName);
        const diagnostics = validateAttributes(resource.schema, config);
        const model = objectToModel(resource.schema, config, 'keep');
        diagnostics.push(...problemsToDiagnostics(resource.schema, resource.spec.validate?.({ config: model as Planned<Record<string, unknown>> })));
        return diagnostics;
      });
    },

    ...createDataSourceRpcs(core, options.dataSources ?? []),
    ...createEphemeralRpcs(core, options.ephemeralResources ?? []),

    upgradeResourceState(req: UpgradeResourceStateRequest) {
      const fallback = (d: Diagnostic[]): UpgradeResourceStateResponse => ({ upgradedState: null, diagnostics: d });
      return guard('Upgrade', req.typeName, fallback, async () => {
        const resource = resources.get(req.typeName);
        if (!resource) return fallback(unknownType(req.typeName));
        if (req.version > resource.schema.version) {
          return fallback([
            errorDiagnostic(
              'Resource State From A Newer Provider',
              `The state of this ${resource.title} was written by a newer powerscale provider (schema version ${req.version}, this one knows ${resource.schema.version}). Upgrade the provider.`,
            ),
          ]);
        }
        let raw = req.rawStateJson;
        if (req.version < resource.schema.version && resource.spec.upgradeState && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
          raw = resource.spec.upgradeState({ version: req.version, rawState: raw as Record<string, unknown> });
        }
        try {
          return { upgradedState: jsonToObject(resource.schema, raw), diagnostics: [] };
        } catch (error) {
          if (!(error instanceof ValueConversionError)) throw error;
          return fallback([
            errorDiagnostic(
              'Unable to Read Stored State',
              `The stored state of this ${resource.title} cannot be decoded: ${formatPath(error.path) || 'state'}: ${error.message}. Remove it with "terraform state rm" and import the object again.`,
              error.path.length > 0 ? error.path : undefined,
            ),
          ]);
        }
      });
    },

    readResource(req: ReadResourceRequest, signal) {
      const fallback = (d: Diagnostic[]): ReadResourceResponse => ({ newState: req.currentState, private: req.private, diagnostics: d });
      return scoped(signal, (linked) =>
        guard('Read', req.typeName, fallback, async () => {
          const resource = resources.get(req.typeName);
          if (!resource) return fallback(unknownType(req.typeName));
          const state = objectToModel(resource.schema, req.currentState, 'null');
          let result: unknown;
          try {
            result = await resource.spec.read(core.request({ state, private: decodePrivate(req.private, log) }, linked));
          } catch (error) {
            return fallback(failed('Read', resource.title, error, resource));
          }
          if (result === null) return { newState: null, private: EMPTY, diagnostics: [] };
          try {
            const encoded = encodeResult(resource, result);
            return { newState: encoded.state, private: encoded.hasPrivate ? encodePrivate(encoded.privateState) : req.private, diagnostics: [] };
          } catch (error) {
            return fallback(failed('Read', resource.title, error, resource));
          }
        }),
      );
    },

    planResourceChange(req: PlanResourceChangeRequest, signal) {
      const fallback = (d: Diagnostic[]): PlanResourceChangeResponse => ({ plannedState: req.proposedNewState, requiresReplace: [], plannedPrivate: req.priorPrivate, diagnostics: d });
      return scoped(signal, (linked) =>
        guard('Plan', req.typeName, fallback, async () => {
          const resource = resources.get(req.typeName);
          if (!resource) return fallback(unknownType(req.typeName));
          // Destroy: nothing to plan (only sent with the plan_destroy capability, which is off).
          if (req.proposedNewState === null || req.config === null) return { plannedState: null, requiresReplace: [], plannedPrivate: req.priorPrivate, diagnostics: [] };
          const { planned, requiresReplace } = planResourceChange({ schema: resource.schema, prior: req.priorState, proposed: req.proposedNewState, config: req.config });
          let plannedState = planned;
          let plannedPrivate = req.priorPrivate;
          const diagnostics: Diagnostic[] = [];
          if (resource.spec.modifyPlan) {
            const priorPrivate = decodePrivate(req.priorPrivate, log);
            try {
              const result = await resource.spec.modifyPlan(
                core.request(
                  {
                prior: req.priorState === null ? null : objectToModel(resource.schema, req.priorState, 'null'),
                planned: objectToModel(resource.schema, planned, 'keep') as Planned<Record<string, unknown>>,
                config: objectToModel(resource.schema, req.config, 'keep') as Planned<Record<string, unknown>>,
                private: priorPrivate,
                  },
                  linked,
                ),
              );
              if (result) {
                if (result.planned) {
                  plannedState = nullWriteOnly(resource.schema, modelToObject(resource.schema, result.planned as Record<string, unknown>));
                }
                if (req.priorState !== null) {
                  for (const key of result.requiresReplace ?? []) {
                    const path = resolveAttribute(resource.schema, key);
                    if (path && !requiresReplace.some((p) => formatPath(p) === formatPath(path))) requiresReplace.push(path);
                  }
                }
                if ('private' in result) plannedPrivate = encodePrivate(result.private);
                diagnostics.push(...problemsToDiagnostics(resource.schema, result.problems));
              }
            } catch (error) {
              return fallback(failed('Plan', resource.title, error, resource));
            }
          }
          diagnostics.push(...checkPlanValid(resource.schema, req.config, plannedState));
          return { plannedState, requiresReplace, plannedPrivate, diagnostics };
        }),
      );
    },

    applyResourceChange(req: ApplyResourceChangeRequest, signal) {
      const isCreate = req.priorState === null;
      const operation: Operation = req.plannedState === null ? 'Delete' : isCreate ? 'Create' : 'Update';
      // On failure without a partial state: a create records nothing, an update or delete keeps the prior state.
      const fallback = (d: Diagnostic[]): ApplyResourceChangeResponse => ({ newState: operation === 'Create' ? null : req.priorState, private: req.plannedPrivate, diagnostics: d });
      return scoped(signal, (linked) =>
        guard(operation, req.typeName, fallback, async () => {
          const resource = resources.get(req.typeName);
          if (!resource) return fallback(unknownType(req.typeName));
          const privateState = decodePrivate(req.plannedPrivate, log);

          if (req.plannedState === null) {
            if (req.priorState === null) return { newState: null, private: EMPTY, diagnostics: [] };
            try {
              await resource.spec.delete(core.request({ state: objectToModel(resource.schema, req.priorState, 'null'), private: privateState }, linked));
            } catch (error) {
              return fallback(failed('Delete', resource.title, error, resource));
            }
            return { newState: null, private: EMPTY, diagnostics: [] };
          }

          const plannedState = req.plannedState;
          const plan = objectToModel(resource.schema, plannedState, 'null');
          const config = objectToModel(resource.schema, req.config ?? plannedState, 'null');
          let result: unknown;
          try {
            if (req.priorState === null) {
              result = await resource.spec.create(core.request({ plan, config, private: privateState }, linked));
            } else {
              if (!resource.spec.update) {
                return fallback([
                  errorDiagnostic(
                    `Unable to Update ${resource.title}`,
                    `${resource.title} cannot be changed in place, but the provider planned an in-place update. This is always a bug in the provider; please report it.`,
                  ),
                ]);
              }
              result = await resource.spec.update(core.request({ plan, prior: objectToModel(resource.schema, req.priorState, 'null'), config, private: privateState }, linked));
            }
          } catch (error) {
            const diagnostics = failed(operation, resource.title, error, resource);
            if (error instanceof PartialStateError) {
              try {
                const partial = encodeResult(resource, error.state);
                return { newState: partial.state, private: error.privateState === undefined ? req.plannedPrivate : encodePrivate(error.privateState), diagnostics };
              } catch (encodeError) {
                return fallback([...diagnostics, ...failed(operation, resource.title, encodeError, resource)]);
              }
            }
            return fallback(diagnostics);
          }
          let encoded: ReturnType<typeof encodeResult>;
          try {
            encoded = encodeResult(resource, result);
          } catch (error) {
            return fallback(failed(operation, resource.title, error, resource));
          }
          return {
            newState: encoded.state,
            private: encoded.hasPrivate ? encodePrivate(encoded.privateState) : req.plannedPrivate,
            diagnostics: inconsistencies(resource, plannedState, encoded.state),
          };
        }),
      );
    },

    importResourceState(req: ImportResourceStateRequest, signal) {
      const fallback = (d: Diagnostic[]): ImportResourceStateResponse => ({ importedResources: [], diagnostics: d });
      return scoped(signal, (linked) =>
        guard('Import', req.typeName, fallback, async () => {
          const resource = resources.get(req.typeName);
          if (!resource) return fallback(unknownType(req.typeName));
          if (!resource.spec.importState) {
            return fallback([errorDiagnostic('Resource Import Not Implemented', `${resource.title} cannot be imported. Create it with Terraform instead.`)]);
          }
          let stub: Record<string, unknown> | WithPrivate<Record<string, unknown>>;
          try {
            stub = await resource.spec.importState(core.request({ id: req.id }, linked));
          } catch (error) {
            return fallback(failed('Import', resource.title, error, resource));
          }
          const wrapped = stub instanceof WithPrivate ? (stub as WithPrivate<Record<string, unknown>>) : undefined;
          const state = modelToObject(resource.schema, wrapped ? wrapped.state : (stub as Record<string, unknown>));
          return { importedResources: [{ typeName: req.typeName, state, private: wrapped ? encodePrivate(wrapped.privateState) : EMPTY }], diagnostics: [] };
        }),
      );
    },

    async stop() {
      core.stop();
    },

    idle: () => core.idle(),

    async close() {
      // Work left running after its answer (a create's clean-up) still needs the clients.
      await core.idle();
      const current = session;
      session = undefined;
      if (!current) return;
      try {
        await current.close();
      } catch (error) {
        log.debug('closing clients failed', { name: error instanceof Error ? error.name : typeof error });
      }
    },
  };
}
