/**
 * OneFS API area "S3 settings": the per-zone settings (`/platform/12/protocols/s3/settings/zone`,
 * `?zone=`; since 10) and the cluster-wide ones (`/platform/10/protocols/s3/settings/global`).
 * Each zone's settings are made with the zone and go with it (the cascade lives in `OneFsModel`).
 * GET answers `{"settings": {...}}` with every field; PUT takes any subset and answers 204; a body
 * is checked as OneFS checks it: a JSON object of the schema's members only, each of its type and
 * within the schema's enum, length, pattern and range.
 *
 * Defaults, and how sure we are (docs/simulator.md copies this): `use_md5_for_etag` and
 * `validate_content_md5` false (Dell's 9.8 admin guide: "By default, both options are disabled",
 * confirmed); ports 9020/9021 (Dell's S3 guides, believed); `service` true and `https_only` false
 * (uncertain: the service is off on a fresh 9.0 cluster by some accounts, and the simulator
 * serves S3 keys either way); `object_acl_policy` `replace`, `bucket_directory_create_mode` 511
 * (0777), `base_domain` empty (uncertain); `root_path` the zone's base path (inferred).
 */
import type { RequestHandler } from 'msw';
import {
  S3_BASE_DOMAIN_MAX,
  S3_BASE_DOMAIN_PATTERN,
  S3_CREATE_MODE_MAX,
  S3_OBJECT_ACL_POLICIES,
  S3_PORT_MAX,
  S3_PORT_MIN,
  S3_ROOT_PATH_MAX,
  S3_ROOT_PATH_PATTERN,
} from '../../onefs/s3-settings-rules';
import type { OneFsContext } from './context';
import { aec, parseJsonObject } from './errors';
import { resource, zoneOf } from './platform-resource';
import { papiEmpty, papiJson } from './wire';

/** One zone's S3 settings, in wire names (they are only ever wire JSON). */
export interface S3ZoneSettingsWire {
  base_domain: string;
  bucket_directory_create_mode: number;
  object_acl_policy: string;
  root_path: string;
  use_md5_for_etag: boolean;
  validate_content_md5: boolean;
}

/** The cluster's S3 service settings, in wire names. */
export interface S3GlobalSettingsWire {
  http_port: number;
  https_only: boolean;
  https_port: number;
  service: boolean;
}

/** A fresh zone's settings (see the module comment for how sure each value is). */
export function defaultZoneSettings(zonePath: string): S3ZoneSettingsWire {
  return { base_domain: '', bucket_directory_create_mode: 511, object_acl_policy: 'replace', root_path: zonePath, use_md5_for_etag: false, validate_content_md5: false };
}

/** A fresh cluster's S3 service settings. */
export function defaultGlobalSettings(): S3GlobalSettingsWire {
  return { http_port: 9020, https_only: false, https_port: 9021, service: true };
}

type Check = (value: unknown, field: string) => void;

function invalid(field: string, value: unknown, expected: string): never {
  // Message shape of PAPI's schema checks ("Field: x expected type y"), believed.
  throw aec('AEC_BAD_REQUEST', `Field: ${field} expected ${expected}, got ${JSON.stringify(value)}.`, field);
}

const bool: Check = (v, f) => {
  if (typeof v !== 'boolean') invalid(f, v, 'type boolean');
};
const integer =
  (min: number, max: number): Check =>
  (v, f) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) invalid(f, v, 'type integer');
    if ((v as number) < min || (v as number) > max) invalid(f, v, `an integer from ${min} to ${max}`);
  };
const text =
  (min: number, max: number, pattern?: RegExp, what?: string): Check =>
  (v, f) => {
    if (typeof v !== 'string') invalid(f, v, 'type string');
    const s = v as string;
    if (s.length < min || s.length > max) invalid(f, v, `a string of ${min} to ${max} characters`);
    if (pattern !== undefined && !pattern.test(s)) invalid(f, v, what ?? `a string matching ${String(pattern)}`);
  };
const oneOf =
  (allowed: readonly string[]): Check =>
  (v, f) => {
    if (typeof v !== 'string' || !allowed.includes(v)) invalid(f, v, `one of ${allowed.join(', ')}`);
  };

