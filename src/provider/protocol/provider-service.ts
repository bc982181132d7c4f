/**
 * The tfplugin6 Provider service (plus go-plugin's controller and the health service): each RPC
 * decodes its protobuf request, decodes DynamicValues against the schema's implied types, calls
 * the framework's ProviderServer, and encodes the answer. Every failure below the transport, a
 * value that does not decode, a schema mismatch, an exception in the framework, becomes an error
 * diagnostic: Terraform shows a gRPC error only as the unhelpful "Plugin did not respond".
 */
import type { CtyType, Diagnostic, ProviderSchemaResponse, ProviderServer, Schema, SchemaBlock, TfObject, TfValue } from '../framework/contract';
import { isUnknown, UNKNOWN } from '../framework/contract';
import { linkSignals, longLivedController } from '../framework/signals';
import { redactText, type Logger } from '../log';
import { fillNestedBlocks } from './block-values';
import { impliedType } from './cty-types';
import { GrpcStatusError, Status, type UnaryHandler } from './grpc-server';
import { conformJson, parseJsonExact } from './json-value';
import * as m from './messages';
import { decodeMsgpack, encodeMsgpack } from './msgpack';
import { ValueError } from './value-error';

export interface ProviderServiceOptions {
  server: ProviderServer;
  log: Logger;
  /** GRPCController.Shutdown was called: reply first, then this runs (normally: close and exit). */
  onShutdown: () => void;
}

/** The full gRPC method paths served; everything else answers UNIMPLEMENTED. */
export const METHOD = {
  getMetadata: '/tfplugin6.Provider/GetMetadata',
  getProviderSchema: '/tfplugin6.Provider/GetProviderSchema',
  validateProviderConfig: '/tfplugin6.Provider/ValidateProviderConfig',
  validateResourceConfig: '/tfplugin6.Provider/ValidateResourceConfig',
  validateDataResourceConfig: '/tfplugin6.Provider/ValidateDataResourceConfig',
  upgradeResourceState: '/tfplugin6.Provider/UpgradeResourceState',
  configureProvider: '/tfplugin6.Provider/ConfigureProvider',
  readResource: '/tfplugin6.Provider/ReadResource',
  planResourceChange: '/tfplugin6.Provider/PlanResourceChange',
  applyResourceChange: '/tfplugin6.Provider/ApplyResourceChange',
  importResourceState: '/tfplugin6.Provider/ImportResourceState',
  readDataSource: '/tfplugin6.Provider/ReadDataSource',
  validateEphemeralResourceConfig: '/tfplugin6.Provider/ValidateEphemeralResourceConfig',
  openEphemeralResource: '/tfplugin6.Provider/OpenEphemeralResource',
  renewEphemeralResource: '/tfplugin6.Provider/RenewEphemeralResource',
  closeEphemeralResource: '/tfplugin6.Provider/CloseEphemeralResource',
  stopProvider: '/tfplugin6.Provider/StopProvider',
  shutdown: '/plugin.GRPCController/Shutdown',
  healthCheck: '/grpc.health.v1.Health/Check',
} as const;

type Kind = 'resource' | 'data source' | 'ephemeral resource';

