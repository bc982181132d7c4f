/**
 * The demo's proof that Terraform state holds no secret: read every secret the provider wrote to
 * the local file store (`{"version":1,"secrets":{name: value}}`, values being
 * `{"access_id","secret_key"}` JSON) and look for each secret key in the state file. Only counts
 * are reported; no secret is ever printed.
 */
import { readFile } from 'node:fs/promises';

/** Outcome of {@link checkStateHoldsNoSecret}. */
export interface SecretCheck {
  /** Names of the secrets found in the store (names are not secret). */
  readonly secretNames: readonly string[];
  /** How many secret keys were looked for. */
  readonly keysChecked: number;
  /** Names of the secrets whose key appears in the state file (should be empty). */
  readonly leaked: readonly string[];
}

function secretKeysOf(store: unknown): Map<string, string> {
  const keys = new Map<string, string>();
  const secrets = (store as { secrets?: unknown } | null)?.secrets;
  if (typeof secrets !== 'object' || secrets === null) return keys;
  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value !== 'string') continue;
    try {
      const parsed = JSON.parse(value) as { secret_key?: unknown };
      if (typeof parsed.secret_key === 'string' && parsed.secret_key !== '') keys.set(name, parsed.secret_key);
    } catch {
      // Not an S3 key entry (e.g. a password stored by hand): nothing to look for.
    }
  }
  return keys;
}

/** Compares the store's secret keys with the state file's text. */
export async function checkStateHoldsNoSecret(secretsFile: string, stateFile: string): Promise<SecretCheck> {
  const store = JSON.parse(await readFile(secretsFile, 'utf8')) as unknown;
  const state = await readFile(stateFile, 'utf8');
  const keys = secretKeysOf(store);
  const leaked = [...keys].filter(([, secret]) => state.includes(secret)).map(([name]) => name);
  return { secretNames: [...keys.keys()], keysChecked: keys.size, leaked };
}
