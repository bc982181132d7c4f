import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { existingObjectsProblem, parseAcceptanceConfig, prefixProblem } from './config';

const VALID = { endpoint: 'https://cluster.example:8080', username: 'tf-acc', passwordFile: 'pw', zonePrefix: 'tfacc-', userPrefix: 'tfacc_' };

describe('the acceptance config', () => {
  it('resolves file paths against the config directory and drops a trailing slash', () => {
    expect(parseAcceptanceConfig({ ...VALID, endpoint: 'https://cluster.example:8080/', caCertFile: '/etc/ca.pem' }, '/cfg')).toEqual({ ...VALID, passwordFile: '/cfg/pw', caCertFile: '/etc/ca.pem' });
  });

  it.each([
    [{ ...VALID, password: 'x' }, 'unknown attribute(s) password'],
    [{ ...VALID, endpoint: 'http://cluster' }, 'endpoint must be https://host[:port]'],
    [{ ...VALID, passwordFile: '' }, 'passwordFile must be a non-empty string'],
    [{ ...VALID, zonePrefix: 'tf' }, 'zonePrefix must be 4 to 32'],
    [{ ...VALID, userPrefix: 'Tfacc-' }, 'userPrefix must be 4 to 32'],
    [{ ...VALID, userPrefix: 'tfacc' }, 'userPrefix must be 4 to 32'],
    [{ ...VALID, zonePrefix: 'sys-' }, 'could name the built-in'],
    [{ ...VALID, userPrefix: 'admin-' }, 'could name the built-in "admin"'],
    [{ ...VALID, secretStore: 'file' }, 'secretStore must be an object'],
  ])('refuses %j, naming the attribute', (raw, message) => {
    expect(() => parseAcceptanceConfig(raw, '/cfg')).toThrow(message);
  });

  it('accepts test prefixes and refuses any prefix an existing zone or user already starts with', () => {
    expect(prefixProblem('zonePrefix', 'tfacc-')).toBeUndefined();
    expect(existingObjectsProblem('userPrefix', 'tfacc-', ['admin', 'alice'])).toBeUndefined();
    expect(existingObjectsProblem('userPrefix', 'tfacc-', ['tfacc-b', 'admin', 'TFACC-a'])).toBe('userPrefix "tfacc-" matches existing object(s) TFACC-a, tfacc-b: the run could touch them; choose an unused prefix');
  });
});

describe('npm run test:acceptance', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./run.ts', import.meta.url)), ...args], { encoding: 'utf8' });

  it('says in one line that nothing ran, and exits 0, without a config', () => {
    for (const args of [[], ['--config', '/nonexistent/acceptance.json']]) {
      const result = run(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^test:acceptance: no (--config FILE given|config file at \/nonexistent\/acceptance.json): nothing run, nothing passed\n$/);
    }
  });

  it('refuses an invalid config with exit 2 before touching anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acc-'));
    try {
      writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...VALID, userPrefix: 'root' }));
      const result = run(['--config', join(dir, 'c.json')]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('userPrefix must be 4 to 32');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
