/**
 * Reliability under faults (issue 9): the real `terraform` drives the built provider against the
 * OneFS and DAP simulators over real HTTPS; faults go in through the simulator's control API. Every
 * scenario ends with the same convergence check: what state records, the cluster holds and the
 * secret store holds agree, and the secret in the store works. The file ends with the canary sweep
 * over everything it produced.
 *
 * Needs `npm run build` first (the provider runs from dist/provider.cjs).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../src/secrets/factory';
import type { SecretStore } from '../../src/secrets/types';
import {
  alive,
  Artifacts,
  canaryForms,
  CLUSTER_PASSWORD,
  DAP_TOKEN,
  errorBlocks,
  flat,
  hclString,
  keyResources,
  providerBlock,
  recordProviders,
  routeCount,
  startCanarySimulator,
  startTerraform,
  terraformRecorded,
  type CanarySimulator,
} from '../helpers/reliability';
import { createTerraformWorkspace, readState, REPO_ROOT, resourceInstances, writeMainTf, type TerraformResult, type TerraformRunOptions, type TerraformWorkspace } from '../helpers/terraform';

const POST_KEY = 'POST /platform/10/protocols/s3/keys/{user}';
const GET_KEY = 'GET /platform/10/protocols/s3/keys/{user}';
const LOGIN = 'POST /session/1/session';

const KILL_USERS = Array.from({ length: 20 }, (_, i) => `kill${String(i + 1).padStart(2, '0')}`);
const IDEMPOTENT_USERS = ['ida', 'idb', 'idc', 'idd'];
const POST_FAULT_USERS = ['pa', 'pb', 'pc', 'pd'];
const EXHAUST_USERS = ['ex'];
const SESSION_USERS = Array.from({ length: 10 }, (_, i) => `ses${i}`);
const STORE_USERS = ['sc', 'sr', 'sd'];
const INT_USERS = Array.from({ length: 10 }, (_, i) => `int${i}`);

let root: string;
let sim: CanarySimulator;
const artifacts = new Artifacts();
const workspaces: TerraformWorkspace[] = [];
/** Every secret the tests read back from a store (the sweep looks for them too). */
const storedSecrets = new Set<string>();

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'provider.cjs'))) throw new Error('dist/provider.cjs is missing: run "npm run build" first');
  root = mkdtempSync(join(tmpdir(), 'e2e-reliability-faults-'));
  sim = await startCanarySimulator(join(root, 'sim'), [...KILL_USERS, ...IDEMPOTENT_USERS, ...POST_FAULT_USERS, ...EXHAUST_USERS, ...SESSION_USERS, ...STORE_USERS, ...INT_USERS]);
});

