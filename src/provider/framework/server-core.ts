/**
 * What every RPC module of the framework server shares: the clients (or a stand-in that explains
 * why there are none), the stop signal, private-state coding, and the error funnels that turn
 * anything a handler throws into diagnostics. The RPC modules (./server, ./server-data-sources,
 * ./server-ephemeral) hold only their own conversions.
 */
import type { AttributePath, Diagnostic } from './contract';
import { DiagnosticError, errorDiagnostic, providerBugDiagnostic, renderError, type ErrorDescriber, type Operation } from './diagnostics';
import type { Log } from './logger';
import type { AfterAnswer } from './resource';
import type { CompiledSchema } from './schema';
import { linkSignals, longLivedController } from './signals';
import { resolveAttribute } from './validate';
import { formatPath, ValueConversionError } from './values';

export const EMPTY = new Uint8Array(0);

/** Private state as JSON bytes (empty for undefined). */
export function encodePrivate(value: unknown): Uint8Array {
  return value === undefined ? EMPTY : new TextEncoder().encode(JSON.stringify(value));
}

/** Private state from JSON bytes; anything else is ignored with a warning. */
export function decodePrivate(bytes: Uint8Array | undefined, log: Log): unknown {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    log.warn('ignoring private state that is not JSON', { bytes: bytes.length });
    return undefined;
  }
}

export const NOT_CONFIGURED = new DiagnosticError({
  summary: 'Provider Not Configured',
  detail: 'Terraform did not configure the powerscale provider before using it. This is a bug in Terraform or the provider; please report it.',
});

export const CONFIG_UNKNOWN = new DiagnosticError({
  summary: 'Provider Configuration Not Known Yet',
  detail:
    'The powerscale provider block refers to values that are known only after apply, so the provider cannot reach the cluster ' +
    'during this plan. Apply the resources those values come from first (for example with -target), or use values known at plan time.',
});

/**
 * A stand-in for a client the framework does not have (never configured, or configured with
 * unknowns): any method call throws `reason`, which renders as a diagnostic that says why. The
 * framework knows no client's methods, so every property is such a method.
 */
function unavailableClient(reason: DiagnosticError): unknown {
  const fail = (): never => {
    throw reason;
  };
  return new Proxy(fail, { get: (_target, property) => (property === 'then' ? undefined : fail) });
}

/** The shared state and helpers of one framework server. */
export interface ServerCore {
  readonly log: Log;
  redact(text: string): string;
  /** Sets the clients from configure, or makes every client use fail with `reason`. */
  setClients(clients: unknown): void;
  setUnavailable(reason: DiagnosticError): void;
  /** A handler request: the clients' members, signal, log and afterAnswer, plus `fields`. */
  request<T extends object>(fields: T, signal: AbortSignal): T & { signal: AbortSignal; log: Log; afterAnswer: AfterAnswer };
  /** Resolves once no work a handler left running after its answer (afterAnswer) is pending. */
  idle(): Promise<void>;
  /** Runs one RPC with a signal that also aborts on stop(), detached when the RPC is over. */
  scoped<T>(signal: AbortSignal, body: (linked: AbortSignal) => Promise<T>): Promise<T>;
  /** Runs an RPC body; whatever escapes becomes a provider-bug diagnostic, never a throw. */
  guard<T>(operation: Operation, title: string, fallback: (d: Diagnostic[]) => T, body: () => Promise<T>): Promise<T>;
  /** Renders a handler's error as diagnostics, with model keys resolved against `schema`. */
  failed(operation: Operation, title: string, error: unknown, schema?: CompiledSchema, typeName?: string): Diagnostic[];
  /** The diagnostic for a type name the server does not serve. */
  unknownType(kind: string, typeName: string): Diagnostic[];
  stop(): void;
}

/** Builds the core; `describe` renders client-layer errors (PAPI, secret store) for diagnostics. */
export function createServerCore(log: Log, describe: ErrorDescriber): ServerCore {
  const stopper = longLivedController();
  let clients: unknown;
  let unavailable: DiagnosticError | undefined = NOT_CONFIGURED;
  const redact = (text: string): string => log.redact(text);
  const trailing = new Set<Promise<void>>();
  const afterAnswer: AfterAnswer = (work) => {
    const done = Promise.resolve()
      .then(() => work(stopper.signal))
      .catch((error: unknown) => log.debug('work after an answer failed', { name: error instanceof Error ? error.name : typeof error }))
      .finally(() => trailing.delete(done));
    trailing.add(done);
    return done;
  };

  return {
    log,
    redact,
    setClients(value) {
      clients = value;
      unavailable = undefined;
    },
    setUnavailable(reason) {
      clients = undefined;
      unavailable = reason;
    },
    request(fields, signal) {
      const base = { signal, log, afterAnswer, ...fields };
      const reason = unavailable;
      if (reason === undefined) return { ...(clients as object), ...base };
      // Destructuring `{ papi }` from the request works; calling anything on it explains why not.
      return new Proxy(base, {
        get: (target, property, receiver) => (property in target || typeof property === 'symbol' || property === 'then' ? Reflect.get(target, property, receiver) : unavailableClient(reason)),
      });
    },
    async idle() {
      // Work may start more work (a clean-up that chains another): wait until none is left.
      while (trailing.size > 0) await Promise.all([...trailing]);
    },
    async scoped(signal, body) {
      const link = linkSignals(signal, stopper.signal);
      try {
        return await body(link.signal);
      } finally {
        link.dispose();
      }
    },
    async guard(operation, title, fallback, body) {
      try {
        return await body();
      } catch (error) {
        log.error('unexpected provider error', { operation, name: error instanceof Error ? error.name : typeof error });
        return fallback([providerBugDiagnostic(operation, title, error, redact)]);
      }
    },
    failed(operation, title, error, schema, typeName) {
      const resolve = (attribute: string | AttributePath | undefined) => (schema ? resolveAttribute(schema, attribute) : Array.isArray(attribute) ? attribute : undefined);
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
      for (const d of diagnostics) log.warn(`${operation.toLowerCase()} failed`, { resource: typeName, summary: d.summary });
      return diagnostics;
    },
    unknownType(kind, typeName) {
      return [
        errorDiagnostic(
          `Unknown ${kind.replace(/\b\w/g, (c) => c.toUpperCase())} Type`,
          `The powerscale provider has no ${kind} type ${JSON.stringify(typeName)}. This is a bug in Terraform or the provider; please report it.`,
        ),
      ];
    },
    stop() {
      stopper.abort();
    },
  };
}
