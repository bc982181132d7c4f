/**
 * The real-cluster acceptance mode's configuration (`npm run test:acceptance -- --config FILE`):
 * a JSON file naming the cluster, the credentials (as file paths only: no secret ever sits in the
 * file, argv or the environment), and the prefixes of the objects the run may create and delete.
 * A prefix is refused unless it is clearly a test prefix (lower case, at least 4 characters, ending
 * in `-` or `_`, not the start of a built-in name) and, checked against the cluster before
 * anything is created, no existing zone or user starts with it: the run can then only ever touch
 * objects it created.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';

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
  /** Where minted secrets go: `{"type":"file","path"}` (default: a temporary file store) or a DAP store block. */
  readonly secretStore?: Readonly<Record<string, unknown>>;
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
  const known = new Set(['endpoint', 'username', 'passwordFile', 'caCertFile', 'zonePrefix', 'userPrefix', 'secretStore']);
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
    ...(secretStore === undefined ? {} : { secretStore: secretStore as Record<string, unknown> }),
  };
}

/** The config named by `CDKTF_POWERSCALE_ACCEPTANCE_CONFIG`, or undefined when none is set. */
export function acceptanceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AcceptanceConfig | undefined {
  const path = env[ACCEPTANCE_CONFIG_ENV];
  if (path === undefined || path === '' || !existsSync(path)) return undefined;
  return parseAcceptanceConfig(JSON.parse(readFileSync(path, 'utf8')) as unknown, dirname(path));
}