/** Builds the method table for `createGrpcServer`. */
export function createProviderHandlers(options: ProviderServiceOptions): Map<string, UnaryHandler> {
  const { server, log } = options;
  let stopController = longLivedController();
  /**
   * Runs `fn` with a signal aborted by StopProvider or when Terraform abandons this call (its gRPC
   * stream closes), detached from both once `fn` settles: AbortSignal.any would leave one entry per
   * call in the long-lived stop signal (see ../framework/signals).
   */
  const withCallSignal = async <T>(callSignal: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const link = linkSignals(stopController.signal, callSignal);
    try {
      return await fn(link.signal);
    } finally {
      link.dispose();
    }
  };
  let schemaCache: { response: ProviderSchemaResponse; types: Map<string, CtyType>; blocks: Map<string, SchemaBlock> } | undefined;

  /** The schema, fetched once: types for every request come from it. */
  const schemas = () => {
    if (!schemaCache) {
      const response = server.getProviderSchema();
      const types = new Map<string, CtyType>();
      const blocks = new Map<string, SchemaBlock>();
      types.set('provider', impliedType(response.provider.block));
      const kinds: [Kind, Record<string, Schema>][] = [
        ['resource', response.resourceSchemas],
        ['data source', response.dataSourceSchemas],
        ['ephemeral resource', response.ephemeralResourceSchemas ?? {}],
      ];
      for (const [kind, map] of kinds) {
        for (const [name, s] of Object.entries(map)) {
          types.set(`${kind}:${name}`, impliedType(s.block));
          blocks.set(`${kind}:${name}`, s.block);
        }
      }
      schemaCache = { response, types, blocks };
    }
    return schemaCache;
  };
  const providerType = () => schemas().types.get('provider') as CtyType;
  const typeOf = (kind: Kind, typeName: string): CtyType => {
    const t = schemas().types.get(`${kind}:${typeName}`);
    if (!t) throw new DiagnosticError({ severity: 'error', summary: `Unknown ${kind} type`, detail: `This provider has no ${kind} type "${typeName}".` });
    return t;
  };

  /** Encodes a resource object result, with nested blocks filled in (see ./block-values). */
  const encodeObject = (typeName: string, value: TfObject | null | undefined, what: string, kind: Kind = 'resource') => {
    const block = schemas().blocks.get(`${kind}:${typeName}`);
    const filled = block && value ? fillNestedBlocks(value, block) : value;
    return encodeResult(filled, typeOf(kind, typeName), what);
  };

  const handlers = new Map<string, UnaryHandler>();
  const rpc = (path: string, fn: (req: Buffer, signal: AbortSignal) => Promise<Uint8Array> | Uint8Array) => {
    handlers.set(path, (req, callSignal) => fn(req, callSignal));
  };

  rpc(METHOD.getProviderSchema, () => {
    try {
      const r = schemas().response;
      return m.encodeGetProviderSchemaResponse(r);
    } catch (err) {
      const empty: Schema = { version: 0, block: { attributes: [], blockTypes: [], description: '' } };
      return m.encodeGetProviderSchemaResponse({
        provider: empty,
        resourceSchemas: {},
        dataSourceSchemas: {},
        serverCapabilities: { planDestroy: false, getProviderSchemaOptional: false, moveResourceState: false },
        diagnostics: [bugDiagnostic(err, log)],
      });
    }
  });

  rpc(METHOD.getMetadata, () => {
    try {
      const r = schemas().response;
      return m.encodeGetMetadataResponse({
        serverCapabilities: r.serverCapabilities,
        diagnostics: r.diagnostics,
        resources: Object.keys(r.resourceSchemas),
        dataSources: Object.keys(r.dataSourceSchemas),
        ephemeralResources: Object.keys(r.ephemeralResourceSchemas ?? {}),
      });
    } catch (err) {
      return m.encodeGetMetadataResponse({ serverCapabilities: { planDestroy: false, getProviderSchemaOptional: false, moveResourceState: false }, diagnostics: [bugDiagnostic(err, log)], resources: [], dataSources: [] });
    }
  });

  rpc(METHOD.validateProviderConfig, async (buf) => {
    const req = m.decodeValidateProviderConfigRequest(buf);
    const diags = await guarded(log, async () => server.validateProviderConfig(asObject(decodeValue(req.config, providerType(), 'config'), providerType())));
    return m.encodeDiagnosticsOnly(2, diags);
  });

  rpc(METHOD.validateResourceConfig, async (buf) => {
    const req = m.decodeValidateResourceConfigRequest(buf);
    const diags = await guarded(log, async () => {
      const type = typeOf('resource', req.typeName);
      return server.validateResourceConfig(req.typeName, asObject(decodeValue(req.config, type, 'config'), type));
    });
    return m.encodeDiagnosticsOnly(1, diags);
  });

  rpc(METHOD.validateDataResourceConfig, async (buf) => {
    const req = m.decodeValidateDataResourceConfigRequest(buf);
    const diags = await guarded(log, async () => {
      const type = typeOf('data source', req.typeName);
      return server.validateDataResourceConfig(req.typeName, asObject(decodeValue(req.config, type, 'config'), type));
    });
    return m.encodeDiagnosticsOnly(1, diags);
  });

  rpc(METHOD.configureProvider, async (buf) => {
    const req = m.decodeConfigureProviderRequest(buf);
    const diags = await guarded(log, async () =>
      server.configureProvider({ terraformVersion: req.terraformVersion, config: asObject(decodeValue(req.config, providerType(), 'config'), providerType()), clientCapabilities: req.clientCapabilities }),
    );
    return m.encodeDiagnosticsOnly(1, diags);
  });

  rpc(METHOD.upgradeResourceState, async (buf) => {
    const req = m.decodeUpgradeResourceStateRequest(buf);
    const out: { upgradedState?: Uint8Array; diagnostics: Diagnostic[] } = { diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      typeOf('resource', req.typeName); // an unknown type fails before the framework is asked
      if (req.hasFlatmap && req.rawStateJson.length === 0) {
        return [{ severity: 'error', summary: 'Unsupported state format', detail: 'This state was written by Terraform 0.11 or earlier (flatmap); upgrade it with an older provider first.' }];
      }
      const rawStateJson = req.rawStateJson.length ? valueErrorsAsDiagnostics(() => parseJsonExact(req.rawStateJson.toString('utf8')), 'raw state') : null;
      const res = await server.upgradeResourceState({ typeName: req.typeName, version: req.version, rawStateJson });
      out.upgradedState = encodeObject(req.typeName, res.upgradedState, 'upgraded state');
      return res.diagnostics;
    });
    return m.encodeUpgradeResourceStateResponse(out);
  });

  rpc(METHOD.readResource, async (buf, callSignal) => {
    const req = m.decodeReadResourceRequest(buf);
    const out: { newState?: Uint8Array; private: Uint8Array; diagnostics: Diagnostic[] } = { private: req.private, diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      const type = typeOf('resource', req.typeName);
      const currentState = asObject(decodeValue(req.currentState, type, 'current state'), type);
      // Until the framework answers, the safest result is "unchanged": an error must not drop state.
      out.newState = encodeResult(currentState, type, 'current state');
      const res = await withCallSignal(callSignal, (signal) =>
        server.readResource({ typeName: req.typeName, currentState, private: req.private, clientCapabilities: req.clientCapabilities }, signal),
      );
      out.private = res.private;
      out.newState = encodeObject(req.typeName, res.newState, 'new state');
      return res.diagnostics;
    });
    return m.encodeReadResourceResponse(out);
  });

  rpc(METHOD.planResourceChange, async (buf, callSignal) => {
    const req = m.decodePlanResourceChangeRequest(buf);
    const out: m.PlanResponseParts = { requiresReplace: [], plannedPrivate: req.priorPrivate, diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      const type = typeOf('resource', req.typeName);
      const res = await withCallSignal(callSignal, (signal) =>
        server.planResourceChange(
          {
            typeName: req.typeName,
            priorState: nullableObject(decodeValue(req.priorState, type, 'prior state'), type),
            proposedNewState: nullableObject(decodeValue(req.proposedNewState, type, 'proposed new state'), type),
            config: nullableObject(decodeValue(req.config, type, 'config'), type),
            priorPrivate: req.priorPrivate,
            clientCapabilities: req.clientCapabilities,
          },
          signal,
        ),
      );
      out.plannedState = encodeObject(req.typeName, res.plannedState, 'planned state');
      out.requiresReplace = res.requiresReplace;
      out.plannedPrivate = res.plannedPrivate;
      return res.diagnostics;
    });
    return m.encodePlanResourceChangeResponse(out);
  });

  rpc(METHOD.applyResourceChange, async (buf, callSignal) => {
    const req = m.decodeApplyResourceChangeRequest(buf);
    const out: { newState?: Uint8Array; private: Uint8Array; diagnostics: Diagnostic[] } = { private: req.plannedPrivate, diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      const type = typeOf('resource', req.typeName);
      const priorState = nullableObject(decodeValue(req.priorState, type, 'prior state'), type);
      // On failure before the framework answers, keep the prior object (Terraform's rule for error + state).
      out.newState = encodeResult(priorState, type, 'prior state');
      const res = await withCallSignal(callSignal, (signal) =>
        server.applyResourceChange(
          {
            typeName: req.typeName,
            priorState,
            plannedState: nullableObject(decodeValue(req.plannedState, type, 'planned state'), type),
            config: nullableObject(decodeValue(req.config, type, 'config'), type),
            plannedPrivate: req.plannedPrivate,
          },
          signal,
        ),
      );
      out.private = res.private;
      out.newState = encodeObject(req.typeName, res.newState, 'new state');
      return res.diagnostics;
    });
    return m.encodeApplyResourceChangeResponse(out);
  });

  rpc(METHOD.importResourceState, async (buf, callSignal) => {
    const req = m.decodeImportResourceStateRequest(buf);
    const out: { importedResources: { typeName: string; state: Uint8Array; private: Uint8Array }[]; diagnostics: Diagnostic[] } = { importedResources: [], diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      typeOf('resource', req.typeName);
      const res = await withCallSignal(callSignal, (signal) => server.importResourceState({ typeName: req.typeName, id: req.id, clientCapabilities: req.clientCapabilities }, signal));
      out.importedResources = res.importedResources.map((ir) => ({ typeName: ir.typeName, state: encodeObject(ir.typeName, ir.state, 'imported state') ?? NIL, private: ir.private }));
      return res.diagnostics;
    });
    return m.encodeImportResourceStateResponse(out);
  });

  rpc(METHOD.readDataSource, async (buf, callSignal) => {
    const req = m.decodeReadDataSourceRequest(buf);
    const out: { state?: Uint8Array; diagnostics: Diagnostic[] } = { diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      const type = typeOf('data source', req.typeName);
      const config = asObject(decodeValue(req.config, type, 'config'), type);
      if (!server.readDataSource) throw new DiagnosticError(unsupported('data source', req.typeName));
      const read = server.readDataSource;
      const res = await withCallSignal(callSignal, (signal) => read({ typeName: req.typeName, config, clientCapabilities: req.clientCapabilities }, signal));
      out.state = encodeObject(req.typeName, res.state, 'data source state', 'data source');
      return res.diagnostics;
    });
    return m.encodeReadDataSourceResponse(out);
  });

  rpc(METHOD.validateEphemeralResourceConfig, async (buf) => {
    const req = m.decodeValidateEphemeralResourceConfigRequest(buf);
    const diags = await guarded(log, async () => {
      const type = typeOf('ephemeral resource', req.typeName);
      const config = asObject(decodeValue(req.config, type, 'config'), type);
      if (!server.validateEphemeralResourceConfig) throw new DiagnosticError(unsupported('ephemeral resource', req.typeName));
      return server.validateEphemeralResourceConfig(req.typeName, config);
    });
    return m.encodeDiagnosticsOnly(1, diags);
  });

  rpc(METHOD.openEphemeralResource, async (buf, callSignal) => {
    const req = m.decodeOpenEphemeralResourceRequest(buf);
    const out: { result?: Uint8Array; private?: Uint8Array; renewAt?: Date; diagnostics: Diagnostic[] } = { diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      const type = typeOf('ephemeral resource', req.typeName);
      const config = asObject(decodeValue(req.config, type, 'config'), type);
      if (!server.openEphemeralResource) throw new DiagnosticError(unsupported('ephemeral resource', req.typeName));
      const open = server.openEphemeralResource;
      const res = await withCallSignal(callSignal, (signal) => open({ typeName: req.typeName, config, clientCapabilities: req.clientCapabilities }, signal));
      out.result = encodeObject(req.typeName, res.result, 'ephemeral result', 'ephemeral resource');
      if (res.private !== undefined) out.private = res.private;
      if (res.renewAt !== undefined) out.renewAt = res.renewAt;
      return res.diagnostics;
    });
    return m.encodeOpenEphemeralResourceResponse(out);
  });

  rpc(METHOD.renewEphemeralResource, async (buf, callSignal) => {
    const req = m.decodeEphemeralLeaseRequest(buf);
    const out: { private?: Uint8Array; renewAt?: Date; diagnostics: Diagnostic[] } = req.private === undefined ? { diagnostics: [] } : { private: req.private, diagnostics: [] };
    out.diagnostics = await guarded(log, async () => {
      typeOf('ephemeral resource', req.typeName);
      if (!server.renewEphemeralResource) return [];
      const renew = server.renewEphemeralResource;
      const res = await withCallSignal(callSignal, (signal) => renew(req.private === undefined ? { typeName: req.typeName } : { typeName: req.typeName, private: req.private }, signal));
      if (res.private !== undefined) out.private = res.private;
      if (res.renewAt !== undefined) out.renewAt = res.renewAt;
      return res.diagnostics;
    });
    return m.encodeRenewEphemeralResourceResponse(out);
  });

  rpc(METHOD.closeEphemeralResource, async (buf, callSignal) => {
    const req = m.decodeEphemeralLeaseRequest(buf);
    const diags = await guarded(log, async () => {
      typeOf('ephemeral resource', req.typeName);
      if (!server.closeEphemeralResource) return [];
      const close = server.closeEphemeralResource;
      return withCallSignal(callSignal, (signal) => close(req.private === undefined ? { typeName: req.typeName } : { typeName: req.typeName, private: req.private }, signal));
    });
    return m.encodeDiagnosticsOnly(1, diags);
  });

  rpc(METHOD.stopProvider, async () => {
    log.info('StopProvider: cancelling in-flight operations');
    const previous = stopController;
    stopController = longLivedController(); // work started after the stop is not pre-cancelled
    previous.abort(new Error('Terraform asked the provider to stop'));
    try {
      await server.stop();
      return m.encodeStopProviderResponse('');
    } catch (err) {
      return m.encodeStopProviderResponse(redactText(err instanceof Error ? err.message : String(err)));
    }
  });

  rpc(METHOD.shutdown, () => {
    options.onShutdown();
    return m.EMPTY;
  });

  rpc(METHOD.healthCheck, (buf) => {
    const { service } = m.decodeHealthCheckRequest(buf);
    if (service !== '' && service !== 'plugin') throw new GrpcStatusError(Status.NOT_FOUND, `unknown service ${service}`);
    return m.encodeHealthCheckResponse('SERVING');
  });

  return handlers;
}

