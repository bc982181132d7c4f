/**
 * `bin/terraform-provider-powerscale`, what a `dev_overrides` block (and every e2e test) runs: a
 * file that is both a shell script and a CommonJS module. Run as a program it hands
 * NODE_EXTRA_CA_CERTS over under another name, as the installed launcher does; run by `node` (the
 * debugging workflow) it loads the provider as before; and the certificates of the variable are
 * trusted either way.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../helpers/simulator';
import { createTerraformWorkspace, REPO_ROOT, REQUIRED_PROVIDERS, runTerraform, writeMainTf } from '../helpers/terraform';

const exec = promisify(execFile);
const executable = join(REPO_ROOT, 'bin', 'terraform-provider-powerscale');
const dir = mkdtempSync(join(tmpdir(), 'bin-launcher-it-'));
// Preloaded into the provider's Node: reports what that Node sees of the two variables, then ends.
const probe = join(dir, 'probe.cjs');
writeFileSync(probe, `process.stdout.write(JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.POWERSCALE_NODE_EXTRA_CA_CERTS ?? null]));\nprocess.exit(0);\n`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The two variables as the provider's Node saw them, started as `command` with `extra` on top of an environment without either. */
async function seen(command: string[], extra: NodeJS.ProcessEnv): Promise<unknown> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${probe}` };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.POWERSCALE_NODE_EXTRA_CA_CERTS;
  const [file, ...args] = command as [string, ...string[]];
  const { stdout } = await exec(file, args, { env: { ...env, ...extra } });
  return JSON.parse(stdout);
}

describe('bin/terraform-provider-powerscale', () => {
  it('started as a program, moves NODE_EXTRA_CA_CERTS to POWERSCALE_NODE_EXTRA_CA_CERTS before Node starts', async () => {
    expect(await seen([executable], { NODE_EXTRA_CA_CERTS: '/some/bundle.pem' })).toEqual([null, '/some/bundle.pem']);
    expect(await seen([executable], {})).toEqual([null, null]);
    // A path with spaces and shell characters arrives as it was.
    expect(await seen([executable], { NODE_EXTRA_CA_CERTS: "/odd dir/$HOME 'x'.pem" })).toEqual([null, "/odd dir/$HOME 'x'.pem"]);
  });

  it('started by node (node --inspect bin/...), loads the provider with the variable left to Node', async () => {
    expect(await seen([process.execPath, executable], { NODE_EXTRA_CA_CERTS: '/some/bundle.pem' })).toEqual(['/some/bundle.pem', null]);
    const { stderr } = await exec(process.execPath, [executable, '--help']);
    expect(stderr).toContain('is a Terraform provider plugin');
  });

  it("trusts the certificates of NODE_EXTRA_CA_CERTS where no ca_cert_file is given, through Terraform's dev_overrides", async () => {
    const sim = await startSimulator();
    const ws = createTerraformWorkspace();
    try {
      const { onefs } = sim.info;
      writeMainTf(
        ws,
        `${REQUIRED_PROVIDERS}provider "powerscale" {\n  endpoint = ${JSON.stringify(onefs.endpoint)}\n  username = ${JSON.stringify(onefs.username)}\n  password_file = ${JSON.stringify(onefs.passwordFile)}\n}\ndata "powerscale_accesszone" "system" {\n  names = ["System"]\n}\noutput "zones" {\n  value = length(data.powerscale_accesszone.system.zones)\n}\n`,
      );
      const trusted = await runTerraform(ws, ['plan', '-input=false'], { env: { NODE_EXTRA_CA_CERTS: onefs.caCertFile } });
      expect(trusted.stdout).toContain('zones = 1');
      expect(trusted.code).toBe(0);
      // Without it the simulator's CA is trusted by nothing: the CA above came from the variable.
      const untrusted = await runTerraform(ws, ['plan', '-input=false'], { env: { NODE_EXTRA_CA_CERTS: '' } });
      expect(untrusted.code).not.toBe(0);
      expect(`${untrusted.stdout}${untrusted.stderr}`.replace(/\s+/g, ' ')).toMatch(/ca_cert_file/);
    } finally {
      ws.cleanup();
      await sim.stop();
    }
  });
});
