/**
 * One parameterised lifecycle for every resource type, with the real `terraform` 1.11: apply →
 * plan (exit 0) → refresh → import → update → drift (plan exit 2, apply repairs) → destroy. A
 * resource joins with a fixture in LIFECYCLE_FIXTURES (its HCL for two configurations, its import
 * id, how to drift it on the simulator, how to see it is gone) instead of a new e2e file; the
 * reliability and canary suites stay on the secret-bearing resources.
 *
 * Needs `npm run build` first (the provider runs from dist/provider.cjs).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OneFsModel } from '../../src/simulator/onefs';
import type { OneFsRelease } from '../../src/simulator/onefs/profiles';
import { startSimulatorServers, type RunningSimulator } from '../../src/simulator/server';
import { createTerraformWorkspace, readState, REQUIRED_PROVIDERS, resourceInstances, runTerraform, writeMainTf, type TerraformWorkspace } from '../helpers/terraform';

/** What a resource type brings to the shared lifecycle. Its address is `<type>.this`. */
interface LifecycleFixture {
  readonly type: string;
  /** Seeds what the resource needs on the cluster (users, zones). */
  seed(model: OneFsModel): void;
  /** The resource block's body for the first and the second (updated) configuration. */
  readonly body: { readonly create: string; readonly update: string };
  /** The id `terraform import` takes, from the applied state's attributes. */
  importId(attributes: Record<string, unknown>): string;
  /**
   * `clean`: the plan after an import is empty. `settles`: settings the cluster does not store come
   * back null from an import, so one in-place update writes them (and changes nothing remote).
   */
  readonly afterImport: 'clean' | 'settles';
  /** Changes the object behind Terraform's back, so that the next plan must repair it. */
  drift(model: OneFsModel, attributes: Record<string, unknown>): void;
  /** True when the object no longer exists on the cluster. */
  gone(model: OneFsModel, attributes: Record<string, unknown>): boolean;
  /**
   * OneFS release profiles to run against (src/simulator/onefs/profiles). The oldest and the
   * newest profile catch API-version and session differences; one fixture carrying them keeps
   * the tier's time in check. @default [undefined] (the simulator's default release)
   */
  readonly releases?: readonly OneFsRelease[];
}

const LIFECYCLE_FIXTURES: readonly LifecycleFixture[] = [
  {
    type: 'powerscale_s3_key',
    seed: (model) => void model.addUser('System', 'lc-user'),
    body: { create: 'user = "lc-user"', update: 'user = "lc-user"\n  existing_key_expiry_minutes = 30' },
    importId: (a) => String(a.id),
    afterImport: 'settles', // existing_key_expiry_minutes lives only in state

    drift: (model) => void model.deleteKey('System', 'lc-user'),
    gone: (model) => !model.getKey('System', 'lc-user'),
    releases: ['9.2', '9.10'],
  },
];

let root: string;
let sim: RunningSimulator;
const workspaces: TerraformWorkspace[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lifecycle-e2e-'));
  sim = await startSimulatorServers({ dir: join(root, 'sim') });
}, 60_000);

afterEach(() => sim.simulator.reset());

afterAll(async () => {
  for (const ws of workspaces) ws.cleanup();
  await sim?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const RUNS = LIFECYCLE_FIXTURES.flatMap((f) => (f.releases ?? [undefined]).map((release) => [release === undefined ? f.type : `${f.type} on OneFS ${release}`, f, release] as const));

describe.each(RUNS)('%s lifecycle', (_name, fixture, release) => {
  it('applies, stays clean, refreshes, imports, updates, repairs drift and destroys', async () => {
    if (release !== undefined) sim.simulator.onefs.setRelease(release);
    const model = sim.simulator.onefs.model;
    fixture.seed(model);
    const ws = createTerraformWorkspace();
    workspaces.push(ws);
    const storeDir = join(ws.dir, 'store');
    mkdirSync(storeDir, { mode: 0o700 });
    const onefs = sim.info.onefs;
    const write = (body: string) =>
      writeMainTf(
        ws,
        `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${JSON.stringify(onefs.endpoint)}
  username      = ${JSON.stringify(onefs.username)}
  password_file = ${JSON.stringify(onefs.passwordFile)}
  ca_cert_file  = ${JSON.stringify(onefs.caCertFile)}
  secret_store {
    type = "file"
    path = ${JSON.stringify(join(storeDir, 'secrets.json'))}
  }
}

resource ${JSON.stringify(fixture.type)} "this" {
  ${body}
}
`,
      );
    const address = `${fixture.type}.this`;
    const step = async (label: string, args: string[], expected: number) => {
      const run = await runTerraform(ws, [...args, '-no-color']);
      expect(run.code, `${label}: terraform ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(expected);
      return run;
    };
    const attributes = () => resourceInstances(readState(ws), fixture.type, 'this')[0]?.attributes ?? {};

    write(fixture.body.create);
    await step('create', ['apply', '-input=false', '-auto-approve'], 0);
    await step('clean after create', ['plan', '-input=false', '-detailed-exitcode'], 0);
    await step('refresh', ['apply', '-refresh-only', '-input=false', '-auto-approve'], 0);

    const id = fixture.importId(attributes());
    await step('forget', ['state', 'rm', address], 0);
    await step('import', ['import', '-input=false', address, id], 0);
    if (fixture.afterImport === 'settles') {
      await step('settle after import', ['plan', '-input=false', '-detailed-exitcode'], 2);
      await step('settle', ['apply', '-input=false', '-auto-approve'], 0);
    }
    await step('clean after import', ['plan', '-input=false', '-detailed-exitcode'], 0);

    write(fixture.body.update);
    await step('update planned', ['plan', '-input=false', '-detailed-exitcode'], 2);
    await step('update', ['apply', '-input=false', '-auto-approve'], 0);
    await step('clean after update', ['plan', '-input=false', '-detailed-exitcode'], 0);

    fixture.drift(model, attributes());
    await step('drift planned', ['plan', '-input=false', '-detailed-exitcode'], 2);
    await step('drift repaired', ['apply', '-input=false', '-auto-approve'], 0);
    await step('clean after repair', ['plan', '-input=false', '-detailed-exitcode'], 0);

    const last = attributes();
    await step('destroy', ['destroy', '-input=false', '-auto-approve'], 0);
    expect(resourceInstances(readState(ws), fixture.type, 'this')).toEqual([]);
    expect(fixture.gone(model, last)).toBe(true);
    // Every OneFS answer held to the API contract (strict mode already failed the run on a mismatch).
    expect(sim.simulator.contract.take()).toEqual([]);
  });
});
