/**
 * `cdktf-powerscale migrate-secrets` as a user runs it: the built CLI (bin/ → dist/cli.mjs, with
 * the DAP store's HTTP libraries inlined) copies a secret from a Dell state file into the DAP
 * simulator over HTTPS, and prints neither the secret nor anything from which to rebuild it.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '../helpers/simulator';
import { REPO_ROOT } from '../helpers/terraform';

const CANARY = 'CANARY-migrate-it-9f4c1e2d7a';
const work = mkdtempSync(join(tmpdir(), 'migrate-it-'));
let sim: StartedSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.stop();
  rmSync(work, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'cdktf-powerscale'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it("copies Dell's S3 secret into the DAP store under the default name, printing import blocks and never the secret", async () => {
  const stateFile = join(work, 'dell.tfstate');
  writeFileSync(
    stateFile,
    JSON.stringify({
      version: 4,
      resources: [{ mode: 'managed', type: 'powerscale_s3_key', name: 'alice', provider: 'provider["registry.terraform.io/dell/powerscale"]', instances: [{ attributes: { user: 'alice', zone: 'System', access_id: '1_alice_accid', secret_key: CANARY } }] }],
    }),
  );
  const storeConfig = join(work, 'store.json');
  const { dap } = sim.info;
  writeFileSync(storeConfig, JSON.stringify({ type: 'dap', url: dap.url, tenant: dap.tenant, credentialsFile: dap.credentialsFile, caCertFile: dap.caCertFile }));
  chmodSync(storeConfig, 0o600);

  const first = await cli(['migrate-secrets', '--state', stateFile, '--store-config', storeConfig]);
  expect(first.stderr).toContain('powerscale_s3_key.alice (System/alice) -> powerscale-s3-System-alice: written');
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toBe('import {\n  to = powerscale_s3_key.alice\n  id = "System/alice"\n}\n');
  expect(JSON.parse((await sim.control.dapSecret('powerscale-s3-System-alice')) ?? '{}')).toEqual({ access_id: '1_alice_accid', secret_key: CANARY });

  const again = await cli(['migrate-secrets', '--state', stateFile, '--store-config', storeConfig]);
  expect(again.code).toBe(0);
  expect(again.stderr).toContain(': kept');
  expect(first.stdout + first.stderr + again.stdout + again.stderr).not.toContain(CANARY);
});
