/**
 * `install-provider` against the real `terraform` (on PATH): a mirror it writes satisfies an
 * offline `terraform init`, the lock file records the hash the command announced, and the upgrade
 * path the README describes (same version, new build: delete the lock entry) is what Terraform does.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/install-provider';
import { installProvider, terraformPlatform } from '../../src/cli/install-provider';
import { startSimulator } from '../helpers/simulator';

const exec = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'install-provider-it-'));
const mirror = join(root, 'mirror');
const cliConfig = join(root, 'terraform.tfrc');
const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };

async function terraform(dir: string, ...rest: (string | NodeJS.ProcessEnv)[]): Promise<{ code: number; out: string }> {
  const args = rest.filter((a): a is string => typeof a === 'string');
  const extraEnv = Object.assign({}, ...rest.filter((a) => typeof a !== 'string')) as NodeJS.ProcessEnv;
  try {
    const { stdout, stderr } = await exec('terraform', args, { cwd: dir, env: { ...env, ...extraEnv } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function workdir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.tf'), 'terraform {\n  required_providers {\n    powerscale = {\n      source  = "dapcli/powerscale"\n      version = "~> 0.1"\n    }\n  }\n}\n');
  return dir;
}

let announcedHash = '';

beforeAll(async () => {
  const messages: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (messages.push(String(chunk)), true));
  try {
    expect(await run(['--mirror', mirror, '--cli-config', cliConfig])).toBe(0);
  } finally {
    spy.mockRestore();
  }
  announcedHash = /lock-file hash: (h1:\S+)/.exec(messages.join(''))?.[1] ?? '';
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('install-provider with the real terraform', () => {
  it('lets terraform init install dapcli/powerscale from the mirror, offline', async () => {
    const dir = workdir('init');
    const { code, out } = await terraform(dir, 'init', '-input=false', '-no-color');
    expect(out).toContain('Installed dapcli/powerscale v0.1.0 (unauthenticated)');
    expect(code).toBe(0);
  });

  it('announces the h1 hash that terraform records in the lock file', () => {
    const lock = readFileSync(join(root, 'init', '.terraform.lock.hcl'), 'utf8');
    expect(announcedHash).toMatch(/^h1:/);
    expect(lock).toContain(`"${announcedHash}"`);
  });

  it("trusts NODE_EXTRA_CA_CERTS, which the launcher hands over under another name, where no ca_cert_file is given", async () => {
    const sim = await startSimulator();
    try {
      const dir = workdir('extra-ca');
      const { onefs } = sim.info;
      writeFileSync(
        join(dir, 'cluster.tf'),
        `provider "powerscale" {\n  endpoint = ${JSON.stringify(onefs.endpoint)}\n  username = ${JSON.stringify(onefs.username)}\n  password_file = ${JSON.stringify(onefs.passwordFile)}\n}\ndata "powerscale_accesszone" "system" {\n  names = ["System"]\n}\noutput "zones" {\n  value = length(data.powerscale_accesszone.system.zones)\n}\n`,
      );
      expect((await terraform(dir, 'init', '-input=false', '-no-color')).code).toBe(0);
      const trusted = await terraform(dir, 'plan', '-input=false', '-no-color', '-lock=false', { NODE_EXTRA_CA_CERTS: onefs.caCertFile });
      expect(trusted.out).toContain('zones = 1');
      expect(trusted.code).toBe(0);
      // Without it the simulator's CA is trusted by nothing: the CA above came from the variable.
      const untrusted = await terraform(dir, 'plan', '-input=false', '-no-color', '-lock=false', { NODE_EXTRA_CA_CERTS: '' });
      expect(untrusted.code).not.toBe(0);
      expect(untrusted.out.replace(/\s+/g, ' ')).toMatch(/ca_cert_file/);
    } finally {
      await sim.stop();
    }
  });

  it('breaks initialised directories when the same version is reinstalled with another build, until the lock entry is deleted', async () => {
    const dir = workdir('upgrade');
    expect((await terraform(dir, 'init', '-input=false', '-no-color')).code).toBe(0);
    const otherBundle = join(root, 'other-provider.cjs');
    writeFileSync(otherBundle, `${readFileSync(join(process.cwd(), 'dist', 'provider.cjs'), 'utf8')}\n// another build\n`);
    writeFileSync(join(root, 'other-provider.code.js'), readFileSync(join(process.cwd(), 'dist', 'provider.code.js')));
    const result = await installProvider({ mirror, bundle: otherBundle, version: '0.1.0', platform: terraformPlatform() });
    expect(result.hashChanged).toBe(true);

    rmSync(join(dir, '.terraform'), { recursive: true, force: true });
    const broken = await terraform(dir, 'init', '-input=false', '-no-color');
    expect(broken.code).not.toBe(0);
    expect(broken.out.replace(/\s+/g, ' ')).toContain("doesn't match any of the checksums previously recorded in the dependency lock file");

    rmSync(join(dir, '.terraform.lock.hcl'));
    const fixed = await terraform(dir, 'init', '-input=false', '-no-color');
    expect(fixed.code).toBe(0);
    expect(readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8')).toContain(`"${result.hash}"`);
  });
});
