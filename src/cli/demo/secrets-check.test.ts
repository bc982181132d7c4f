import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStateHoldsNoSecret } from './secrets-check';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function files(secrets: Record<string, string>, state: string): { store: string; stateFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-check-'));
  dirs.push(dir);
  const store = join(dir, 'secrets.json');
  const stateFile = join(dir, 'terraform.tfstate');
  writeFileSync(store, JSON.stringify({ version: 1, secrets }));
  writeFileSync(stateFile, state);
  return { store, stateFile };
}

const entry = (secret: string) => JSON.stringify({ access_id: 'AID', secret_key: secret });

describe('checkStateHoldsNoSecret', () => {
  it('passes when no stored secret key appears in the state', async () => {
    const { store, stateFile } = files({ 'powerscale-s3-System-alice': entry('k1-secret'), other: 'not json' }, '{"secret_name":"powerscale-s3-System-alice"}');
    expect(await checkStateHoldsNoSecret(store, stateFile)).toEqual({ secretNames: ['powerscale-s3-System-alice'], keysChecked: 1, leaked: [] });
  });

  it('names the secret whose key leaked into the state, without returning the key', async () => {
    const { store, stateFile } = files({ a: entry('k1-secret'), b: entry('k2-secret') }, '{"x":"k2-secret"}');
    const result = await checkStateHoldsNoSecret(store, stateFile);
    expect(result.leaked).toEqual(['b']);
    expect(JSON.stringify(result)).not.toContain('k2-secret');
  });
});
