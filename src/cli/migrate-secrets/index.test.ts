import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createSecretStore } from '../../secrets';
import { run } from '../commands/migrate-secrets';
import { dellS3KeysFromState, importBlocks, migrateSecrets, StateFormatError } from '.';

const CANARY = 'CANARY-dell-secret-Zm9vYmFyYmF6cXV4';
const dir = mkdtempSync(join(tmpdir(), 'migrate-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dell = 'provider["registry.terraform.io/dell/powerscale"]';
function state(extra: unknown[] = []): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    resources: [
      { mode: 'managed', type: 'powerscale_s3_key', name: 'alice', provider: dell, instances: [{ attributes: { id: 'x', user: 'alice', zone: 'System', access_id: '1_alice_accid', secret_key: CANARY, old_secret_key: `${CANARY}-old` } }] },
      { mode: 'managed', type: 'powerscale_s3_key', name: 'team', provider: `${dell}.second`, module: 'module.tenants', instances: [{ index_key: 'bob', attributes: { user: 'bob', zone: 'analytics', access_id: '2_bob_accid', secret_key: `${CANARY}-bob` } }] },
      // This provider's own key and other types are not Dell's S3 keys.
      { mode: 'managed', type: 'powerscale_s3_key', name: 'ours', provider: 'provider["registry.terraform.io/dapcli/powerscale"]', instances: [{ attributes: { user: 'carol', zone: 'System', access_id: '3', secret_name: 'x' } }] },
      { mode: 'managed', type: 'powerscale_user', name: 'u', provider: dell, instances: [{ attributes: { name: 'dave', password: CANARY } }] },
      ...extra,
    ],
  });
}

function storeAt(name: string) {
  const path = join(dir, name, 'secrets.json');
  return { path, store: createSecretStore({ type: 'file', path }), stored: () => (JSON.parse(readFileSync(path, 'utf8')) as { secrets: Record<string, string> }).secrets };
}

describe('migrateSecrets', () => {
  it("writes {access_id, secret_key} of each of Dell's keys under this provider's default name, and nothing else", async () => {
    const { store, stored } = storeAt('write');
    const rows = await migrateSecrets(state(), store);
    expect(rows.map((r) => [r.address, r.secretName, r.outcome])).toEqual([
      ['powerscale_s3_key.alice', 'powerscale-s3-System-alice', 'written'],
      ['module.tenants.powerscale_s3_key.team["bob"]', 'powerscale-s3-analytics-bob', 'written'],
    ]);
    const secrets = stored();
    expect(Object.keys(secrets).sort()).toEqual(['powerscale-s3-System-alice', 'powerscale-s3-analytics-bob']);
    // No owner: an imported powerscale_s3_key adopts a document without one, and mints nothing.
    expect(JSON.parse(secrets['powerscale-s3-System-alice'] ?? '')).toEqual({ access_id: '1_alice_accid', secret_key: CANARY });
    expect(importBlocks(rows)).toBe('import {\n  to = powerscale_s3_key.alice\n  id = "System/alice"\n}\n\nimport {\n  to = powerscale_s3_key.team["bob"]\n  id = "analytics/bob"\n}\n');
    expect(JSON.stringify(rows) + importBlocks(rows)).not.toContain(CANARY);
  });

  it('keeps a secret already stored under the name unless told to overwrite it, and writes nothing in a dry run', async () => {
    const { store, stored } = storeAt('keep');
    await store.createOrUpdate('powerscale-s3-System-alice', '{"access_id":"1_alice_accid","secret_key":"newer"}');
    expect((await migrateSecrets(state(), store, { dryRun: true })).map((r) => r.outcome)).toEqual(['would-write', 'would-write']);
    expect(Object.keys(stored())).toEqual(['powerscale-s3-System-alice']);
    expect((await migrateSecrets(state(), store)).map((r) => r.outcome)).toEqual(['kept', 'written']);
    expect(stored()['powerscale-s3-System-alice']).toContain('newer');
    expect((await migrateSecrets(state(), store, { overwrite: true })).map((r) => r.outcome)).toEqual(['written', 'written']);
    expect(stored()['powerscale-s3-System-alice']).toContain(CANARY);
  });

  it('never shows a secret: not in the parsed keys, nor in the error for a state that is not JSON', () => {
    const { keys } = dellS3KeysFromState(state());
    expect(keys[0]?.secretKey).toBe(CANARY);
    expect(JSON.stringify(keys)).not.toContain(CANARY);
    const broken = `{"version": 4, "resources": [{"secret_key": "${CANARY}" oops}]}`;
    expect(() => dellS3KeysFromState(broken)).toThrow(StateFormatError);
    try {
      dellS3KeysFromState(broken);
    } catch (err) {
      expect(String(err)).not.toContain(CANARY);
    }
    expect(() => dellS3KeysFromState('{"resources": []}')).toThrow(/not a Terraform state/);
  });

  it('reports a key without a secret in the state as skipped, without an import block', () => {
    const rows = dellS3KeysFromState(state([{ mode: 'managed', type: 'powerscale_s3_key', name: 'empty', provider: dell, instances: [{ attributes: { user: 'erin', zone: 'System', access_id: null, secret_key: null } }] }]));
    expect(rows.skipped.map((s) => s.address)).toEqual(['powerscale_s3_key.empty']);
  });
});

describe('migrate-secrets command', () => {
  afterEach(() => vi.restoreAllMocks());

  async function command(argv: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    const code = await run(argv);
    vi.restoreAllMocks();
    return { code, out };
  }

  it('writes the secrets into the configured store and prints import blocks, never a secret value', async () => {
    const { path, stored } = storeAt('command');
    const stateFile = join(dir, 'dell.tfstate');
    const configFile = join(dir, 'store.json');
    writeFileSync(stateFile, state());
    writeFileSync(configFile, JSON.stringify({ type: 'file', path }));
    const { code, out } = await command(['--state', stateFile, '--store-config', configFile]);
    expect(code).toBe(0);
    expect(out).toContain('powerscale_s3_key.alice (System/alice) -> powerscale-s3-System-alice: written');
    expect(out).toContain('id = "System/alice"');
    expect(out).not.toContain(CANARY);
    expect(Object.keys(stored())).toHaveLength(2);
  });

  it('refuses a store configuration with unknown members or a bad type, naming what is allowed', async () => {
    const configFile = join(dir, 'bad-store.json');
    writeFileSync(configFile, JSON.stringify({ type: 'vault', token: CANARY }));
    const { code, out } = await command(['--state', join(dir, 'missing.tfstate'), '--store-config', configFile]);
    expect(code).toBe(1);
    expect(out).toContain('unknown member(s) token; allowed: type, path, url, tenant, credentialsFile, insecure, caCertFile');
    expect(out).not.toContain(CANARY);
  });
});
