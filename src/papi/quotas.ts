/**
 * SmartQuotas (OneFS 9.5 API schema: `/platform/15/quota/quotas` and `.../{QuotaQuotaId}`; 9.0-9.1
 * serve them at `/8`, 9.2-9.3 at `/12`). The id is opaque (32 characters on 9.5); quotas are found
 * by path and type through the list's filters. `?zone=` only resolves user and group personas.
 * Wire JSON stays here: callers get camelCase {@link Quota} models.
 *
 * Thresholds are written whole on every create and modify, an unset one as `null`: PAPI takes a
 * null threshold as "no threshold" (clients such as gopowerscale send `"advisory": null`), and a
 * client that leaves a key out cannot clear it (the reason Dell's provider could not).
 */
import { BodyReader, PapiDecodeError } from './decode';
import { listAll } from './paging';
import { papiPath } from './path';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** Quota types (`QuotaQuotaCreateParams.type`). */
export const QUOTA_TYPES = ['directory', 'user', 'group', 'default-directory', 'default-user', 'default-group'] as const;
export type QuotaType = (typeof QUOTA_TYPES)[number];

/** The usage a quota's thresholds apply to (`thresholds_on`). */
export const THRESHOLDS_ON = ['applogicalsize', 'fslogicalsize', 'physicalsize'] as const;
export type ThresholdsOn = (typeof THRESHOLDS_ON)[number];

/** Bytes (hard, soft, advisory) and seconds (softGrace); null = no such threshold. */
export interface QuotaThresholds {
  readonly hard: number | null;
  readonly soft: number | null;
  readonly softGrace: number | null;
  readonly advisory: number | null;
}

/** What the quota's data uses now (bytes, and files and directories). */
export interface QuotaUsage {
  /** Logical bytes as the file system counts them (`fslogical`; older API versions answer `logical`). */
  readonly logical: number;
  readonly physical: number;
  readonly inodes: number;
}

/** A user or group persona (`AuthAccessAccessItemFileGroup`). */
export interface QuotaPersona {
  /** Serialized persona: `UID:2000`, `USER:alice`, `GID:2000`, `GROUP:devs`. */
  readonly id: string | null;
  readonly name: string | null;
  readonly type: string | null;
}

/** One quota (`QuotaQuotaExtended`, the members the provider uses). */
export interface Quota {
  readonly id: string;
  readonly path: string;
  readonly type: string;
  readonly persona: QuotaPersona | null;
  readonly includeSnapshots: boolean;
  readonly enforced: boolean;
  readonly container: boolean;
  readonly thresholds: QuotaThresholds;
  readonly thresholdsOn: string | null;
  readonly usage: QuotaUsage;
  /** False while a QuotaScan job is still counting the usage. */
  readonly ready: boolean;
  /** True when a default-* quota controls it (it cannot be modified until unlinked). */
  readonly linked: boolean | null;
}

/** `/platform/<version>/quota/quotas`. */
export function quotasPath(version: number): string {
  return `/platform/${version}/quota/quotas`;
}

function quotaItemPath(version: number, id: string): string {
  return `/platform/${version}${papiPath`/quota/quotas/${id}`}`;
}

function firstInt(r: BodyReader, ...fields: string[]): number {
  for (const f of fields.slice(0, -1)) {
    const v = r.optionalInt(f);
    if (v !== null) return v;
  }
  return r.int(fields.at(-1) ?? '');
}

function decodeQuota(q: BodyReader): Quota {
  const t = q.object('thresholds');
  const u = q.object('usage');
  const p = q.optionalObject('persona');
  return {
    id: q.string('id'),
    path: q.string('path'),
    type: q.string('type'),
    persona: p === null ? null : { id: p.optionalString('id'), name: p.optionalString('name'), type: p.optionalString('type') },
    includeSnapshots: q.bool('include_snapshots'),
    enforced: q.bool('enforced'),
    container: q.bool('container'),
    thresholds: { hard: t.optionalInt('hard'), soft: t.optionalInt('soft'), softGrace: t.optionalInt('soft_grace'), advisory: t.optionalInt('advisory') },
    thresholdsOn: q.optionalString('thresholds_on'),
    usage: { logical: firstInt(u, 'fslogical', 'logical'), physical: u.int('physical'), inodes: u.int('inodes') },
    ready: q.bool('ready'),
    linked: q.optionalBool('linked'),
  };
}

function decodeQuotas(method: string, path: string, body: unknown): Quota[] {
  return BodyReader.of(method, path, body).objects('quotas', decodeQuota);
}