const ZONE_CHECKS: Readonly<Record<keyof S3ZoneSettingsWire, Check>> = {
  base_domain: text(0, S3_BASE_DOMAIN_MAX, S3_BASE_DOMAIN_PATTERN, 'an empty string or a domain name'),
  bucket_directory_create_mode: integer(0, S3_CREATE_MODE_MAX),
  object_acl_policy: oneOf(S3_OBJECT_ACL_POLICIES),
  root_path: text(1, S3_ROOT_PATH_MAX, S3_ROOT_PATH_PATTERN, 'a path under /ifs'),
  use_md5_for_etag: bool,
  validate_content_md5: bool,
};

const GLOBAL_CHECKS: Readonly<Record<keyof S3GlobalSettingsWire, Check>> = {
  http_port: integer(S3_PORT_MIN, S3_PORT_MAX),
  https_only: bool,
  https_port: integer(S3_PORT_MIN, S3_PORT_MAX),
  service: bool,
};

/** A PUT body checked against `checks`: members outside the schema are refused, as PAPI refuses them. */
function parsePatch<T extends object>(text: string, checks: Readonly<Record<keyof T, Check>>): Partial<T> {
  const body = parseJsonObject(text);
  for (const [field, value] of Object.entries(body)) {
    const check = checks[field as keyof T] as Check | undefined;
    if (check === undefined) throw aec('AEC_BAD_REQUEST', `Field: ${field} is not a valid input field.`, field);
    check(value, field);
  }
  return body as Partial<T>;
}

/** Reads a `S3SettingsZoneSettings` PUT body. */
export function parseZoneSettingsPatch(text: string): Partial<S3ZoneSettingsWire> {
  return parsePatch<S3ZoneSettingsWire>(text, ZONE_CHECKS);
}

/** Reads a `S3SettingsGlobalSettings` PUT body. */
export function parseGlobalSettingsPatch(text: string): Partial<S3GlobalSettingsWire> {
  return parsePatch<S3GlobalSettingsWire>(text, GLOBAL_CHECKS);
}

/** The settings of every zone and of the cluster. Knows no zone table: `OneFsModel` opens and closes zones. */
export class S3SettingsTable {
  readonly #zones = new Map<string, S3ZoneSettingsWire>();
  #global = defaultGlobalSettings();

  /** A new zone's defaults (kept when the zone already has settings). */
  openZone(zone: string, zonePath: string): void {
    if (!this.#zones.has(zone)) this.#zones.set(zone, defaultZoneSettings(zonePath));
  }

  closeZone(zone: string): void {
    this.#zones.delete(zone);
  }

  /** The zone's settings; undefined when the zone was never opened (the model checks the zone first). */
  zone(zone: string): S3ZoneSettingsWire | undefined {
    return this.#zones.get(zone);
  }

  modifyZone(zone: string, patch: Partial<S3ZoneSettingsWire>): void {
    const current = this.#zones.get(zone);
    if (current !== undefined) this.#zones.set(zone, { ...current, ...patch });
  }

  global(): S3GlobalSettingsWire {
    return { ...this.#global };
  }

  modifyGlobal(patch: Partial<S3GlobalSettingsWire>): void {
    this.#global = { ...this.#global, ...patch };
  }

  clear(): void {
    this.#zones.clear();
    this.#global = defaultGlobalSettings();
  }
}

/** The S3 settings area's routes. */
export function s3SettingsRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/protocols/s3/settings/zone', 10, {
      GET: ({ url }) => papiJson(200, { settings: model.s3ZoneSettings(zoneOf(url)) }),
      PUT: async ({ request, url }) => {
        const zone = zoneOf(url);
        model.getZone(zone);
        model.s3Settings.modifyZone(zone, parseZoneSettingsPatch(await request.text()));
        return papiEmpty(204);
      },
    }),
    resource(ctx, '/protocols/s3/settings/global', 10, {
      GET: () => papiJson(200, { settings: model.s3Settings.global() }),
      PUT: async ({ request }) => {
        model.s3Settings.modifyGlobal(parseGlobalSettingsPatch(await request.text()));
        return papiEmpty(204);
      },
    }),
  ];
}
