/**
 * The real terraform 1.11.4 accepts the built provider: handshake, AutoMTLS, schema, validate,
 * plan, and a clean exit on Shutdown (no "failed to exit gracefully", which costs 2 s a process).
 * Needs `npm run build` first (npm test does it).
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTerraformWorkspace, readState, REPO_ROOT, REQUIRED_PROVIDERS, resourceInstances, runTerraform, writeMainTf, type TerraformWorkspace } from '../helpers/terraform';

let ws: TerraformWorkspace;

beforeEach(() => {
  ws = createTerraformWorkspace();
  writeMainTf(ws, `${REQUIRED_PROVIDERS}\nprovider "powerscale" {}\n`);
});

afterEach(() => ws.cleanup());

describe('terraform with the provider via dev_overrides', () => {
  it('validates a configuration that uses the provider', async () => {
    const res = await runTerraform(ws, ['validate']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Success! The configuration is valid');
    expect(res.stdout).toContain('Provider development overrides are in effect');
  });

  it('plans, with every provider process exiting on Shutdown rather than being killed', async () => {
    const res = await runTerraform(ws, ['plan'], { logLevel: 'TRACE', logPath: 'terraform.log' });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('No changes.');
    const log = readFileSync(join(ws.dir, 'terraform.log'), 'utf8');
    expect(log).toContain('provider: using plugin: version=6');
    expect(log).toContain('provider: plugin process exited');
    expect(log).not.toContain('failed to exit gracefully');
    expect(log).not.toContain('Unrecognized remote plugin message');
    expect(log).not.toMatch(/plugin process exited: .*error=/);
  });

  it('shows the provider\'s own JSON log lines at their level when TF_LOG_PROVIDER is set', async () => {
    const res = await runTerraform(ws, ['validate'], { logPath: 'provider.log', env: { TF_LOG_PROVIDER: 'DEBUG' } });
    expect(res.code).toBe(0);
    const log = readFileSync(join(ws.dir, 'provider.log'), 'utf8');
    // go-plugin parsed our hclog JSON: the message appears at DEBUG under the provider's logger.
    expect(log).toMatch(/\[DEBUG\] provider\.terraform-provider-powerscale: provider serving: .*tls=true/);
  });
});

/**
 * The same terraform, driving a test-only fake provider (src/provider/protocol/testing, bundled
 * here into a temp dir; the shipped binary has no test hooks) through apply, no-op plan, replace,
 * drift, import and destroy: every value path of the codec as Terraform itself checks it.
 */