/** The thresholds as the wire writes them: all four keys, an unset one as null (clears it). */
function thresholdsJson(t: QuotaThresholds): Record<string, number | null> {
  return { hard: t.hard, soft: t.soft, soft_grace: t.softGrace, advisory: t.advisory };
}

/** One quota by id; a missing quota is the cluster's 404 (PapiError). */
export async function getQuota(papi: PapiApi, id: string, options: { zone?: string; signal?: AbortSignal } = {}): Promise<Quota> {
  const path = quotaItemPath(await apiVersionOf(papi, 'quotas', options.signal), id);
  const body = await papi.get(path, { query: { zone: options.zone, resolve_names: true }, signal: options.signal });
  const [quota] = decodeQuotas('GET', path, body);
  if (quota === undefined) throw new PapiDecodeError('GET', path, 'quotas', 'a list with one quota');
  return quota;
}

/** Filters of {@link listQuotas}. */
export interface QuotaFilter {
  readonly path?: string;
  readonly type?: string;
  /** `USER:<name>`, `GROUP:<name>`, `UID:<n>`, `GID:<n>` (with `type`). */
  readonly persona?: string;
  readonly zone?: string;
}

/** Every quota matching the filter (every page). */
export async function listQuotas(papi: PapiApi, filter: QuotaFilter = {}, signal?: AbortSignal): Promise<Quota[]> {
  const path = quotasPath(await apiVersionOf(papi, 'quotas', signal));
  return listAll(papi, path, 'quotas', decodeQuota, { query: { path: filter.path, type: filter.type, persona: filter.persona, zone: filter.zone, resolve_names: true }, signal });
}

/** What a create sets (`QuotaQuotaCreateParams`, the members the provider manages). */
export interface QuotaCreateInput {
  readonly path: string;
  readonly type: QuotaType;
  /** For user and group quotas: `{type: 'user'|'group', name}`, resolved in `zone`. */
  readonly persona?: { readonly type: string; readonly name: string };
  readonly zone?: string;
  readonly includeSnapshots: boolean;
  readonly enforced: boolean;
  readonly container: boolean;
  readonly thresholds: QuotaThresholds;
  readonly thresholdsOn?: ThresholdsOn;
}

/** Creates a quota; returns its id. A quota of the same path, type and persona is the cluster's 409. */
export async function createQuota(papi: PapiApi, input: QuotaCreateInput, signal?: AbortSignal): Promise<string> {
  const path = quotasPath(await apiVersionOf(papi, 'quotas', signal));
  const json: Record<string, unknown> = {
    path: input.path,
    type: input.type,
    include_snapshots: input.includeSnapshots,
    enforced: input.enforced,
    container: input.container,
    thresholds: thresholdsJson(input.thresholds),
  };
  if (input.persona !== undefined) json.persona = { type: input.persona.type, name: input.persona.name };
  if (input.thresholdsOn !== undefined) json.thresholds_on = input.thresholdsOn;
  const body = await papi.post(path, { json, query: { zone: input.zone }, signal });
  return BodyReader.of('POST', path, body).string('id');
}

/** What a modify changes (`QuotaQuota`: path, type, persona and include_snapshots cannot change). */
export interface QuotaUpdateInput {
  readonly enforced?: boolean;
  readonly container?: boolean;
  /** Written whole: a null threshold is cleared. */
  readonly thresholds?: QuotaThresholds;
  readonly thresholdsOn?: ThresholdsOn;
}

/** Modifies a quota; sends only the given members (PUT needs at least one). */
export async function updateQuota(papi: PapiApi, id: string, input: QuotaUpdateInput, signal?: AbortSignal): Promise<void> {
  const json: Record<string, unknown> = {};
  if (input.enforced !== undefined) json.enforced = input.enforced;
  if (input.container !== undefined) json.container = input.container;
  if (input.thresholds !== undefined) json.thresholds = thresholdsJson(input.thresholds);
  if (input.thresholdsOn !== undefined) json.thresholds_on = input.thresholdsOn;
  if (Object.keys(json).length === 0) return;
  await papi.put(quotaItemPath(await apiVersionOf(papi, 'quotas', signal), id), { json, signal });
}

/** Deletes a quota by id; a missing quota is the cluster's 404 (PapiError). */
export async function deleteQuota(papi: PapiApi, id: string, signal?: AbortSignal): Promise<void> {
  await papi.delete(quotaItemPath(await apiVersionOf(papi, 'quotas', signal), id), { signal });
}
