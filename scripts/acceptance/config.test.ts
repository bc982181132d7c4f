import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acceptanceNames, basePathProblem, existingObjectsProblem, parseAcceptanceConfig, pathsInUseProblem, prefixProblem } from './config';

const VALID = { endpoint: 'https://cluster.example:8080', username: 'tf-acc', passwordFile: 'pw', zonePrefix: 'tfacc-', userPrefix: 'tfacc_', basePath: '/ifs/data/tfacc' };

describe('the acceptance config', () => {
  it('resolves file paths against the config directory and drops a trailing slash', () => {
    expect(parseAcceptanceConfig({ ...VALID, endpoint: 'https://cluster.example:8080/', caCertFile: '/etc/ca.pem' }, '/cfg')).toEqual({ ...VALID, passwordFile: '/cfg/pw', caCertFile: '/etc/ca.pem', touchGlobalSettings: false });
  });

  it('leaves the cluster-wide S3 settings alone unless touchGlobalSettings is true, and drops a trailing slash of basePath', () => {
    expect(parseAcceptanceConfig(VALID, '/cfg').touchGlobalSettings).toBe(false);
    expect(parseAcceptanceConfig({ ...VALID, touchGlobalSettings: true, basePath: '/ifs/data/tfacc/' }, '/cfg')).toMatchObject({ touchGlobalSettings: true, basePath: '/ifs/data/tfacc' });
  });

  it('derives every name and path the run creates from the prefixes and basePath, the bucket without "_"', () => {
    expect(acceptanceNames({ zonePrefix: 'tf_acc_', userPrefix: 'tfacc-', basePath: '/ifs/data/tfacc' })).toEqual({
      zone: 'tf_acc_zone',
      zonePath: '/ifs/data/tfacc/tf_acc_zone',
      user: 'tfacc-user',
      group: 'tfacc-group',
      bucket: 'tf-acc-bucket',
      bucketPath: '/ifs/data/tfacc/tf_acc_zone/tf-acc-bucket',
    });
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
    [{ ...VALID, basePath: undefined }, 'basePath must be a non-empty string'],
    [{ ...VALID, basePath: '/ifs' }, 'basePath must be an absolute path at least two levels below /ifs'],
    [{ ...VALID, basePath: '/ifs/data' }, 'basePath must be an absolute path at least two levels below /ifs'],
    [{ ...VALID, basePath: '/data/tfacc/x' }, 'basePath must be an absolute path at least two levels below /ifs'],
    [{ ...VALID, basePath: '/ifs/data/../tfacc' }, 'basePath must be an absolute path at least two levels below /ifs'],
    [{ ...VALID, basePath: '/ifs/data//tfacc' }, 'basePath must be an absolute path at least two levels below /ifs'],
    [{ ...VALID, basePath: '/ifs/data/tf acc' }, 'basePath must be an absolute path at least two levels below /ifs'],
    [{ ...VALID, touchGlobalSettings: 'yes' }, 'touchGlobalSettings must be true or false'],
    [{ ...VALID, zonePrefix: 'xn--' }, 'zonePrefix "xn--" makes a bad bucket name'],
  ])('refuses %j, naming the attribute', (raw, message) => {
    expect(() => parseAcceptanceConfig(raw, '/cfg')).toThrow(message);
  });

  it('accepts test prefixes and refuses any prefix an existing zone or user already starts with', () => {
    expect(prefixProblem('zonePrefix', 'tfacc-')).toBeUndefined();
    expect(existingObjectsProblem('userPrefix', 'tfacc-', ['admin', 'alice'])).toBeUndefined();
    expect(existingObjectsProblem('userPrefix', 'tfacc-', ['tfacc-b', 'admin', 'TFACC-a'])).toBe('userPrefix "tfacc-" matches existing object(s) TFACC-a, tfacc-b: the run could touch them; choose an unused prefix');
    expect(basePathProblem('/ifs/data/tfacc')).toBeUndefined();
  });

  it('refuses a basePath that an existing zone, bucket or quota uses at or below it, but not one beside or above it', () => {
    const inUse = [
      { what: 'zone System', path: '/ifs' },
      { what: 'zone tfaccx', path: '/ifs/data/tfaccx' },
      { what: 'quota directory', path: '/ifs/data' },
    ];
    expect(pathsInUseProblem('/ifs/data/tfacc', inUse)).toBeUndefined();
    expect(pathsInUseProblem('/ifs/data/tfacc', [...inUse, { what: 'bucket b', path: '/IFS/data/tfacc/b/' }, { what: 'quota directory', path: '/ifs/data/tfacc' }])).toBe(
      'basePath "/ifs/data/tfacc" is in use (bucket b at /IFS/data/tfacc/b/, quota directory at /ifs/data/tfacc): it may hold existing data; choose a new directory',
    );
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