const NIL = Uint8Array.from([0xc0]);

/** A server that lists a type in its schema but does not implement the RPC for it. */
function unsupported(kind: Kind, typeName: string): Diagnostic {
  return { severity: 'error', summary: `Unsupported ${kind}`, detail: `This provider lists the ${kind} "${typeName}" but cannot serve it. Please report this.` };
}

/** A diagnostic to return as is (unknown type names and similar). */
class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.summary);
  }
}

/** Decodes a request DynamicValue (msgpack, or the JSON fallback). Absent → null. */
function decodeValue(dv: m.DynamicValueBytes | undefined, type: CtyType, what: string): TfValue {
  if (!dv || (dv.msgpack.length === 0 && dv.json.length === 0)) return null;
  return valueErrorsAsDiagnostics(() => (dv.msgpack.length ? decodeMsgpack(dv.msgpack, type) : conformJson(parseJsonExact(dv.json.toString('utf8')), type, [])), what);
}

/** Runs a decode step, turning a ValueError into a diagnostic that names the attribute path. */
function valueErrorsAsDiagnostics<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ValueError) {
      const d: Diagnostic = { severity: 'error', summary: `Invalid ${what} value`, detail: `Terraform sent a ${what} that does not match this provider's schema: ${err.message}` };
      if (err.path.length) d.attribute = err.path;
      throw new DiagnosticError(d);
    }
    throw err;
  }
}