describe('terraform with a fake resource served by the protocol layer', () => {
  let fakeDir: string;
  let fws: TerraformWorkspace;

  beforeAll(async () => {
    fakeDir = mkdtempSync(join(tmpdir(), 'fake-provider-'));
    await build({
      entryPoints: [join(REPO_ROOT, 'src/provider/protocol/testing/fake-main.ts')],
      outfile: join(fakeDir, 'fake-provider.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    writeFileSync(join(fakeDir, 'terraform-provider-powerscale'), '#!/usr/bin/env node\nrequire("./fake-provider.cjs");\n', { mode: 0o755 });
  });

  afterAll(() => rmSync(fakeDir, { recursive: true, force: true }));

  beforeEach(() => {
    fws = createTerraformWorkspace({ providerDir: fakeDir });
  });

  afterEach(() => fws.cleanup());

  const config = (zone: string, extra = '') => `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint = "\${path.module}/remote.json"
}

resource "powerscale_fake" "a" {
  name  = "alpha"
  zone  = "${zone}"
  size  = 9007199254740993
  tags  = { team = "storage" }
  token = "write-only-value"
  rule {
    port = 80
  }
  rule {
    port = 443
  }
}
${extra}`;

  it('applies, plans no changes, replaces on a zone change, notices drift and destroys', async () => {
    writeMainTf(fws, config('System'));
    const apply = await runTerraform(fws, ['apply', '-auto-approve'], { logLevel: 'DEBUG', logPath: 'apply.log' });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const applyLog = readFileSync(join(fws.dir, 'apply.log'), 'utf8');
    const started = applyLog.match(/provider: plugin started/g)?.length ?? 0;
    expect(started).toBeGreaterThanOrEqual(3); // schema, validate, plan, apply: a process each
    expect(applyLog.match(/provider: plugin process exited/g)?.length).toBe(started);
    expect(applyLog).not.toContain('failed to exit gracefully');
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    const stateText = readFileSync(join(fws.dir, 'terraform.tfstate'), 'utf8');
    expect(stateText).toContain('9007199254740993'); // not ...992: exact through msgpack and JSON
    expect(stateText).not.toContain('write-only-value');
    const [instance] = resourceInstances(readState(fws), 'powerscale_fake', 'a');
    expect(instance?.attributes).toMatchObject({ id: 'System/alpha', name: 'alpha', token: null, tags: { team: 'storage' }, rule: [{ port: 80 }, { port: 443 }] });
    expect(instance?.schema_version).toBe(1);

    const noop = await runTerraform(fws, ['plan', '-detailed-exitcode']);
    expect(noop.stderr).toBe('');
    expect(noop.code).toBe(0);
    expect(noop.stdout).toContain('No changes.');

    writeMainTf(fws, config('Other'));
    const replace = await runTerraform(fws, ['apply', '-auto-approve']);
    expect(replace.code).toBe(0);
    expect(replace.stdout).toContain('must be replaced');
    expect(replace.stdout).toContain('Resources: 1 added, 0 changed, 1 destroyed.');
    expect(resourceInstances(readState(fws), 'powerscale_fake', 'a')[0]?.attributes.id).toBe('Other/alpha');

    writeFileSync(join(fws.dir, 'remote.json'), '{}');
    const drift = await runTerraform(fws, ['plan', '-detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('powerscale_fake.a will be created');

    const destroy = await runTerraform(fws, ['destroy', '-auto-approve']);
    expect(destroy.code).toBe(0);
    expect(resourceInstances(readState(fws), 'powerscale_fake', 'a')).toEqual([]);
  });

  it('imports an existing object and points a validation error at the attribute', async () => {
    writeFileSync(join(fws.dir, 'remote.json'), JSON.stringify({ 'System/alpha': { id: 'System/alpha', name: 'alpha', zone: 'System', size: 5, tags: null, token: null, rule: [] } }));
    writeMainTf(fws, config('System'));
    const imported = await runTerraform(fws, ['import', 'powerscale_fake.a', 'System/alpha']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(resourceInstances(readState(fws), 'powerscale_fake', 'a')[0]?.attributes).toMatchObject({ id: 'System/alpha', size: 5 });

    writeMainTf(fws, config('System').replace('name  = "alpha"', 'name  = ""'));
    const invalid = await runTerraform(fws, ['validate']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('name must not be empty');
    expect(invalid.stderr).toMatch(/on main\.tf line \d+, in resource "powerscale_fake" "a":/);
  });

  it('plans unknown values through (known after apply) and applies them', async () => {
    writeMainTf(fws, config('System').replace('tags  = { team = "storage" }', 'tags  = { at = timestamp() }'));
    const plan = await runTerraform(fws, ['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('(known after apply)');
    const apply = await runTerraform(fws, ['apply', '-auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(String((resourceInstances(readState(fws), 'powerscale_fake', 'a')[0]?.attributes.tags as Record<string, string>).at)).toMatch(/^\d{4}-/);
  });

  it('plans when TMPDIR is too long for a unix socket path, leaving no socket or directory behind', async () => {
    // Node truncates a socket path over 107 bytes without a word; the provider must not advertise one.
    const longTmp = join(ws.dir, 't'.repeat(110));
    mkdirSync(longTmp);
    const before = new Set(readdirSync('/tmp'));
    const res = await runTerraform(ws, ['plan'], { env: { TMPDIR: longTmp } });
    expect(res.stderr).not.toContain('Plugin did not respond');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('No changes.');
    expect(readdirSync(longTmp).filter((n) => n.startsWith('tf-powerscale-'))).toEqual([]);
    expect(readdirSync('/tmp').filter((n) => !before.has(n) && n.startsWith('tfps-'))).toEqual([]);
  });
});
