/**
 * The real-cluster acceptance mode's configuration (`npm run test:acceptance -- --config FILE`):
 * a JSON file naming the cluster, the credentials (as file paths only: no secret ever sits in the
 * file, argv or the environment), and the prefixes of the objects the run may create and delete.
 * A prefix is refused unless it is clearly a test prefix (lower case, at least 4 characters, ending
 * in `-` or `_`, not the start of a built-in name) and, checked against the cluster before
 * anything is created, no existing zone, user, group or bucket starts with it and no zone, bucket
 * or quota uses a path at or below `basePath`: the run can then only ever touch objects it created.
 * The cluster-wide S3 settings are touched only when `touchGlobalSettings` is true.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';
import { s3BucketNameProblem } from '../../src/onefs/bucket-names';

export interface AcceptanceConfig {
  /** `https://host[:port]` of the cluster. */
  readonly endpoint: string;
  readonly username: string;
  /** A file holding the password (owner-only, as the provider requires). */
  readonly passwordFile: string;
  /** PEM CA bundle for the cluster's certificate. @default - the system roots */
  readonly caCertFile?: string;
  /** Prefix of the access zones the run may create and delete, e.g. `tfacc-`. */
  readonly zonePrefix: string;
  /** Prefix of the local users the run may create and delete, e.g. `tfacc-`. */
  readonly userPrefix: string;
  /**
   * A directory under /ifs (at least two levels below it, e.g. `/ifs/data/tfacc`) below which the
   * run creates its zone's base directory; no zone, bucket or quota may use it yet.
   */
  readonly basePath: string;
  /** Also run `powerscale_s3_global_settings`, which changes the cluster-wide S3 service for minutes. @default false */
  readonly touchGlobalSettings: boolean;
  /** Where minted secrets go: `{"type":"file","path"}` (default: a temporary file store) or a DAP store block. */
  readonly secretStore?: Readonly<Record<string, unknown>>;
}

/** The names and paths of every object the run creates, all derived from the config's prefixes and basePath. */
export interface AcceptanceNames {
  /** The access zone, `<zonePrefix>zone`. */
  readonly zone: string;
  /** The zone's base directory, `<basePath>/<zonePrefix>zone`. */
  readonly zonePath: string;
  /** The local user of the zone (password minted, S3 key, bucket owner), `<userPrefix>user`. */
  readonly user: string;
  /** The local group of the zone, `<userPrefix>group`. */
  readonly group: string;
  /** The bucket, `<zonePrefix>bucket` with "_" as "-" (bucket names have no "_"). */
  readonly bucket: string;
  /** The bucket's directory (and the quota's), `<zonePath>/<bucket>`. */
  readonly bucketPath: string;
}

/** The objects of a run (see {@link AcceptanceNames}). */
export function acceptanceNames(config: Pick<AcceptanceConfig, 'zonePrefix' | 'userPrefix' | 'basePath'>): AcceptanceNames {
  const zone = `${config.zonePrefix}zone`;
  const zonePath = `${config.basePath}/${zone}`;
  const bucket = `${bucketPrefix(config.zonePrefix)}bucket`;
  return { zone, zonePath, user: `${config.userPrefix}user`, group: `${config.userPrefix}group`, bucket, bucketPath: `${zonePath}/${bucket}` };
}

/** The prefix as bucket names carry it: "_" is not allowed there. */
export function bucketPrefix(zonePrefix: string): string {
  return zonePrefix.replace(/_/g, '-');
}

/** The environment variable the runner passes the config file's path in (a path, never a secret). */
export const ACCEPTANCE_CONFIG_ENV = 'CDKTF_POWERSCALE_ACCEPTANCE_CONFIG';

/** Names OneFS creates itself; a prefix that starts one of them is refused. */
const BUILT_IN = ['system', 'admin', 'root', 'guest', 'nobody', 'ftp', 'insightiq', 'compadmin', 'remotesupport', 'wheel', 'administrators'];

/** Why `prefix` (of the `attribute`) cannot be used, or undefined when it may. */
export function prefixProblem(attribute: string, prefix: string): string | undefined {
  if (!/^[a-z][a-z0-9_-]{2,30}[-_]$/.test(prefix)) {
    return `${attribute} must be 4 to 32 lower-case letters, digits, "-" or "_", start with a letter and end with "-" or "_" (e.g. "tfacc-")`;
  }
  // Compared without the closing "-"/"_": "sys-" is too close to "System" for comfort.
  const stem = prefix.slice(0, -1);
  const clash = BUILT_IN.find((name) => name.startsWith(stem) || stem.startsWith(name));
  if (clash !== undefined) return `${attribute} "${prefix}" could name the built-in "${clash}"; choose a prefix such as "tfacc-"`;
  return undefined;
}

/**
 * Why `basePath` cannot be used, or undefined when it may: an absolute path at least two levels
 * below /ifs (`/ifs/data` itself holds everyone's data), of plain segments (letters, digits, ".",
 * "_", "-"; no "." or ".." segment), at most 1024 characters.
 */
