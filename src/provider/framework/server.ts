/**
 * The framework server: implements the contract's {@link ProviderServer} over a provider
 * definition and resource definitions. Every RPC answers with diagnostics, never a throw: handler
 * errors are rendered by {@link renderError}, anything unexpected becomes a provider-bug diagnostic.
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
import { DiagnosticError, errorDiagnostic, hasErrors, PartialStateError, providerBugDiagnostic, renderError, type ErrorDescriber, type Operation } from './diagnostics';
import { silentLog, type Log } from './logger';
import { linkSignals } from './signals';
import { checkPlanValid, planResourceChange } from './plan';
import type { ProviderDefinition, ProviderSession } from './provider';
import { WithPrivate, type HandlerContext, type ResourceClients, type ResourceDefinition } from './resource';
import { toContractSchema } from './schema';
import { containsUnknown, formatPath, jsonToObject, modelToObject, nullWriteOnly, objectToModel, tfEqual, ValueConversionError, type Planned } from './values';
import { problemsToDiagnostics, resolveAttribute, validateAttributes } from './validate';

/** Inputs of {@link createFrameworkServer}. */
export interface FrameworkServerOptions {
  readonly provider: ProviderDefinition;
  readonly resources: readonly ResourceDefinition[];
  readonly log?: Log;
}

const EMPTY = new Uint8Array(0);

function encodePrivate(value: unknown): Uint8Array {
  return value === undefined ? EMPTY : new TextEncoder().encode(JSON.stringify(value));
}

function decodePrivate(bytes: Uint8Array, log: Log): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    log.warn('ignoring private state that is not JSON', { bytes: bytes.length });
    return undefined;
  }
}

// Clients for a process whose provider was never configured (or whose config held unknowns):
// every use fails with a diagnostic that says why, instead of a TypeError.
function unavailableClients(reason: DiagnosticError): ResourceClients {
  const fail = (): never => {
    throw reason;
  };
  const papi = { get: fail, post: fail, put: fail, delete: fail, close: async () => {} };
  const secrets = { get: fail, createOrUpdate: fail, delete: fail, exists: fail, close: async () => {} };
  return { papi, secrets };
}

const NOT_CONFIGURED = new DiagnosticError({
  summary: 'Provider Not Configured',
  detail: 'Terraform did not configure the powerscale provider before using it. This is a bug in Terraform or the provider; please report it.',
});

const CONFIG_UNKNOWN = new DiagnosticError({
  summary: 'Provider Configuration Not Known Yet',
  detail:
    'The powerscale provider block refers to values that are known only after apply, so the provider cannot reach the cluster ' +
    'during this plan. Apply the resources those values come from first (for example with -target), or use values known at plan time.',
});

