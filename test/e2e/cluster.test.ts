/**
 * End to end: the real `terraform` (1.11.4 on PATH) drives the built provider (`bin/`, via a
 * generated CLI config with dev_overrides plus a filesystem mirror) against the OneFS simulator
 * over real HTTPS. Covers validate, plan, apply, a clean re-plan, refresh, import, destroy of
 * `powerscale_cluster`, the wrong-cluster guards, invalid configurations, and a canary password
 * that must never show up in state, `terraform show -json`, TF_LOG=trace output or `ps`.
 *
 * Needs `npm run build` first (the provider runs from dist/provider.cjs).
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorServers, type RunningSimulator } from '../../src/simulator/server';
import {
  createTerraformWorkspace,
  readState,
  REPO_ROOT,
  REQUIRED_PROVIDERS,
  resourceInstances,
  runTerraform,
  writeMainTf,
  type TerraformResult,
  type TerraformRunOptions,
  type TerraformWorkspace,
} from '../helpers/terraform';

const BIN = join(REPO_ROOT, 'bin');
// Quotes, a backslash, non-ASCII letters and a symbol: every escaping layer gets exercised.
const CANARY = `can"ary\\pw-ünï-✓-'e2e-7f3a`;
const CANARY_FORMS = [CANARY, JSON.stringify(CANARY).slice(1, -1), 'ary\\pw-ün', 'ary\\\\pw'];

let root: string;
let mirrorDir: string;
let simA: RunningSimulator;
let simB: RunningSimulator;
const workspaces: TerraformWorkspace[] = [];
/** Everything terraform printed in this file, for the canary check. */
const transcript: string[] = [];

/** A filesystem mirror holding dapcli/powerscale 0.1.0 (a wrapper around bin/), for the CLI config. */
function writeMirror(dir: string): string {
  const pkg = join(dir, 'registry.terraform.io', 'dapcli', 'powerscale', '0.1.0', 'linux_amd64');
  mkdirSync(pkg, { recursive: true });
  const exe = join(pkg, 'terraform-provider-powerscale_v0.1.0');
  writeFileSync(exe, `#!/bin/sh\nexec ${JSON.stringify(join(BIN, 'terraform-provider-powerscale'))}\n`);
  chmodSync(exe, 0o755);
  return dir;
}

async function terraform(ws: TerraformWorkspace, args: string[], options: TerraformRunOptions = {}): Promise<TerraformResult> {
  const run = await runTerraform(ws, args, options);
  transcript.push(run.stdout, run.stderr);
  return run;
}

/** All process command lines (what `ps` shows anyone on the machine). */
function psArgs(): Promise<string> {
  return new Promise((done) => execFile('ps', ['-eo', 'args='], { maxBuffer: 8 * 1024 * 1024 }, (_e, out) => done(String(out))));
}

interface ConfigOptions {
  endpoint?: string;
  caCertFile?: string;
  /** HCL for the password source; default password_file = simulator A's file. */
  passwordLines?: string;
  resourceBody?: string;
}

function mainTf(o: ConfigOptions = {}): string {
  return `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint     = ${JSON.stringify(o.endpoint ?? simA.info.onefs.endpoint)}
  username     = "admin"
  ca_cert_file = ${JSON.stringify(o.caCertFile ?? simA.info.onefs.caCertFile)}
  ${o.passwordLines ?? `password_file = ${JSON.stringify(simA.info.onefs.passwordFile)}`}
}

resource "powerscale_cluster" "this" {
  ${o.resourceBody ?? ''}
}

output "guid" {
  value = powerscale_cluster.this.guid
}
`;
}

function workspace(config: string): TerraformWorkspace {
  const ws = createTerraformWorkspace({ mirrorDir });
  workspaces.push(ws);
  writeMainTf(ws, config);
  return ws;
}

function guidOf(sim: RunningSimulator): string {
  return sim.simulator.onefs.model.guid;
}

function combined(run: TerraformResult): string {
  return `${run.stdout}\n${run.stderr}`;
}

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'provider.cjs'))) throw new Error('dist/provider.cjs is missing: run "npm run build" first');
  root = mkdtempSync(join(tmpdir(), 'e2e-cluster-'));
  mirrorDir = writeMirror(join(root, 'mirror'));
  // In-process over real HTTPS: the simulator must accept the canary, which the CLI cannot set.
  simA = await startSimulatorServers({ dir: join(root, 'sim-a'), onefs: { password: CANARY, clusterName: 'e2e-one' } });
  simB = await startSimulatorServers({ dir: join(root, 'sim-b'), onefs: { password: CANARY, clusterName: 'e2e-two' } });
});

