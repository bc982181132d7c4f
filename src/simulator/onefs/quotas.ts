/**
 * OneFS API area "quotas" (SmartQuotas): the quota table, the wire body of one quota
 * (`QuotaQuotaExtended`) and the `/platform/N/quota/quotas` routes (list with the path, type and
 * persona filters and paging, create, and get/modify/delete by the opaque id). A quota is one per
 * path, type and persona (a second is the 409 conflict); the path must exist and personas are
 * resolved in `?zone=`: those cross-area checks live in `OneFsModel`, so this table knows no other
 * area. Thresholds follow OneFS's rules as far as they are known (docs/simulator.md rates each):
 * soft needs soft_grace and soft_grace needs soft, soft and advisory below hard. A modify's
 * `thresholds` member changes the thresholds it names, and a threshold given as null is cleared.
 * Usage is whatever the control API's `POST /quotas/usage` last set for the path (0 at first).
 */
import type { RequestHandler } from 'msw';
import type { OneFsContext } from './context';
import { aec, parseJsonObject } from './errors';
import { listQuery } from './paging';
import { param, resource } from './platform-resource';
import { papiEmpty, papiJson } from './wire';

export const QUOTA_TYPES = ['directory', 'user', 'group', 'default-directory', 'default-user', 'default-group'] as const;
export const THRESHOLDS_ON = ['applogicalsize', 'fslogicalsize', 'physicalsize'] as const;
const PERSONA_TYPES = ['user', 'group'];

/** The serialized persona the cluster keeps (`UID:2001`) with its resolved name and type. */
export interface QuotaPersona {
  id: string;
  name: string;
  type: 'user' | 'group';
}

export interface QuotaThresholds {
  hard: number | null;
  soft: number | null;
  softGrace: number | null;
  advisory: number | null;
}

export interface Quota {
  id: string;
  path: string;
  type: string;
  persona: QuotaPersona | null;
  includeSnapshots: boolean;
  enforced: boolean;
  container: boolean;
  thresholds: QuotaThresholds;
  thresholdsOn: string;
  /** Logical bytes (applogical = fslogical here), physical bytes, inodes. */
  usage: { logical: number; physical: number; inodes: number };
}

/** A create or modify body, type-checked; `thresholds` keeps only the members the body named. */
export interface QuotaRequest {
  path?: string;
  type?: string;
  persona?: { id?: string; name?: string; type?: string };
  includeSnapshots?: boolean;
  enforced?: boolean;
  container?: boolean;
  thresholds?: Partial<QuotaThresholds>;
  thresholdsOn?: string;
  /** Whether the body named any member (PUT needs one). */
  empty: boolean;
}

/** `Failed to fetch quota domain record: No such file or directory` (observed, CSI mock). */
function quotaNotFound(): never {
  throw aec('AEC_NOT_FOUND', 'Failed to fetch quota domain record: No such file or directory');
}

/** The threshold rules (messages believed, not observed). */
export function checkThresholds(t: QuotaThresholds): void {
  if (t.soft !== null && t.softGrace === null) throw aec('AEC_BAD_REQUEST', 'A soft threshold requires a soft grace period (soft_grace).', 'soft_grace');
  if (t.soft === null && t.softGrace !== null) throw aec('AEC_BAD_REQUEST', 'A soft grace period (soft_grace) requires a soft threshold.', 'soft_grace');
  if (t.hard !== null && t.soft !== null && t.soft >= t.hard) throw aec('AEC_BAD_REQUEST', 'The soft threshold must be less than the hard threshold.', 'soft');
  if (t.hard !== null && t.advisory !== null && t.advisory >= t.hard) throw aec('AEC_BAD_REQUEST', 'The advisory threshold must be less than the hard threshold.', 'advisory');
}

/** 32 characters of URL-safe base64, as opaque as the cluster's ids (`AABpAQEAAAAAAAAAAAAAQA0AAAAAAAAA`). */
function quotaIdFor(n: number): string {
  const bytes = Buffer.alloc(24);
  bytes.writeUInt32LE(n, 0);
  bytes.writeUInt32LE(0x40000000, 12);
  return bytes.toString('base64url');
}

/** The quotas, in creation order. Ids count from 1 again after `clear()`. */
export class QuotaTable {
  readonly #quotas = new Map<string, Quota>();
  #next = 1;