export function basePathProblem(basePath: string): string | undefined {
  const segments = basePath.split('/').slice(1);
  if (basePath.length > 1024 || !basePath.startsWith('/ifs/') || segments[0] !== 'ifs' || segments.length < 3 || segments.some((s) => !/^[A-Za-z0-9._-]+$/.test(s) || s === '.' || s === '..')) {
    return `basePath must be an absolute path at least two levels below /ifs, of letters, digits, ".", "_" and "-" (e.g. "/ifs/data/tfacc"), not ${JSON.stringify(basePath)}`;
  }
  return undefined;
}

/** True when `path` is `base` or lies below it; compared without case, as OneFS may treat names. */
export function isAtOrBelow(path: string, base: string): boolean {
  const p = path.replace(/\/+$/, '').toLowerCase();
  const b = base.toLowerCase();
  return p === b || p.startsWith(`${b}/`);
}

/**
 * Why the run must not start: an existing zone, bucket or quota (`what`) uses a path at or below
 * `basePath`, so the directory may hold someone's data (paths only, sorted).
 */
export function pathsInUseProblem(basePath: string, inUse: readonly { readonly what: string; readonly path: string }[]): string | undefined {
  const hits = inUse.filter((u) => isAtOrBelow(u.path, basePath)).map((u) => `${u.what} at ${u.path}`).sort();
  return hits.length === 0 ? undefined : `basePath "${basePath}" is in use (${hits.join(', ')}): it may hold existing data; choose a new directory`;
}

/** Why the run must not start: an existing object already carries a prefix (names only, sorted). */
export function existingObjectsProblem(attribute: string, prefix: string, existing: readonly string[]): string | undefined {
  const taken = existing.filter((name) => name.toLowerCase().startsWith(prefix)).sort();
  return taken.length === 0 ? undefined : `${attribute} "${prefix}" matches existing object(s) ${taken.join(', ')}: the run could touch them; choose an unused prefix`;
}

function str(record: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const value = record[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new TypeError(`${key} must be a non-empty string`);
  return value;
}

/** Validates a parsed config; relative file paths are resolved against `baseDir`. Throws a TypeError naming the attribute. */
export function parseAcceptanceConfig(raw: unknown, baseDir: string): AcceptanceConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new TypeError('the acceptance config must be a JSON object');
  const record = raw as Record<string, unknown>;
  const known = new Set(['endpoint', 'username', 'passwordFile', 'caCertFile', 'zonePrefix', 'userPrefix', 'basePath', 'touchGlobalSettings', 'secretStore']);
  const unknown = Object.keys(record).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new TypeError(`unknown attribute(s) ${unknown.join(', ')}; allowed: ${[...known].join(', ')}`);
  if ('password' in record) throw new TypeError('password is not allowed: use passwordFile');
  const endpoint = str(record, 'endpoint', true) as string;
  if (!/^https:\/\/[^/\s]+\/?$/.test(endpoint)) throw new TypeError('endpoint must be https://host[:port]');
  const file = (key: string, required: boolean) => {
    const value = str(record, key, required);
    return value === undefined ? undefined : isAbsolute(value) ? value : resolve(baseDir, value);
  };
  const zonePrefix = str(record, 'zonePrefix', true) as string;
  const userPrefix = str(record, 'userPrefix', true) as string;
  for (const problem of [prefixProblem('zonePrefix', zonePrefix), prefixProblem('userPrefix', userPrefix)]) if (problem) throw new TypeError(problem);
  const bucketProblem = s3BucketNameProblem(`${bucketPrefix(zonePrefix)}bucket`);
  if (bucketProblem !== undefined) throw new TypeError(`zonePrefix "${zonePrefix}" makes a bad bucket name: ${bucketProblem}`);
  const basePath = (str(record, 'basePath', true) as string).replace(/(.)\/+$/, '$1');
  const baseProblem = basePathProblem(basePath);
  if (baseProblem !== undefined) throw new TypeError(baseProblem);
  const touchGlobalSettings = record.touchGlobalSettings ?? false;
  if (typeof touchGlobalSettings !== 'boolean') throw new TypeError('touchGlobalSettings must be true or false (default false)');
  const secretStore = record.secretStore;
  if (secretStore !== undefined && (secretStore === null || typeof secretStore !== 'object' || Array.isArray(secretStore))) throw new TypeError('secretStore must be an object such as {"type":"file","path":"..."}');
  const caCertFile = file('caCertFile', false);
  return {
    endpoint: endpoint.replace(/\/$/, ''),
    username: str(record, 'username', true) as string,
    passwordFile: file('passwordFile', true) as string,
    ...(caCertFile === undefined ? {} : { caCertFile }),
    zonePrefix,
    userPrefix,
    basePath,
    touchGlobalSettings,
    ...(secretStore === undefined ? {} : { secretStore: secretStore as Record<string, unknown> }),
  };
}

/** The config named by `CDKTF_POWERSCALE_ACCEPTANCE_CONFIG`, or undefined when none is set. */
export function acceptanceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AcceptanceConfig | undefined {
  const path = env[ACCEPTANCE_CONFIG_ENV];
  if (path === undefined || path === '' || !existsSync(path)) return undefined;
  return parseAcceptanceConfig(JSON.parse(readFileSync(path, 'utf8')) as unknown, dirname(path));
}