afterAll(async () => {
  await sim?.close();
  for (const ws of workspaces) ws.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** One workspace with its own store; terraform runs are recorded for the canary sweep. */
class Stack {
  readonly ws: TerraformWorkspace;
  readonly store: SecretStore;
  private runs = 0;

  constructor(
    readonly name: string,
    readonly backend: 'file' | 'dap',
    private readonly options: { timeoutSeconds?: number } = {},
  ) {
    this.ws = createTerraformWorkspace();
    workspaces.push(this.ws);
    const { dap } = sim.running.info;
    this.store =
      backend === 'file'
        ? createSecretStore({ type: 'file', path: this.storePath })
        : createSecretStore({ type: 'dap', url: dap.url, tenant: dap.tenant, credentialsFile: dap.credentialsFile, caCertFile: dap.caCertFile });
  }

  get storePath(): string {
    return join(this.ws.dir, 'store', 'secrets.json');
  }

  write(users: readonly string[], extra: (user: string) => string = () => ''): void {
    const secretStore = this.backend === 'file' ? `secret_store {\n    type = "file"\n    path = ${hclString(this.storePath)}\n  }` : undefined;
    writeMainTf(this.ws, `${providerBlock(sim, { ...(secretStore ? { secretStore } : {}), ...this.options })}\n${keyResources(users, extra)}`);
  }

  /** Runs terraform with TF_LOG=trace to a file; output, log, state and provider processes go to the sweep. */
  async tf(args: string[], options: TerraformRunOptions = {}): Promise<TerraformResult> {
    const label = `${this.name} #${++this.runs} terraform ${args[0]}`;
    const logPath = join(this.ws.dir, `trace-${this.runs}.log`);
    const run = await terraformRecorded(this.ws, args, artifacts, label, { logLevel: 'TRACE', logPath, ...options });
    this.collect(label, logPath);
    return run;
  }

  collect(label: string, logPath?: string): void {
    if (logPath) artifacts.addFile(`${label}: TF_LOG=trace log`, logPath);
    artifacts.addFile(`${label}: state`, join(this.ws.dir, 'terraform.tfstate'));
    artifacts.addFile(`${label}: state backup`, join(this.ws.dir, 'terraform.tfstate.backup'));
  }

  async apply(): Promise<TerraformResult> {
    return this.tf(['apply', '-auto-approve']);
  }

  /** The instances of `powerscale_s3_key` in state, by user. */
  stateKeys(): Map<string, { accessId: string; secretName: string; tainted: boolean }> {
    const out = new Map<string, { accessId: string; secretName: string; tainted: boolean }>();
    for (const r of readState(this.ws)?.resources ?? []) {
      if (r.type !== 'powerscale_s3_key') continue;
      for (const i of r.instances) out.set(String(i.attributes.user), { accessId: String(i.attributes.access_id), secretName: String(i.attributes.secret_name), tainted: i.status === 'tainted' });
    }
    return out;
  }

  /** The stored document under `name`, its secret remembered for the sweep. */
  async doc(name: string): Promise<{ access_id?: unknown; secret_key?: unknown } | undefined> {
    const value = await this.store.get(name);
    if (value === undefined) return undefined;
    storedSecrets.add(value);
    const doc = JSON.parse(value) as { access_id?: unknown; secret_key?: unknown };
    if (typeof doc.secret_key === 'string') storedSecrets.add(doc.secret_key);
    return doc;
  }

  /**
   * Convergence: every user is in state, untainted; the cluster's key has the state's access id;
   * the store holds {access_id, secret_key} for it and the secret authenticates; and the next plan
   * has nothing to do.
   */
  async expectConverged(users: readonly string[]): Promise<void> {
    const state = this.stateKeys();
    expect([...state.keys()].sort()).toEqual([...users].sort());
    for (const user of users) {
      const inState = state.get(user);
      const onCluster = await sim.control.getKey('System', user);
      expect(inState?.tainted, `${user} tainted`).toBe(false);
      expect(onCluster?.access_id, `${user} on the cluster`).toBe(inState?.accessId);
      const doc = await this.doc(inState?.secretName ?? '');
      expect(doc?.access_id, `${user} in the store`).toBe(inState?.accessId);
      expect(await sim.control.s3Authenticate(String(doc?.access_id), String(doc?.secret_key)), `${user}'s stored secret authenticates`).toBe(true);
    }
    const plan = await this.tf(['plan', '-detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  }
}

/** Keys on the cluster for `users` (by the control API). */
async function keysOnCluster(users: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const u of users) if (await sim.control.getKey('System', u)) out.push(u);
  return out;
}

const output = (run: TerraformResult) => `${run.stdout}\n${run.stderr}`;

describe('reliability: a provider killed in the middle of an apply', () => {
  it('converges on the next apply after SIGKILL of the provider during an apply of 20 keys, with no key the state does not know', async () => {
    const s = new Stack('sigkill', 'file');
    s.write(KILL_USERS);
    const mintsBefore = routeCount(await sim.control.stats(), 'onefs', POST_KEY);
    await sim.control.setLatency(250);
    const proc = startTerraform(s.ws, ['apply', '-auto-approve'], { timeoutMs: 120_000 });
    let killed: number | undefined;
    try {
      // Mid-way: some creates have reached the cluster, most have not.
      const midway = await proc.waitFor(async () => routeCount(await sim.control.stats(), 'onefs', POST_KEY) - mintsBefore >= 4, 60_000);
      expect(midway, `the apply never reached the cluster:\n${proc.output()}`).toBe(true);
      const provider = [...proc.providers.values()].filter((p) => alive(p.pid)).at(-1);
      expect(provider, 'no live provider process found under terraform').toBeDefined();
      killed = provider?.pid;
      if (killed !== undefined) process.kill(killed, 'SIGKILL');
    } finally {
      await sim.control.setLatency(0);
    }
    const run = await proc.done;
    artifacts.addRun('sigkill: interrupted apply', run);
    recordProviders(artifacts, 'sigkill: interrupted apply', proc);
    s.collect('sigkill: interrupted apply');
    expect(run.code, output(run)).not.toBe(0);
    expect(flat(output(run))).toMatch(/plugin|provider/i);

    const recorded = s.stateKeys();
    const minted = await keysOnCluster(KILL_USERS);
    // The kill really was mid-way: not everything was created.
    expect(recorded.size).toBeLessThan(KILL_USERS.length);
    const orphans = minted.filter((u) => !recorded.has(u));
    console.info(`[sigkill] killed provider ${killed}: ${recorded.size} keys in state, ${minted.length} on the cluster, ${orphans.length} minted but unknown to state`);

    const second = await s.apply();
    expect(second.code, output(second)).toBe(0);
    await s.expectConverged(KILL_USERS);
    // Nothing exists on the cluster that state does not know.
    expect((await keysOnCluster(KILL_USERS)).filter((u) => !s.stateKeys().has(u))).toEqual([]);
    await s.store.close();
  });
});
