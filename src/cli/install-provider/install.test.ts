import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installProvider } from './install';
import { renderCliConfig } from './cli-config';
import { terraformPlatform, UnsupportedPlatformError } from './platform';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'install-provider-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fakeBundle(dir: string, text: string): string {
  const bundle = join(dir, 'provider.cjs');
  writeFileSync(bundle, `process.stdout.write(${JSON.stringify(text)} + ' ' + process.argv.slice(2).join(','));\n`);
  writeFileSync(join(dir, 'provider.code.js'), 'code');
  return bundle;
}

describe('terraformPlatform', () => {
  it("maps Node's platform names to Terraform's", () => {
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('linux', 'arm64')).toBe('linux_arm64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
  });

  it('fails on Windows, saying what is supported', () => {
    expect(() => terraformPlatform('win32', 'x64')).toThrow(UnsupportedPlatformError);
    expect(() => terraformPlatform('win32', 'x64')).toThrow(/cannot install the provider on win32\/x64: supported are linux, darwin/);
  });
});

describe('installProvider', () => {
  it('writes the launcher and the bundle under registry.terraform.io/dapcli/powerscale/<version>/<platform>', async () => {
    const mirror = tempDir();
    const result = await installProvider({ mirror, bundle: fakeBundle(tempDir(), 'hello'), version: '0.1.0', platform: 'linux_amd64' });
    expect(result.executable).toBe(join(mirror, 'registry.terraform.io/dapcli/powerscale/0.1.0/linux_amd64/terraform-provider-powerscale_v0.1.0'));
    expect(statSync(result.executable).mode & 0o777).toBe(0o755);
    expect(result.hash).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    expect(result.hashChanged).toBe(false);
  });

  it('runs the bundle beside the launcher, also through a symlinked package directory as Terraform makes', async () => {
    const mirror = tempDir();
    const result = await installProvider({ mirror, bundle: fakeBundle(tempDir(), 'started'), version: '0.1.0', platform: 'linux_amd64' });
    const link = join(tempDir(), 'linked');
    symlinkSync(result.packageDir, link);
    expect(execFileSync(join(link, 'terraform-provider-powerscale_v0.1.0'), ['a', 'b'], { encoding: 'utf8' })).toBe('started a,b');
  });

  it('writes the same bytes whichever Node installs it and whatever the home directory, naming no path of the machine', async () => {
    const bundle = fakeBundle(tempDir(), 'same');
    const a = await installProvider({ mirror: tempDir(), bundle, version: '0.1.0', platform: 'linux_amd64' });
    const b = await installProvider({ mirror: tempDir(), bundle, version: '0.1.0', platform: 'linux_amd64' });
    expect(a.hash).toBe(b.hash);
    const launcher = readFileSync(a.executable, 'utf8');
    for (const machinePath of [process.execPath, homedir(), tmpdir()]) expect(launcher).not.toContain(machinePath);
  });

  it('runs node from PATH, else the path in the config file, else $POWERSCALE_PROVIDER_NODE first', async () => {
    const result = await installProvider({ mirror: tempDir(), bundle: fakeBundle(tempDir(), 'ran'), version: '0.1.0', platform: 'linux_amd64' });
    // A "node" that says which one it is, then runs the real Node.
    const fake = (name: string) => {
      const dir = tempDir();
      const path = join(dir, 'node');
      writeFileSync(path, `#!/bin/sh\nprintf '${name}:'\nexec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 });
      return { dir, path };
    };
    const onPath = fake('path');
    const inFile = fake('file');
    const inEnv = fake('env');
    const home = tempDir();
    const base = { PATH: `${onPath.dir}:/usr/bin:/bin`, HOME: home };
    const run = (env: NodeJS.ProcessEnv) => execFileSync(result.executable, ['x'], { encoding: 'utf8', env });
    expect(run(base)).toBe('path:ran x');
    mkdirSync(join(home, '.config', 'cdktf-powerscale'), { recursive: true });
    writeFileSync(join(home, '.config', 'cdktf-powerscale', 'node'), `${inFile.path}\n`);
    expect(run(base)).toBe('file:ran x');
    expect(run({ ...base, POWERSCALE_PROVIDER_NODE: inEnv.path })).toBe('env:ran x');
  });

  it("hands NODE_EXTRA_CA_CERTS to the provider under POWERSCALE_NODE_EXTRA_CA_CERTS, so that Node does not parse it at every start", async () => {
    const bundle = join(tempDir(), 'provider.cjs');
    writeFileSync(bundle, `process.stdout.write(JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.POWERSCALE_NODE_EXTRA_CA_CERTS ?? null]));\n`);
    writeFileSync(join(bundle, '..', 'provider.code.js'), 'code');
    const result = await installProvider({ mirror: tempDir(), bundle, version: '0.1.0', platform: 'linux_amd64' });
    const base = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: tempDir() };
    const run = (env: NodeJS.ProcessEnv) => JSON.parse(execFileSync(result.executable, [], { encoding: 'utf8', env })) as unknown;
    // A file Node cannot read would only cost it a warning; the path is what is passed on.
    expect(run({ ...base, NODE_EXTRA_CA_CERTS: '/etc/corp/ca.pem' })).toEqual([null, '/etc/corp/ca.pem']);
    expect(run(base)).toEqual([null, null]);
    // Empty is what Node ignores anyway: left as it is.
    expect(run({ ...base, NODE_EXTRA_CA_CERTS: '' })).toEqual(['', null]);
  });

  it('says in one line on stderr which Node it could not find, and exits 127', async () => {
    const result = await installProvider({ mirror: tempDir(), bundle: fakeBundle(tempDir(), 'never'), version: '0.1.0', platform: 'linux_amd64' });
    const run = (env: NodeJS.ProcessEnv) => spawnSync(result.executable, [], { encoding: 'utf8', env });
    const noNode = run({ PATH: tempDir(), HOME: tempDir() });
    expect(noNode.status).toBe(127);
    expect(noNode.stderr).toBe(
      "terraform-provider-powerscale: no Node.js to run on: 'node' (from PATH) is not an executable; install Node.js 20 or newer, put node on PATH or set POWERSCALE_PROVIDER_NODE to its path\n",
    );
    const badEnv = run({ PATH: '/usr/bin:/bin', HOME: tempDir(), POWERSCALE_PROVIDER_NODE: '/nonexistent/node' });
    expect(badEnv.status).toBe(127);
    expect(badEnv.stderr).toContain("'/nonexistent/node' (from POWERSCALE_PROVIDER_NODE) is not an executable");
  });

  it('reports a changed hash when a different build of the same version replaces the installed one', async () => {
    const mirror = tempDir();
    const first = await installProvider({ mirror, bundle: fakeBundle(tempDir(), 'one'), version: '0.1.0', platform: 'linux_amd64' });
    const same = await installProvider({ mirror, bundle: fakeBundle(tempDir(), 'one'), version: '0.1.0', platform: 'linux_amd64' });
    const other = await installProvider({ mirror, bundle: fakeBundle(tempDir(), 'two'), version: '0.1.0', platform: 'linux_amd64' });
    expect(same).toMatchObject({ hash: first.hash, previousHash: first.hash, hashChanged: false });
    expect(other).toMatchObject({ previousHash: first.hash, hashChanged: true });
    expect(readFileSync(join(other.packageDir, 'provider.cjs'), 'utf8')).toContain('two');
  });

  it('copies the code file beside the bundle, and fails with the hint when it is missing', async () => {
    const result = await installProvider({ mirror: tempDir(), bundle: fakeBundle(tempDir(), 'two files'), version: '0.1.0', platform: 'linux_amd64' });
    expect(readFileSync(join(result.packageDir, 'provider.code.js'), 'utf8')).toBe('code');
    expect(statSync(join(result.packageDir, 'provider.code.js')).mode & 0o777).toBe(0o644);
    const lone = fakeBundle(tempDir(), 'lone');
    rmSync(lone.replace(/\.cjs$/, '.code.js'));
    await expect(installProvider({ mirror: tempDir(), bundle: lone, version: '0.1.0', platform: 'linux_amd64' })).rejects.toThrow(
      `the provider bundle ${lone.replace(/\.cjs$/, '.code.js')} does not exist: run "npm run build" first`,
    );
  });

  it('fails with a hint when the bundle has not been built', async () => {
    await expect(installProvider({ mirror: tempDir(), bundle: '/nonexistent/dist/provider.cjs', version: '0.1.0', platform: 'linux_amd64' })).rejects.toThrow(
      'the provider bundle /nonexistent/dist/provider.cjs does not exist: run "npm run build" first',
    );
  });
});

describe('renderCliConfig', () => {
  it('routes dapcli providers to the mirror and everything else to the registry', () => {
    expect(renderCliConfig({ mirror: '/opt/tf mirror' })).toContain(
      ['  filesystem_mirror {', '    path    = "/opt/tf mirror"', '    include = ["registry.terraform.io/dapcli/*"]', '  }', '  # Every other provider still comes from its registry.', '  direct {', '    exclude = ["registry.terraform.io/dapcli/*"]', '  }'].join('\n'),
    );
  });

  it('puts dev_overrides first when asked', () => {
    const text = renderCliConfig({ mirror: '/m', devOverrideDir: '/repo/bin' });
    expect(text.indexOf('dev_overrides')).toBeLessThan(text.indexOf('filesystem_mirror'));
    expect(text).toContain('"registry.terraform.io/dapcli/powerscale" = "/repo/bin"');
  });

  it('escapes quotes and template sequences in paths', () => {
    expect(renderCliConfig({ mirror: '/a"b/${x}' })).toContain('path    = "/a\\"b/$${x}"');
  });
});
