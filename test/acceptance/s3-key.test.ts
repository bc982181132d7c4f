/**
 * The acceptance lifecycle against a real cluster (run by `npm run test:acceptance -- --config
 * FILE`; skipped, never passed, without a config). What it creates, and removes again even when a
 * step fails: one local user `<userPrefix>s3key` in the System zone, and that user's S3 key (minted
 * by terraform, its secret in the configured secret store or a temporary file store). Before
 * creating anything it refuses a prefix that an existing zone or user already starts with.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPapiClient, deleteS3Key, isPapiError, listZones, lookupS3Key, papiPath, type PapiClient } from '../../src/papi';
import { acceptanceConfigFromEnv, existingObjectsProblem, type AcceptanceConfig } from '../../scripts/acceptance/config';
import { createTerraformWorkspace, readState, REQUIRED_PROVIDERS, resourceInstances, runTerraform, writeMainTf, type TerraformWorkspace } from '../helpers/terraform';

const config = acceptanceConfigFromEnv();
const ZONE = 'System';

/** Names of the System zone's local users, following `resume` pages. */
async function userNames(papi: PapiClient): Promise<string[]> {
  const names: string[] = [];
  let resume: string | undefined;
  do {
    const page = await papi.get<{ users?: { name?: unknown }[]; resume?: unknown }>('/platform/1/auth/users', { query: resume === undefined ? { zone: ZONE, provider: 'local' } : { resume } });
    for (const user of page.users ?? []) if (typeof user.name === 'string') names.push(user.name);
    resume = typeof page.resume === 'string' && page.resume !== '' ? page.resume : undefined;
  } while (resume !== undefined);
  return names;
}

async function ignoringGone(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(isPapiError(error) && error.status === 404)) throw error;
  }
}

describe.runIf(config !== undefined)('acceptance: powerscale_s3_key on a real cluster', () => {
  // Read only in hooks and tests, which run only with a config (the body itself always runs).
  const cfg = config as AcceptanceConfig;
  const user = `${config?.userPrefix ?? ''}s3key`;
  let papi: PapiClient;
  let ws: TerraformWorkspace;
  let storeDir: string;
  let created = false;

  beforeAll(async () => {
    papi = createPapiClient({ endpoint: cfg.endpoint, username: cfg.username, password: readFileSync(cfg.passwordFile, 'utf8').trim(), caCertFile: cfg.caCertFile });
    const problems = [existingObjectsProblem('zonePrefix', cfg.zonePrefix, (await listZones(papi)).map((z) => z.name)), existingObjectsProblem('userPrefix', cfg.userPrefix, await userNames(papi))].filter(Boolean);
    if (problems.length > 0) throw new Error(`refusing to run: ${problems.join('; ')}`);
    await papi.post('/platform/1/auth/users', { query: { zone: ZONE, provider: 'local' }, json: { name: user, enabled: true } });
    created = true;
    ws = createTerraformWorkspace();
    storeDir = mkdtempSync(join(tmpdir(), 'acceptance-store-'));
  }, 120_000);

  afterAll(async () => {
    if (created) {
      await ignoringGone(() => deleteS3Key(papi, ZONE, user));
      await ignoringGone(() => papi.delete(papiPath`/platform/1/auth/users/${user}`, { query: { zone: ZONE, provider: 'local' } }));
    }
    ws?.cleanup();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
    await papi?.close();
  }, 120_000);

  it('applies, stays clean, rotates, repairs drift and destroys', async () => {
    const store = cfg.secretStore ?? { type: 'file', path: join(storeDir, 'secrets.json') };
    const storeHcl = Object.entries(store)
      .map(([k, v]) => `    ${k} = ${JSON.stringify(v)}`)
      .join('\n');
    const write = (extra: string) =>
      writeMainTf(
        ws,
        `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${JSON.stringify(cfg.endpoint)}
  username      = ${JSON.stringify(cfg.username)}
  password_file = ${JSON.stringify(cfg.passwordFile)}
${cfg.caCertFile === undefined ? '' : `  ca_cert_file  = ${JSON.stringify(cfg.caCertFile)}\n`}  secret_store {
${storeHcl}
  }
}

resource "powerscale_s3_key" "this" {
  user = ${JSON.stringify(user)}
  ${extra}
}
`,
      );
    const step = async (label: string, args: string[], expected: number) => {
      const run = await runTerraform(ws, [...args, '-no-color'], { timeoutMs: 600_000 });
      expect(run.code, `${label}: terraform ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(expected);
    };
    write('');
    await step('create', ['apply', '-input=false', '-auto-approve'], 0);
    await step('clean after create', ['plan', '-input=false', '-detailed-exitcode'], 0);
    expect((await lookupS3Key(papi, ZONE, user)).kind).toBe('key');
    write('existing_key_expiry_minutes = 5');
    await step('update', ['apply', '-input=false', '-auto-approve'], 0);
    await step('clean after update', ['plan', '-input=false', '-detailed-exitcode'], 0);
    await deleteS3Key(papi, ZONE, user);
    await step('drift planned', ['plan', '-input=false', '-detailed-exitcode'], 2);
    await step('drift repaired', ['apply', '-input=false', '-auto-approve'], 0);
    await step('destroy', ['destroy', '-input=false', '-auto-approve'], 0);
    expect(resourceInstances(readState(ws), 'powerscale_s3_key', 'this')).toEqual([]);
    expect((await lookupS3Key(papi, ZONE, user)).kind).not.toBe('key');
  });
});
