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
    // S3 secret keys and the tenants' minted passwords.
    return Object.values(store.secrets).flatMap((v) => {
      const doc = JSON.parse(v) as { secret_key?: unknown; password?: unknown };
      return [doc.secret_key, doc.password].filter((x): x is string => typeof x === 'string');
    });
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
  sim = await startSimulator({ dir: join(work, 'simulator') });
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
    // Three S3Tenants: 3 users, 3 keys, 4 buckets, 3 quotas; globex's zone, group and zone settings; the cluster.
    expect(section(first.markdown, 'tenants').split('\n')[0]).toBe('### `tenants`: 17 to create, 0 to update, 0 to replace, 0 to delete');
    expect(section(first.markdown, 'cluster-settings').split('\n')[0]).toBe('### `cluster-settings`: 2 to create, 0 to update, 0 to replace, 0 to delete');
    expect(section(first.markdown, 'tenants')).toContain('Mints an S3 key for `System/');
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
    // examples/multi-tenant/tenants.ts with initech's rotatedOn changed.
    cdktfJson.context.tenants = [
      { user: 'acme', zone: 'System', buckets: [{ name: 'acme-data' }, { name: 'acme-logs', objectAclPolicy: 'deny' }], quotaGiB: 500, advisoryPercent: 80, rotatedOn: '2026-12-01', graceMinutes: 60 },
      { user: 'initech', zone: 'System', buckets: [{ name: 'initech-reports' }], quotaGiB: 100, advisoryPercent: 90, rotatedOn: '2026-12-24', graceMinutes: 0 },
      { user: 'globex', zone: 'globex', group: 'globex-apps', baseDomain: 'globex.s3.example.com', buckets: [{ name: 'globex-archive', objectAclPolicy: 'deny' }], quotaGiB: 1024, advisoryPercent: 75, rotatedOn: '2026-09-30', graceMinutes: 1440 },
    ];
    writeFileSync(join(project.dir, 'cdktf.json'), JSON.stringify(cdktfJson, null, 2));
    // An admin rotates acme's key with their own PAPI call: the secret in the store stops matching.
    const papi = createPapiClient({ endpoint: sim.info.onefs.endpoint, username: sim.info.onefs.username, password: sim.password(), caCertFile: sim.info.onefs.caCertFile });
    try {
      await papi.post('/platform/10/protocols/s3/keys/acme', { query: { zone: 'System', force: true }, json: { existing_key_expiry_time: 0 } });
    } finally {
      await papi.close();
    }

    const third = await preview();
    expect(third.code, third.log).toBe(2);
    const tenants = section(third.markdown, 'tenants');
    expect(tenants.split('\n')[0]).toBe('### `tenants`: 0 to create, 2 to update, 0 to replace, 0 to delete');
    expect(tenants).toContain('**Changed outside Terraform**: 1 resource since the last apply');
    expect(tenants).toMatch(/\| `powerscale_s3_key\.[^`]+` \| The key of `System\/acme` was rotated outside Terraform/);
    expect(tenants).toContain('**Rotation**: mints a new secret for `System/initech`');
    expect(tenants).toContain('**Rotation** because the secret in the store no longer works (the key was rotated outside Terraform, or the secret is missing): mints a new secret for `System/acme`');
    expect(third.markdown).toContain('**No changes** in 1 stack: `cluster-settings`.');
    expect(third.markdown).toMatch(/> - `tenants`: 2 changes break or replace tenants' working S3 credentials/);
  });
});