afterAll(async () => {
  await simA?.close();
  await simB?.close();
  for (const ws of workspaces) ws.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('powerscale_cluster with the real terraform', () => {
  let ws: TerraformWorkspace;

  it('validates without contacting the cluster', async () => {
    ws = workspace(mainTf());
    const before = simA.simulator.stats().onefs.logins;
    const run = await terraform(ws, ['validate']);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain('The configuration is valid');
    expect(simA.simulator.stats().onefs.logins).toBe(before);
  });

  it('plans a create with the identity known after apply', async () => {
    const run = await terraform(ws, ['plan', '-detailed-exitcode']);
    expect(run.code, combined(run)).toBe(2);
    expect(run.stdout).toMatch(/\+ guid\s+= \(known after apply\)/);
    expect(run.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  it('applies: logs in and records the identity', async () => {
    const run = await terraform(ws, ['apply', '-auto-approve']);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain(`Creation complete after`);
    expect(run.stdout).toContain(`[id=${guidOf(simA)}]`);
    expect(resourceInstances(readState(ws), 'powerscale_cluster', 'this')[0]?.attributes).toEqual({
      id: guidOf(simA),
      guid: guidOf(simA),
      name: 'e2e-one',
      onefs_version: '9.5.0.0',
      api_version: '16',
      expected_guid: null,
    });
  });

  it('plans no changes after apply (plan -detailed-exitcode = 0)', async () => {
    const run = await terraform(ws, ['plan', '-detailed-exitcode']);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain('No changes.');
  });

  it('refreshes', async () => {
    const run = await terraform(ws, ['refresh']);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain(`guid = "${guidOf(simA)}"`);
  });

  it('imports by guid, and plans no changes afterwards', async () => {
    expect((await terraform(ws, ['state', 'rm', 'powerscale_cluster.this'])).code).toBe(0);
    const run = await terraform(ws, ['import', 'powerscale_cluster.this', guidOf(simA)]);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain('Import successful!');
    const show = await terraform(ws, ['show', '-json']);
    const values = (JSON.parse(show.stdout) as { values: { root_module: { resources: { values: Record<string, unknown> }[] } } }).values.root_module.resources[0]?.values;
    expect(values).toMatchObject({ id: guidOf(simA), name: 'e2e-one', onefs_version: '9.5.0.0' });
    const plan = await terraform(ws, ['plan', '-detailed-exitcode']);
    expect(plan.code, combined(plan)).toBe(0);
  });

  it('refuses an import whose guid is not the endpoint cluster', async () => {
    const other = workspace(mainTf());
    const run = await terraform(other, ['import', 'powerscale_cluster.this', guidOf(simB)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cluster Identity Changed');
  });

  it('fails the plan when the endpoint now answers as another cluster', async () => {
    writeMainTf(ws, mainTf({ endpoint: simB.info.onefs.endpoint, caCertFile: simB.info.onefs.caCertFile }));
    const run = await terraform(ws, ['plan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: Cluster Identity Changed');
    expect(run.stderr).toContain(guidOf(simA));
    expect(run.stderr).toContain(guidOf(simB));
    writeMainTf(ws, mainTf());
  });

  it('fails the plan when expected_guid does not match, pointing at expected_guid', async () => {
    writeMainTf(ws, mainTf({ resourceBody: `expected_guid = ${JSON.stringify(guidOf(simB))}` }));
    const run = await terraform(ws, ['plan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: Wrong Cluster');
    expect(run.stderr).toMatch(/expected_guid = "/);
  });

  it('updates expected_guid in place when it matches', async () => {
    writeMainTf(ws, mainTf({ resourceBody: `expected_guid = ${JSON.stringify(guidOf(simA))}` }));
    const run = await terraform(ws, ['apply', '-auto-approve']);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain('0 added, 1 changed, 0 destroyed');
    expect((await terraform(ws, ['plan', '-detailed-exitcode'])).code).toBe(0);
  });

  it('fails a create plan against the wrong cluster before anything is applied', async () => {
    const other = workspace(mainTf({ resourceBody: `expected_guid = ${JSON.stringify(guidOf(simB))}` }));
    const run = await terraform(other, ['apply', '-auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: Wrong Cluster');
    expect(resourceInstances(readState(other), 'powerscale_cluster', 'this')).toEqual([]);
  });

  it('destroys by forgetting the cluster', async () => {
    const run = await terraform(ws, ['destroy', '-auto-approve']);
    expect(run.code, combined(run)).toBe(0);
    expect(run.stdout).toContain('Destroy complete! Resources: 1 destroyed.');
    expect(readState(ws)?.resources).toEqual([]);
  });
});

describe('invalid configurations', () => {
  async function validate(config: string): Promise<string> {
    const run = await terraform(workspace(config), ['validate']);
    expect(run.code).toBe(1);
    return run.stderr;
  }

  it('rejects an endpoint port out of range, naming endpoint', async () => {
    const out = await validate(mainTf({ endpoint: 'https://127.0.0.1:70000' }));
    expect(out).toContain('Error: Invalid Endpoint');
    expect(out).toMatch(/endpoint\s+= "https:\/\/127\.0\.0\.1:70000"/);
    expect(out).toContain('port 70000 is out of range');
  });

  it('rejects a plain-http endpoint', async () => {
    const out = await validate(mainTf({ endpoint: 'http://127.0.0.1:8080' }));
    expect(out).toContain('Attribute endpoint: Expected an https URL');
  });

  it('rejects two password sources, naming the second', async () => {
    const out = await validate(mainTf({ passwordLines: `password = "x"\n  password_secret = "cluster-pw"` }));
    expect(out).toContain('Error: Conflicting Password Sources');
    expect(out).toMatch(/password_secret = "cluster-pw"/);
  });

  it('rejects a password file that others can read, naming password_file', async () => {
    const loose = join(root, 'loose-password');
    writeFileSync(loose, 'x');
    chmodSync(loose, 0o644);
    const out = await validate(mainTf({ passwordLines: `password_file = ${JSON.stringify(loose)}` }));
    expect(out).toContain('Error: Unusable Password File');
    expect(out).toMatch(/password_file = "/);
    expect(out).toContain('chmod 600');
  });

  it('rejects an expected_guid that is not a guid, naming expected_guid', async () => {
    const out = await validate(mainTf({ resourceBody: 'expected_guid = "production"' }));
    expect(out).toContain('Error: Invalid Attribute Value');
    expect(out).toContain('Attribute expected_guid: Expected a cluster GUID');
  });
});

describe('the cluster password', () => {
  it('never appears in state, show -json, TF_LOG=trace output, errors or ps', async () => {
    const ws = workspace(mainTf({ passwordLines: `password = ${JSON.stringify(CANARY)}` }));
    const samples: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await psArgs());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const apply = await terraform(ws, ['apply', '-auto-approve'], { logLevel: 'TRACE' });
    sampling = false;
    await sampler;
    expect(apply.code, apply.stdout).toBe(0);
    // The trace really includes the provider's own lines (so the check below means something).
    expect(apply.stderr).toContain('provider.terraform-provider-powerscale');

    const show = await terraform(ws, ['show', '-json']);
    expect(show.code).toBe(0);
    // A failing login renders an error: it must not echo the password either.
    writeMainTf(ws, mainTf({ passwordLines: `password = ${JSON.stringify(`${CANARY}-wrong`)}` }));
    const refused = await terraform(ws, ['plan'], { logLevel: 'TRACE' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the login');
    expect((await terraform(ws, ['destroy', '-auto-approve', '-refresh=false'])).code).toBe(0);

    const places: Record<string, string> = {
      state: ['terraform.tfstate', 'terraform.tfstate.backup'].map((f) => (existsSync(join(ws.dir, f)) ? readFileSync(join(ws.dir, f), 'utf8') : '')).join('\n'),
      'show -json': show.stdout,
      'terraform output (all runs in this file)': transcript.join('\n'),
      ps: samples.join('\n'),
    };
    expect(samples.length).toBeGreaterThan(0);
    expect(places.state).toContain(guidOf(simA));
    for (const [where, text] of Object.entries(places)) {
      for (const form of CANARY_FORMS) expect(text.includes(form), `password found in ${where}`).toBe(false);
    }
  });
});