/** Encodes a framework result; a non-conforming value is a provider bug reported with its path. */
function encodeResult(value: TfValue | undefined, type: CtyType, what: string): Uint8Array | undefined {
  try {
    return encodeMsgpack(value ?? null, type);
  } catch (err) {
    if (err instanceof ValueError) {
      const d: Diagnostic = { severity: 'error', summary: 'Provider bug', detail: `The provider produced a ${what} that does not match its own schema: ${err.message}. Please report this.` };
      if (err.path.length) d.attribute = err.path;
      throw new DiagnosticError(d);
    }
    throw err;
  }
}

/** A whole object that is unknown becomes an object of unknowns; null stays null. */
function nullableObject(v: TfValue, type: CtyType): TfObject | null {
  if (v === null) return null;
  if (isUnknown(v)) {
    const out: TfObject = {};
    if (Array.isArray(type) && type[0] === 'object') for (const k of Object.keys(type[1])) out[k] = UNKNOWN;
    return out;
  }
  return v as TfObject;
}

/** For parameters the contract types as non-null: an absent object is an object of nulls. */
function asObject(v: TfValue, type: CtyType): TfObject {
  const o = nullableObject(v, type);
  if (o) return o;
  const out: TfObject = {};
  if (Array.isArray(type) && type[0] === 'object') for (const k of Object.keys(type[1])) out[k] = null;
  return out;
}

/** Runs one RPC's work; any throw becomes diagnostics (never a gRPC error). */
async function guarded(log: Logger, fn: () => Promise<Diagnostic[]>): Promise<Diagnostic[]> {
  try {
    return (await fn()).map(redactDiagnostic);
  } catch (err) {
    if (err instanceof DiagnosticError) return [redactDiagnostic(err.diagnostic)];
    return [bugDiagnostic(err, log)];
  }
}

function bugDiagnostic(err: unknown, log: Logger): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  log.error('provider bug: unexpected exception', { error: err });
  return { severity: 'error', summary: 'Provider bug', detail: redactText(`Unexpected error in the provider: ${message}. Please report this, with TF_LOG_PROVIDER=DEBUG output.`) };
}

/** Registered secrets never leave the process, not even inside a diagnostic. */
function redactDiagnostic(d: Diagnostic): Diagnostic {
  return { ...d, summary: redactText(d.summary), detail: redactText(d.detail) };
}