  list(): Quota[] {
    return [...this.#quotas.values()];
  }

  get(id: string): Quota {
    return this.#quotas.get(id) ?? quotaNotFound();
  }

  /** Adds a checked quota (the model resolved the persona and checked the path); 409 for a duplicate. */
  add(fields: Omit<Quota, 'id' | 'usage'>): Quota {
    const same = this.list().find((q) => q.path === fields.path && q.type === fields.type && q.persona?.id === fields.persona?.id);
    // Message believed, not observed: OneFS refuses a second quota of one path, type and persona.
    if (same) throw aec('AEC_CONFLICT', `A ${fields.type} quota already exists on path '${fields.path}'${fields.persona ? ` for ${fields.persona.id}` : ''}.`);
    checkThresholds(fields.thresholds);
    const quota: Quota = { ...fields, id: quotaIdFor(this.#next++), usage: { logical: 0, physical: 0, inodes: 0 } };
    this.#quotas.set(quota.id, quota);
    return quota;
  }

  /** PUT semantics: the named members change; a threshold named as null is cleared. */
  modify(id: string, request: QuotaRequest): Quota {
    const quota = this.get(id);
    if (request.empty) throw aec('AEC_BAD_REQUEST', 'At least one property must be supplied.');
    for (const name of ['path', 'type', 'persona', 'includeSnapshots'] as const) {
      if (request[name] !== undefined) throw aec('AEC_BAD_REQUEST', `Field: ${snake(name)} is not allowed in a modify.`, snake(name));
    }
    const thresholds = { ...quota.thresholds, ...request.thresholds };
    checkThresholds(thresholds);
    quota.thresholds = thresholds;
    if (request.enforced !== undefined) quota.enforced = request.enforced;
    if (request.container !== undefined) quota.container = request.container;
    if (request.thresholdsOn !== undefined) quota.thresholdsOn = request.thresholdsOn;
    return quota;
  }

  remove(id: string): void {
    this.get(id);
    this.#quotas.delete(id);
  }

  /** Sets the usage of every quota on `path` (the control API); returns how many there are. */
  setUsage(path: string, logical: number): number {
    const on = this.list().filter((q) => q.path === path);
    for (const q of on) q.usage = { logical, physical: physicalFor(logical), inodes: Math.max(1, q.usage.inodes) };
    return on.length;
  }

  clear(): void {
    this.#quotas.clear();
    this.#next = 1;
  }
}

/** Physical bytes for logical ones: 8 KiB blocks plus 2x protection (a plausible OneFS figure, not a measured one). */
function physicalFor(logical: number): number {
  return Math.ceil(logical / 8192) * 8192 * 2 + 2048;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** One quota as `/platform/N/quota/quotas` returns it (`QuotaQuotaExtended`, 9.5). */
export function quotaBody(q: Quota): Record<string, unknown> {
  const { hard, soft, softGrace, advisory } = q.thresholds;
  const used = q.thresholdsOn === 'physicalsize' ? q.usage.physical : q.usage.logical;
  return {
    container: q.container,
    description: '',
    efficiency_ratio: q.usage.physical === 0 ? 0 : q.usage.logical / q.usage.physical,
    enforced: q.enforced,
    id: q.id,
    include_snapshots: q.includeSnapshots,
    labels: '',
    linked: false,
    notifications: 'default',
    path: q.path,
    persona: q.persona === null ? null : { id: q.persona.id, name: q.persona.name, type: q.persona.type },
    ready: true,
    reduction_ratio: 1,
    thresholds: {
      advisory,
      advisory_exceeded: advisory !== null && used > advisory,
      advisory_last_exceeded: null,
      hard,
      hard_exceeded: hard !== null && used >= hard,
      hard_last_exceeded: null,
      percent_advisory: null,
      percent_soft: null,
      soft,
      soft_exceeded: soft !== null && used > soft,
      soft_grace: softGrace,
      soft_last_exceeded: null,
    },
    thresholds_on: q.thresholdsOn,
    type: q.type,
    usage: {
      applogical: q.usage.logical,
      applogical_ready: true,
      fslogical: q.usage.logical,
      fslogical_ready: true,
      fsphysical: q.usage.physical,
      fsphysical_ready: true,
      inodes: q.usage.inodes,
      inodes_ready: true,
      physical: q.usage.physical,
      physical_data: Math.ceil(q.usage.logical / 8192),
      physical_data_ready: true,
      physical_protection: Math.ceil(q.usage.logical / 8192),
      physical_protection_ready: true,
      physical_ready: true,
      shadow_refs: 0,
      shadow_refs_ready: true,
    },
  };
}

function typed<T>(body: Record<string, unknown>, name: string, ok: (v: unknown) => v is T, expected: string): T | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!ok(value)) throw aec('AEC_BAD_REQUEST', `Field: ${name} expected type ${expected}, got ${JSON.stringify(value)}.`, name);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function oneOfField(body: Record<string, unknown>, name: string, allowed: readonly string[]): string | undefined {
  const value = typed(body, name, isString, 'string');
  if (value !== undefined && !allowed.includes(value)) throw aec('AEC_BAD_REQUEST', `Field: ${name} has an invalid value '${value}': expected one of ${allowed.join(', ')}.`, name);
  return value;
}

function thresholdsOf(raw: Record<string, unknown>): Partial<QuotaThresholds> {
  const out: Partial<QuotaThresholds> = {};
  const bounds: Record<string, [keyof QuotaThresholds, number]> = { hard: ['hard', 2 ** 63 - 1], soft: ['soft', 2 ** 63 - 1], soft_grace: ['softGrace', 1073741823], advisory: ['advisory', 2 ** 63 - 1] };
  for (const [wire, value] of Object.entries(raw)) {
    const known = bounds[wire];
    if (known === undefined) {
      if (wire === 'percent_soft' || wire === 'percent_advisory') {
        if (value === null) continue;
        throw aec('AEC_BAD_REQUEST', `Field: ${wire} is not supported by the simulator.`, wire);
      }
      throw aec('AEC_BAD_REQUEST', `Field: ${wire} has error: A property was present that is not defined by the schema.`, wire);
    }
    if (value !== null && !(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= known[1])) {
      throw aec('AEC_BAD_REQUEST', `Field: ${wire} expected an integer from 1 to ${known[1]} or null, got ${JSON.stringify(value)}.`, wire);
    }
    out[known[0]] = value;
  }
  return out;
}

/** Reads a `QuotaQuotaCreateParams` / `QuotaQuota` body; other schema members are accepted and not kept. */
export function parseQuotaRequest(text: string): QuotaRequest {
  const body = parseJsonObject(text);
  const thresholds = typed(body, 'thresholds', isObject, 'object');
  const persona = typed(body, 'persona', (v): v is Record<string, unknown> | null => v === null || isObject(v), 'object');
  return {
    path: typed(body, 'path', isString, 'string'),
    type: oneOfField(body, 'type', QUOTA_TYPES),
    persona: persona === null || persona === undefined ? undefined : { id: typed(persona, 'id', isString, 'string'), name: typed(persona, 'name', isString, 'string'), type: typed(persona, 'type', isString, 'string') },
    includeSnapshots: typed(body, 'include_snapshots', isBool, 'boolean'),
    enforced: typed(body, 'enforced', isBool, 'boolean'),
    container: typed(body, 'container', isBool, 'boolean'),
    thresholds: thresholds === undefined ? undefined : thresholdsOf(thresholds),
    thresholdsOn: oneOfField(body, 'thresholds_on', THRESHOLDS_ON),
    empty: Object.keys(body).length === 0,
  };
}

/** Whether a persona type needs a persona. */
export function needsPersona(type: string): boolean {
  return PERSONA_TYPES.includes(type);
}

/** The quotas area's routes (at every version from 1; the 9.5 bodies at all of them). */
export function quotaRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/quota/quotas', 1, {
      GET: ({ url }) => {
        const query = listQuery(url, ['path', 'type', 'persona', 'zone', 'resolve_names']);
        const items = model.listQuotas({ path: query.get('path') ?? undefined, type: query.get('type') ?? undefined, persona: query.get('persona') ?? undefined, zone: query.get('zone') || undefined });
        const { items: page, resume } = query.page(items);
        return papiJson(200, { quotas: page.map(quotaBody), ...(resume === undefined ? {} : { resume }) });
      },
      POST: async ({ request, url }) => {
        const quota = model.createQuota(parseQuotaRequest(await request.text()), url.searchParams.get('zone') || undefined);
        return papiJson(201, { id: quota.id });
      },
    }),
    resource(ctx, '/quota/quotas/:id', 1, {
      GET: ({ params }) => papiJson(200, { quotas: [quotaBody(model.quotas.get(param(params, 'id')))] }),
      PUT: async ({ request, params }) => {
        model.quotas.modify(param(params, 'id'), parseQuotaRequest(await request.text()));
        return papiEmpty(204);
      },
      DELETE: ({ params }) => {
        model.quotas.remove(param(params, 'id'));
        return papiEmpty(204);
      },
    }),
  ];
}