/** Builds the ProviderServer the protocol layer drives. */
export function createFrameworkServer(options: FrameworkServerOptions): ProviderServer {
  const log = options.log ?? silentLog;
  const { provider } = options;
  const resources = new Map(options.resources.map((r) => [r.typeName, r]));
  const describe: ErrorDescriber = provider.spec.describeError ?? (() => undefined);
  const stopper = new AbortController();
  let session: ProviderSession | undefined;
  let clients: ResourceClients = unavailableClients(NOT_CONFIGURED);

  const redact = (text: string): string => log.redact(text);

  const schemaResponse: ProviderSchemaResponse = (() => {
    const resourceSchemas: Record<string, Schema> = {};
    for (const r of options.resources) resourceSchemas[r.typeName] = toContractSchema(r.schema);
    return {
      provider: toContractSchema(provider.schema),
      resourceSchemas,
      dataSourceSchemas: {},
      serverCapabilities: { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false },
      diagnostics: [],
    };
  })();

  function unknownType(typeName: string): Diagnostic[] {
    return [
      errorDiagnostic(
        'Unknown Resource Type',
        `The powerscale provider has no resource type ${JSON.stringify(typeName)}. This is a bug in Terraform or the provider; please report it.`,
      ),
    ];
  }

  function context(signal: AbortSignal): HandlerContext {
    return { papi: clients.papi, secrets: clients.secrets, signal, log };
  }

  // Runs one RPC with a signal that also aborts on stop(), detached from both when the RPC is over
  // (AbortSignal.any would leave an entry in the provider-lifetime stop signal per call).
  async function scoped<T>(signal: AbortSignal, body: (linked: AbortSignal) => Promise<T>): Promise<T> {
    const link = linkSignals(signal, stopper.signal);
    try {
      return await body(link.signal);
    } finally {
      link.dispose();
    }
  }

  function failed(operation: Operation, title: string, error: unknown, resource?: ResourceDefinition): Diagnostic[] {
    const resolve = (attribute: Parameters<typeof resolveAttribute>[1]) => (resource ? resolveAttribute(resource.schema, attribute) : Array.isArray(attribute) ? attribute : undefined);
    if (error instanceof ValueConversionError) {
      return [
        errorDiagnostic(
          'Provider Produced Invalid Value',
          `While trying to ${operation.toLowerCase()} ${title}, the provider produced a bad value for ${formatPath(error.path) || 'the object'}: ${error.message}. This is always a bug in the provider; please report it.`,
          error.path.length > 0 ? error.path : undefined,
        ),
      ];
    }
    const diagnostics = renderError(operation, title, error, describe, resolve, redact);
    for (const d of diagnostics) log.warn(`${operation.toLowerCase()} failed`, { resource: resource?.typeName, summary: d.summary });
    return diagnostics;
  }

  // Runs an RPC body; whatever escapes becomes a provider-bug diagnostic, never a throw.
  async function guard<T>(operation: Operation, title: string, fallback: (d: Diagnostic[]) => T, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      log.error('unexpected provider error', { operation, name: error instanceof Error ? error.name : typeof error });
      return fallback([providerBugDiagnostic(operation, title, error, redact)]);
    }
  }

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
          clients = unavailableClients(CONFIG_UNKNOWN);
          return [];
        }
        const diagnostics = validateAttributes(provider.schema, req.config);
        const model = objectToModel(provider.schema, req.config, 'null');
        diagnostics.push(...problemsToDiagnostics(provider.schema, provider.spec.validate?.({ config: model as Planned<Record<string, unknown>> })));
        if (hasErrors(diagnostics)) return diagnostics;
        try {
          session = await provider.spec.configure({ config: model, terraformVersion: req.terraformVersion, log });
          clients = session.clients;
        } catch (error) {
          return [...diagnostics, ...renderError('Configure', 'the provider', error, describe, (a) => resolveAttribute(provider.schema, a), redact)];
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

    async validateDataResourceConfig(typeName) {
      return [errorDiagnostic('Unknown Data Source', `The powerscale provider has no data source ${JSON.stringify(typeName)}.`)];
    },

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
            result = await resource.spec.read({ ...context(linked), state, private: decodePrivate(req.private, log) });
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
              const result = await resource.spec.modifyPlan({
                ...context(linked),
                prior: req.priorState === null ? null : objectToModel(resource.schema, req.priorState, 'null'),
                planned: objectToModel(resource.schema, planned, 'keep') as Planned<Record<string, unknown>>,
                config: objectToModel(resource.schema, req.config, 'keep') as Planned<Record<string, unknown>>,
                private: priorPrivate,
              });
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
          const ctx = context(linked);

          if (req.plannedState === null) {
            if (req.priorState === null) return { newState: null, private: EMPTY, diagnostics: [] };
            try {
              await resource.spec.delete({ ...ctx, state: objectToModel(resource.schema, req.priorState, 'null'), private: privateState });
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
              result = await resource.spec.create({ ...ctx, plan, config, private: privateState });
            } else {
              if (!resource.spec.update) {
                return fallback([
                  errorDiagnostic(
                    `Unable to Update ${resource.title}`,
                    `${resource.title} cannot be changed in place, but the provider planned an in-place update. This is always a bug in the provider; please report it.`,
                  ),
                ]);
              }
              result = await resource.spec.update({ ...ctx, plan, prior: objectToModel(resource.schema, req.priorState, 'null'), config, private: privateState });
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
          let stub: Record<string, unknown>;
          try {
            stub = await resource.spec.importState({ ...context(linked), id: req.id });
          } catch (error) {
            return fallback(failed('Import', resource.title, error, resource));
          }
          const state = modelToObject(resource.schema, stub);
          return { importedResources: [{ typeName: req.typeName, state, private: EMPTY }], diagnostics: [] };
        }),
      );
    },

    async stop() {
      stopper.abort();
    },

    async close() {
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
