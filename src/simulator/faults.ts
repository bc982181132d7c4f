/**
 * Injected faults, shared by both simulated services: "fail the next N requests that match with
 * this status and body, this delay, or a dropped connection" (control API `POST /faults`).
 */

/** A decoded fault spec. At least one of `status`, `delayMs`, `drop` is set. */
export interface FaultSpec {
  /** Which service's requests match ("onefs", "dap"). @default - any service */
  service?: string;
  /** HTTP method to match, upper case. @default - any method */
  method?: string;
  /** Substring of path+query, or `/regex/` (optionally with flags) tested against it. @default - any path */
  path?: string;
  /** How many matching requests to affect. @default 1 */
  count: number;
  /** Answer with this status instead of the real response. */
  status?: number;
  /** Body for `status`: JSON, or a string sent as text. @default - the service's own error body */
  body?: unknown;
  /** Wait this long first (then answer normally unless `status` or `drop` is set). */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /**
   * The service acts on the request first, then answers with `status` or drops the connection:
   * the answer is lost, not the work (a create that happened although the client saw a 503 or
   * no answer). Without it a fault answers instead of the service, which then does nothing.
   */
  processed?: boolean;
}

/** A pending fault with the number of matches left. */
export interface Fault extends FaultSpec {
  readonly id: number;
  remaining: number;
}

/** A spec that cannot be decoded; the message says which member is wrong. */
export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

const KEYS = new Set(['service', 'method', 'path', 'count', 'status', 'body', 'delayMs', 'drop', 'processed']);

function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const v = record[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new FaultSpecError(`"${key}" must be a non-empty string`);
  return v;
}

function optionalInteger(record: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = record[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new FaultSpecError(`"${key}" must be an integer from ${min} to ${max}`);
  return v;
}

/** Decodes a fault spec from wire JSON. */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultSpecError('a fault spec is a JSON object');
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) throw new FaultSpecError(`unknown member(s): ${unknown.join(', ')}`);
  const spec: FaultSpec = { count: optionalInteger(record, 'count', 1, 1_000_000) ?? 1 };
  const service = optionalString(record, 'service');
  const method = optionalString(record, 'method');
  const path = optionalString(record, 'path');
  const status = optionalInteger(record, 'status', 200, 599);
  const delayMs = optionalInteger(record, 'delayMs', 0, 600_000);
  if (service !== undefined) spec.service = service;
  if (method !== undefined) spec.method = method.toUpperCase();
  if (path !== undefined) {
    compilePath(path);
    spec.path = path;
  }
  if (status !== undefined) spec.status = status;
  if (delayMs !== undefined) spec.delayMs = delayMs;
  if (record.body !== undefined) spec.body = record.body;
  if (record.drop !== undefined) {
    if (typeof record.drop !== 'boolean') throw new FaultSpecError('"drop" must be a boolean');
    spec.drop = record.drop;
  }
  if (record.processed !== undefined) {
    if (typeof record.processed !== 'boolean') throw new FaultSpecError('"processed" must be a boolean');
    spec.processed = record.processed;
  }
  if (spec.status === undefined && spec.delayMs === undefined && spec.drop !== true) throw new FaultSpecError('a fault needs "status", "delayMs" or "drop": true');
  if (spec.processed === true && spec.status === undefined && spec.drop !== true) throw new FaultSpecError('"processed" needs "status" or "drop": true (the answer it replaces)');
  if (spec.body !== undefined && spec.status === undefined) throw new FaultSpecError('"body" needs "status"');
  return spec;
}

/**
 * `/re/` or `/re/flags` (flags from "dgimsuy") becomes a RegExp; anything else, such as
 * `/platform/latest`, matches as a substring.
 */
function compilePath(path: string): (target: string) => boolean {
  const re = /^\/(.+)\/([dgimsuy]*)$/.exec(path);
  if (re) {
    try {
      const regex = new RegExp(re[1] ?? '', re[2]);
      return (target) => regex.test(target);
    } catch {
      throw new FaultSpecError(`"path" is not a valid regular expression: ${path}`);
    }
  }
  return (target) => target.includes(path);
}

/** The pending faults, matched in the order they were added. */
export class FaultBook {
  #nextId = 1;
  #faults: Array<{ fault: Fault; test: (target: string) => boolean }> = [];

  /** Queues a fault and returns it (with its id). */
  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.#nextId++, remaining: spec.count };
    this.#faults.push({ fault, test: spec.path === undefined ? () => true : compilePath(spec.path) });
    return fault;
  }

  /**
   * The first pending fault matching the request, consuming one of its matches; undefined when
   * none applies. `target` is the path plus query string.
   */
  take(service: string, method: string, target: string): Fault | undefined {
    const index = this.#faults.findIndex(({ fault, test }) => (fault.service === undefined || fault.service === service) && (fault.method === undefined || fault.method === method) && test(target));
    const entry = this.#faults[index];
    if (!entry) return undefined;
    entry.fault.remaining--;
    if (entry.fault.remaining <= 0) this.#faults.splice(index, 1);
    return { ...entry.fault };
  }

  /** Pending faults, oldest first. */
  list(): Fault[] {
    return this.#faults.map(({ fault }) => ({ ...fault }));
  }

  clear(): void {
    this.#faults = [];
  }
}
