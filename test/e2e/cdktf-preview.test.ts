/**
 * `cdktf-powerscale preview` on the multi-tenant example (two stacks, `tenants` and
 * `cluster-settings`) against the simulator, offline, through the built command: before deploy
 * (creates, exit 2), after deploy (no changes, exit 0), and after a tenant's rotation plus a key
 * rotated outside Terraform by an admin's own PAPI call (exit 2, the drift names the key, the other
 * stack has no changes). Every document is checked with a GFM parser and for S3 secrets.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineCdktfEnv, simulatorContext, writeExampleProject, type ExampleProject } from '../../src/cli/demo/project';
import { runProcess } from '../../src/cli/demo/run-process';
import { findPackage, installProvider, renderCliConfig, terraformPlatform } from '../../src/cli/install-provider';
import { checkMarkdown } from '../../src/cli/preview/markdown-check';
import { createPapiClient } from '../../src/papi';
import { startSimulator, type StartedSimulator } from '../helpers/simulator';

const pkg = findPackage();
const work = mkdtempSync(join(tmpdir(), 'preview-e2e-'));
const cliConfig = join(work, 'terraform.tfrc');
const env = offlineCdktfEnv(process.env, cliConfig, join(work, 'cdktf-home'));
const STACKS = ['tenants', 'cluster-settings'] as const;
let sim: StartedSimulator;
let project: ExampleProject;

interface Preview {
  code: number;
  markdown: string;
  log: string;
}

async function preview(): Promise<Preview> {
  const out = join(work, 'preview.md');
  rmSync(out, { force: true });
  const result = await runProcess(process.execPath, [join(pkg.root, 'bin', 'cdktf-powerscale'), 'preview', project.dir, '--out', out], { cwd: work, env });
  const markdown = readFileSync(out, 'utf8');
  expect(checkMarkdown(markdown).problems).toEqual([]);
  for (const secret of storedSecrets()) expect(markdown).not.toContain(secret);
  return { code: result.code, markdown, log: result.output };
}

function storedSecrets(): string[] {
  try {
    const store = JSON.parse(readFileSync(project.secretsFile, 'utf8')) as { secrets: Record<string, string> };
    return Object.values(store.secrets).map((v) => (JSON.parse(v) as { secret_key: string }).secret_key);
  } catch {
    return [];
  }
}

function section(markdown: string, stack: string): string {
  const start = markdown.indexOf(`### \`${stack}\``);
  expect(start, `no section for ${stack} in:\n${markdown}`).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf('\n### ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

beforeAll(async () => {
  sim = await startSimulator({ users: ['alice', 'bob'], dir: join(work, 'simulator') });
  for (const zone of ['analytics', 'archive']) await sim.control.addZone(zone);
  for (const [zone, user] of [['analytics', 'etl'], ['analytics', 'reporting'], ['archive', 'backup']] as const) await sim.control.addUser(zone, user);
  const mirror = join(work, 'mirror');
  await installProvider({ mirror, bundle: join(pkg.root, 'dist', 'provider.cjs'), version: pkg.version, platform: terraformPlatform() });
  writeFileSync(cliConfig, renderCliConfig({ mirror }));
  project = await writeExampleProject(join(work, 'app'), pkg.root, 'multi-tenant', simulatorContext(sim.info, join(work, 'secrets.json')));
});

afterAll(async () => {
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('cdktf-powerscale preview on the multi-tenant example', () => {
  it('before deploy: previews the creates of both stacks and exits 2', async () => {
    const first = await preview();
    expect(first.code, first.log).toBe(2);
    expect(first.markdown.split('\n')[0]).toBe('<!-- cdktf-powerscale preview: app -->');
    expect(section(first.markdown, 'tenants').split('\n')[0]).toBe('### `tenants`: 6 to create, 0 to update, 0 to replace, 0 to delete');
    expect(section(first.markdown, 'cluster-settings').split('\n')[0]).toBe('### `cluster-settings`: 1 to create, 0 to update, 0 to replace, 0 to delete');
    expect(section(first.markdown, 'tenants')).toContain('Mints an S3 key for `analytics/etl`');
  });

  it('after deploy: no changes in either stack, exit 0', async () => {
    for (const stack of STACKS) {
      const apply = await runProcess('terraform', ['apply', '-input=false', '-no-color', '-auto-approve'], { cwd: join(project.dir, 'cdktf.out', 'stacks', stack), env });
      expect(apply.code, apply.output).toBe(0);
    }
    const second = await preview();
    expect(second.code, second.markdown).toBe(0);
    expect(second.markdown).toContain('**No changes** in 2 stacks: `cluster-settings`, `tenants`.');
    expect(second.markdown).not.toContain('### ');
  });

  it('after a tenant rotation and a key rotated outside Terraform: exit 2, the drift names the key, the other stack has no changes', async () => {
    const cdktfJson = JSON.parse(readFileSync(join(project.dir, 'cdktf.json'), 'utf8')) as { context: Record<string, unknown> };
    cdktfJson.context.tenants = [
      { zone: 'System', users: ['alice', 'bob'], rotatedOn: '2026-11-01', existingKeyExpiryMinutes: 60 },
      { zone: 'analytics', users: ['etl', 'reporting'], rotatedOn: '2026-12-01', existingKeyExpiryMinutes: 1440 },
      { zone: 'archive', users: ['backup'], rotatedOn: '2026-09-30', existingKeyExpiryMinutes: 0 },
    ];
    writeFileSync(join(project.dir, 'cdktf.json'), JSON.stringify(cdktfJson, null, 2));
    // An admin rotates bob's key with their own PAPI call: the secret in the store stops matching.
    const papi = createPapiClient({ endpoint: sim.info.onefs.endpoint, username: sim.info.onefs.username, password: sim.password(), caCertFile: sim.info.onefs.caCertFile });
    try {
      await papi.post('/platform/10/protocols/s3/keys/bob', { query: { zone: 'System', force: true }, json: { existing_key_expiry_time: 0 } });
    } finally {
      await papi.close();
    }

    const third = await preview();
    expect(third.code, third.log).toBe(2);
    const tenants = section(third.markdown, 'tenants');
    expect(tenants.split('\n')[0]).toBe('### `tenants`: 0 to create, 3 to update, 0 to replace, 0 to delete');
    expect(tenants).toContain('**Changed outside Terraform**: 1 resource since the last apply');
    expect(tenants).toMatch(/\| `powerscale_s3_key\.[^`]+` \| The key of `System\/bob` was rotated outside Terraform/);
    expect(tenants).toContain('**Rotation**: mints a new secret for `analytics/etl`');
    expect(tenants).toContain('**Rotation** because the secret in the store no longer works (the key was rotated outside Terraform, or the secret is missing): mints a new secret for `System/bob`');
    expect(third.markdown).toContain('**No changes** in 1 stack: `cluster-settings`.');
    expect(third.markdown).toMatch(/> - `tenants`: 3 changes break or replace tenants' working S3 credentials/);
  });
});
