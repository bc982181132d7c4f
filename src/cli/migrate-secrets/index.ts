/**
 * Moves the S3 secrets Dell's provider (`dell/powerscale`) kept in Terraform state into a secret
 * store, under the names `powerscale_s3_key` of this provider reads by default, so that importing
 * the keys afterwards mints nothing and no tenant is cut off.
 *
 * The secret values exist only in memory here: read from the state file, written to the store, and
 * never put into a message, a log line or the returned report. Messages name the resource address,
 * the zone, the user and the secret name only. A state that is not JSON is reported without the
 * parser's message, which would quote the text around the error.
 */
import type { SecretStore } from '../../secrets';
import { defaultSecretName } from '../../provider/resources/s3-key/naming';
import { encodeSecretDocument } from '../../provider/resources/s3-key/secret-document';

/** One S3 key found in the state: where it is, and (in memory only) its secret. */
export interface DellS3Key {
  /** The resource address in Dell's configuration, e.g. `powerscale_s3_key.alice` or `module.m.powerscale_s3_key.k["a"]`. */
  readonly address: string;
  /** The address the key gets in this provider's configuration (`powerscale_s3_key.<name>[key]`, no module). */
  readonly importTo: string;
  readonly zone: string;
  readonly user: string;
  readonly accessId: string;
  /** Not enumerable: a careless `JSON.stringify` or `console.log` of the object never shows it. */
  readonly secretKey: string;
}

/** Why a state file cannot be read, naming no value from it. */
export class StateFormatError extends Error {
  override readonly name = 'StateFormatError';
}

/** What happened to one key. */
export interface MigrationRow {
  readonly address: string;
  readonly importTo: string;
  readonly zone: string;
  readonly user: string;
  readonly secretName: string;
  /** `written`; `kept`: the store already held a secret there (use --overwrite); `would-write`: a dry run; `skipped`: no secret in state. */
  readonly outcome: 'written' | 'kept' | 'would-write' | 'skipped';
}

const HCL_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function instanceKey(key: unknown): string {
  if (typeof key === 'number') return `[${key}]`;
  if (typeof key === 'string') return `[${JSON.stringify(key)}]`;
  return '';
}

/**
 * The `powerscale_s3_key` instances of Dell's provider in a state file's text (`terraform state
 * pull`, or a `terraform.tfstate`). Instances without a secret are returned with an empty secret
 * (reported as skipped). Resources of other providers are ignored.
 */
export function dellS3KeysFromState(text: string): { keys: DellS3Key[]; skipped: Omit<MigrationRow, 'secretName' | 'outcome'>[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StateFormatError('the state file is not JSON (use "terraform state pull > FILE")');
  }
  const resources = (raw as { resources?: unknown } | null)?.resources;
  if (typeof (raw as { version?: unknown } | null)?.version !== 'number' || !Array.isArray(resources)) {
    throw new StateFormatError('the file is not a Terraform state (version 4): it has no "version" and "resources"');
  }
  const keys: DellS3Key[] = [];
  const skipped: Omit<MigrationRow, 'secretName' | 'outcome'>[] = [];
  for (const r of resources as unknown[]) {
    const res = r as { mode?: unknown; type?: unknown; name?: unknown; provider?: unknown; module?: unknown; instances?: unknown };
    if (res.mode !== 'managed' || res.type !== 'powerscale_s3_key' || typeof res.provider !== 'string' || !/\/dell\/powerscale"\](\.[A-Za-z0-9_-]+)?$/.test(res.provider)) continue;
    const name = str(res.name) ?? 'key';
    const base = `powerscale_s3_key.${HCL_NAME.test(name) ? name : 'key'}`;
    for (const inst of Array.isArray(res.instances) ? (res.instances as unknown[]) : []) {
      const i = inst as { index_key?: unknown; attributes?: unknown };
      const a = (i.attributes ?? {}) as Record<string, unknown>;
      const suffix = instanceKey(i.index_key);
      const address = `${str(res.module) !== undefined ? `${String(res.module)}.` : ''}${base}${suffix}`;
      const user = str(a.user);
      const zone = str(a.zone) ?? 'System';
      if (user === undefined) throw new StateFormatError(`${address} has no user in the state`);
      const accessId = str(a.access_id);
      const secretKey = str(a.secret_key);
      if (accessId === undefined || secretKey === undefined) {
        skipped.push({ address, importTo: `${base}${suffix}`, zone, user });
        continue;
      }
      const key = { address, importTo: `${base}${suffix}`, zone, user, accessId } as DellS3Key;
      Object.defineProperty(key, 'secretKey', { value: secretKey, enumerable: false });
      keys.push(key);
    }
  }
  return { keys, skipped };
}

/** How {@link migrateSecrets} treats a name that already holds a secret, and whether it writes at all. */
export interface MigrateOptions {
  /** Replace a secret already stored under the name. @default false (keep it, report `kept`) */
  readonly overwrite?: boolean;
  /** Report what would be written; write nothing. @default false */
  readonly dryRun?: boolean;
}

/**
 * Writes each key's `{"access_id", "secret_key"}` to `store` under the default secret name of its
 * zone and user. A document without an owner is what an imported `powerscale_s3_key` adopts
 * without minting.
 */
export async function migrateSecrets(text: string, store: SecretStore, options: MigrateOptions = {}): Promise<MigrationRow[]> {
  const { keys, skipped } = dellS3KeysFromState(text);
  const rows: MigrationRow[] = skipped.map((s) => ({ ...s, secretName: defaultSecretName(s.zone, s.user), outcome: 'skipped' }));
  for (const k of keys) {
    const secretName = defaultSecretName(k.zone, k.user);
    const row = { address: k.address, importTo: k.importTo, zone: k.zone, user: k.user, secretName };
    if (options.dryRun) {
      rows.push({ ...row, outcome: 'would-write' });
      continue;
    }
    if (!options.overwrite && (await store.exists(secretName))) {
      rows.push({ ...row, outcome: 'kept' });
      continue;
    }
    await store.createOrUpdate(secretName, encodeSecretDocument(k.accessId, k.secretKey));
    rows.push({ ...row, outcome: 'written' });
  }
  return rows;
}

/** The `import` blocks for the keys whose secret is in the store (written or kept). */
export function importBlocks(rows: readonly MigrationRow[]): string {
  return rows
    .filter((r) => r.outcome !== 'skipped')
    .map((r) => `import {\n  to = ${r.importTo}\n  id = ${JSON.stringify(`${r.zone}/${r.user}`)}\n}\n`)
    .join('\n');
}
