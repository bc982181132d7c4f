import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSecretStorePath, defaultStoreInAutomationProblem, runsInAutomation, validateSecretStoreConfig } from './config';

let dir: string;
let creds: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-config-'));
  creds = join(dir, 'dap.json');
  writeFileSync(creds, '{"token":"t"}', { mode: 0o600 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const attrs = (problems: { attribute: string }[]): string[] => problems.map((p) => p.attribute);

describe('validateSecretStoreConfig', () => {
  it('accepts an absent block and a file store whose file does not exist yet', () => {
    expect(validateSecretStoreConfig({ path: join(dir, 'new.json') })).toEqual([]);
  });

  it('accepts a complete DAP block', () => {
    expect(validateSecretStoreConfig({ type: 'dap', url: 'https://dap.example.com', credentialsFile: creds, tenant: 't' })).toEqual([]);
  });

  it('rejects a group-readable existing store file', () => {
    const path = join(dir, 'store.json');
    writeFileSync(path, '{}', { mode: 0o640 });
    const problems = validateSecretStoreConfig({ type: 'file', path });
    expect(attrs(problems)).toEqual(['path']);
    expect(problems[0]?.message).toContain('readable only by its owner');
  });

  it('rejects DAP attributes on a file store and file attributes on a DAP store', () => {
    expect(attrs(validateSecretStoreConfig({ type: 'file', path: join(dir, 'x.json'), url: 'https://x', tenant: 't', insecure: true }))).toEqual(['url', 'tenant', 'insecure']);
    expect(validateSecretStoreConfig({ type: 'file', path: join(dir, 'x.json'), insecure: false })).toEqual([]);
    expect(attrs(validateSecretStoreConfig({ type: 'dap', url: 'https://x', credentialsFile: creds, path: 'p' }))).toEqual(['path']);
  });

  it('requires https, a credentials file that is owner-only, and a readable CA file', () => {
    writeFileSync(join(dir, 'open.json'), '{}', { mode: 0o644 });
    const problems = validateSecretStoreConfig({ type: 'dap', url: 'http://dap', credentialsFile: join(dir, 'open.json'), caCertFile: join(dir, 'missing.pem') });
    expect(attrs(problems)).toEqual(['url', 'credentials_file', 'ca_cert_file']);
    expect(problems[0]?.message).toContain('https');
    expect(validateSecretStoreConfig({ type: 'dap' }).map((p) => p.attribute)).toEqual(['url', 'credentials_file']);
  });

  it('rejects an unknown type', () => {
    expect(attrs(validateSecretStoreConfig({ type: 'vault' as 'file' }))).toEqual(['type']);
  });
});

describe('runsInAutomation', () => {
  it.each([
    [{ TF_IN_AUTOMATION: '1' }, true],
    [{ CI: 'true' }, true],
    [{ CI: 'TRUE ' }, true],
    [{ CI: 'false', TF_IN_AUTOMATION: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('reads %o as %s', (env, expected) => {
    expect(runsInAutomation(env)).toBe(expected);
  });

  it('names the default store file in its advice only in automation', () => {
    expect(defaultStoreInAutomationProblem({})).toBeUndefined();
    expect(defaultStoreInAutomationProblem({ CI: '1' })).toContain(defaultSecretStorePath());
  });
});
