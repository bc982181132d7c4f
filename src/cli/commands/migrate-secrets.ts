/**
 * `cdktf-powerscale migrate-secrets --state FILE [--store-config FILE] [--overwrite] [--dry-run]`:
 * copies the S3 secrets Dell's provider kept in a state file into the secret store, under the
 * default names of `powerscale_s3_key`, and prints the `import` blocks that adopt the keys without
 * minting (docs/migrating-from-dell.md). One line per key on standard error; the import blocks on
 * standard output. Secret values are never printed. Exit 0 when every key with a secret is in the
 * store, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createSecretStore, isSecretStoreError, validateSecretStoreConfig, type SecretStoreConfig } from '../../secrets';
import { importBlocks, migrateSecrets, StateFormatError } from '../migrate-secrets';

const USAGE = `usage: cdktf-powerscale migrate-secrets --state FILE [--store-config FILE] [--overwrite] [--dry-run]
  --state FILE         Dell's state: "terraform state pull > FILE" in the Dell configuration
  --store-config FILE  JSON of the store, as the provider's secret_store block in camelCase:
                       {"type":"dap","url":"https://...","tenant":"...","credentialsFile":"...","caCertFile":"..."}
                       or {"type":"file","path":"..."}; default: the file store at its default path
  --overwrite          replace a secret already stored under a key's name (default: keep it)
  --dry-run            say what would be written; write nothing
`;

const STORE_KEYS = ['type', 'path', 'url', 'tenant', 'credentialsFile', 'insecure', 'caCertFile'] as const;

/** The store configuration from its JSON text, checked as the provider checks its block. */
function storeConfig(text: string): SecretStoreConfig | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'the store configuration is not JSON';
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'the store configuration must be a JSON object';
  const unknownKeys = Object.keys(raw).filter((k) => !(STORE_KEYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) return `unknown member(s) ${unknownKeys.join(', ')}; allowed: ${STORE_KEYS.join(', ')}`;
  const config = raw as SecretStoreConfig;
  const problems = validateSecretStoreConfig(config);
  return problems.length > 0 ? problems.map((p) => p.message).join('; ') : config;
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { state: { type: 'string' }, 'store-config': { type: 'string' }, overwrite: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    process.stderr.write(`migrate-secrets: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const stateFile = parsed.values.state;
  if (stateFile === undefined) {
    process.stderr.write(USAGE);
    return 1;
  }
  let config: SecretStoreConfig | undefined;
  if (parsed.values['store-config'] !== undefined) {
    let text: string;
    try {
      text = await readFile(parsed.values['store-config'], 'utf8');
    } catch (err) {
      process.stderr.write(`migrate-secrets: cannot read ${parsed.values['store-config']}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`);
      return 1;
    }
    const checked = storeConfig(text);
    if (typeof checked === 'string') {
      process.stderr.write(`migrate-secrets: --store-config: ${checked}\n`);
      return 1;
    }
    config = checked;
  }
  let state: string;
  try {
    state = await readFile(stateFile, 'utf8');
  } catch (err) {
    process.stderr.write(`migrate-secrets: cannot read ${stateFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return 1;
  }
  try {
    const rows = await migrateSecrets(state, createSecretStore(config), { overwrite: parsed.values.overwrite === true, dryRun: parsed.values['dry-run'] === true });
    for (const r of rows) {
      const what = { written: 'written', kept: 'kept: the store already holds a secret there (--overwrite replaces it)', 'would-write': 'would be written', skipped: 'skipped: no access_id or secret_key in the state' }[r.outcome];
      process.stderr.write(`${r.address} (${r.zone}/${r.user}) -> ${r.secretName}: ${what}\n`);
    }
    if (rows.length === 0) process.stderr.write('migrate-secrets: the state holds no powerscale_s3_key of dell/powerscale\n');
    process.stdout.write(importBlocks(rows));
    return rows.some((r) => r.outcome === 'skipped') ? 1 : 0;
  } catch (err) {
    if (err instanceof StateFormatError) {
      process.stderr.write(`migrate-secrets: ${stateFile}: ${err.message}\n`);
      return 1;
    }
    if (isSecretStoreError(err)) {
      process.stderr.write(`migrate-secrets: the secret store failed: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
