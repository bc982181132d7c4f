/**
 * The chaos run: seeded rounds of (configuration change, faults, at most one violent event) against
 * the real terraform and provider and the simulator over HTTPS, then out-of-band changes, a clean
 * apply (two attempts at most), an empty plan, and the invariants. One line per round, a summary at
 * the end. See docs/reliability.md ("Chaos") for how to run and replay it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretStore } from '../../src/secrets/factory';
import type { OneFsModel } from '../../src/simulator/onefs/model';
import { alive, Artifacts, hclString, providerBlock, startCanarySimulator, startTerraform, type CanarySimulator, type MintedSecret } from '../helpers/reliability';
import { createTerraformWorkspace, readState, runTerraform, writeMainTf, type TerraformResult, type TerraformWorkspace } from '../helpers/terraform';
import { leaveStaleLock, outOfBand, pickFaults, pickViolentEvent, TIMEOUT_SECONDS, type ArmedFault, type StoreBackend, type ViolentEvent } from './events';
import { checkInvariants } from './invariants';
import { DEFAULT_KINDS } from './kinds';
import { roundRng } from './rng';
import { changeWorld, createWorld, renderWorld, type ChaosKind, type World } from './world';

export interface ChaosOptions {
  readonly seed: number;
  readonly rounds: number;
  /** Stop starting rounds after this long. @default no limit */
  readonly minutes?: number;
  /** Users the run may give keys (and names it may create users under). @default 8 */
  readonly poolSize?: number;
  /** The resource kinds it drives. @default s3_key and user (kinds/index.ts, DEFAULT_KINDS) */
  readonly kinds?: readonly ChaosKind[];
  /** The secret store. @default DAP for odd seeds, the file store for even ones */
  readonly store?: StoreBackend;
  /** Where each round's line goes. @default console.log */
  readonly print?: (line: string) => void;
}

/** One violation: enough to replay it (`--seed S --rounds R`). */
export interface Violation {
  readonly seed: number;
  readonly round: number;
  readonly what: string;
}

export interface ChaosSummary {
  readonly seed: number;
  readonly store: StoreBackend;
  readonly kinds: readonly string[];
  readonly poolSize: number;
  rounds: number;
  readonly faults: Record<string, number>;
  readonly violentEvents: Record<string, number>;
  outOfBand: number;
  failedApplies: number;
  readonly violations: Violation[];
  terraformRuns: number;
}

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
const firstError = (run: TerraformResult) => /Error: ([^\n]+)/.exec(run.stderr)?.[1] ?? (run.code !== null ? `exit ${run.code}` : run.timedOut === true ? 'killed by the timeout' : `killed by ${run.signal ?? 'a signal'}`);

/** Where a round's time goes (printed at the end of its line, to find waste in the harness). */
function stopwatch(): { lap(label: string): void; format(): string } {
  const start = Date.now();
  let last = start;
  const laps: string[] = [];
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  return {
    lap(label) {
      const now = Date.now();
      laps.push(`${label} ${seconds(now - last)}`);
      last = now;
    },
    format: () => `${seconds(last - start)} s (${laps.join(', ')})`,
  };
}

/** Records every password the cluster is given (by the provider or out of band) for the leak sweep. */
function spyOnPasswords(model: OneFsModel, minted: MintedSecret[]): void {
  const add = model.addUser.bind(model);
  model.addUser = (zone, name, settings = {}) => {
    if (settings.password) minted.push({ user: name, secret: settings.password });
    return add(zone, name, settings);
  };
  const update = model.updateUser.bind(model);
  model.updateUser = (user, settings, force) => {
    if (settings.password) minted.push({ user: user.name, secret: settings.password });
    update(user, settings, force);
  };
}

/** The apply of a round, with its faults armed and its violent event delivered. */
async function faultyApply(sim: CanarySimulator, ws: TerraformWorkspace, faults: readonly ArmedFault[], event: ViolentEvent | undefined, storePath: string | undefined): Promise<{ run: TerraformResult; delivered: boolean; plantedLock?: string }> {
  let delivered = false;
  let plantedLock: string | undefined;
  if (event?.kind === 'stale store lock' && storePath !== undefined) {
    plantedLock = await leaveStaleLock(storePath);
    delivered = true;
  }
  for (const f of faults) {
    if (f.spec) await sim.control.fault(f.spec);
    if (f.latencyMs !== undefined) await sim.control.setLatency(f.latencyMs);
  }
  const proc = startTerraform(ws, ['apply', '-auto-approve', '-input=false'], { timeoutMs: 180_000 });
  const timers: NodeJS.Timeout[] = [];
  for (const f of faults) if (f.expireSessionsAfterMs !== undefined) timers.push(setTimeout(() => void sim.control.expireSessions().catch(() => undefined), f.expireSessionsAfterMs));
  if (event) {
    timers.push(
      setTimeout(() => {
        if (proc.child.exitCode !== null || event.kind === 'stale store lock') return;
        if (event.kind === 'SIGINT terraform') delivered = proc.child.kill('SIGINT');
        else {
          const live = [...proc.providers.values()].filter((p) => p.kind === 'provider' && alive(p.pid)).at(-1);
          if (live) {
            process.kill(live.pid, event.kind === 'SIGKILL provider' ? 'SIGKILL' : 'SIGTERM');
            delivered = true;
          }
        }
      }, event.afterMs),
    );
  }
  try {
    return { run: await proc.done, delivered, ...(plantedLock === undefined ? {} : { plantedLock }) };
  } finally {
    for (const t of timers) clearTimeout(t);
    await sim.control.clearFaults();
    await sim.control.setLatency(0);
  }
}

/** Runs the chaos rounds; never throws for a violation (they are in the summary). */
export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const print = options.print ?? ((line: string) => console.log(line));
  const root = mkdtempSync(join(tmpdir(), 'chaos-'));
  const world: World = createWorld(options.poolSize ?? 8);
  const kinds = options.kinds ?? DEFAULT_KINDS;
  const backend: StoreBackend = options.store ?? (options.seed % 2 === 0 ? 'file' : 'dap');
  const sim = await startCanarySimulator(join(root, 'sim'), world.pool);
  const { dap } = sim.running.info;
  const storePath = backend === 'file' ? join(root, 'store', 'secrets.json') : undefined;
  const store =
    storePath !== undefined
      ? createSecretStore({ type: 'file', path: storePath })
      : createSecretStore({ type: 'dap', url: dap.url, tenant: dap.tenant, credentialsFile: dap.credentialsFile, caCertFile: dap.caCertFile });
  const ws = createTerraformWorkspace();
  const model = sim.running.simulator.onefs.model;
  spyOnPasswords(model, sim.minted);
  for (const kind of kinds) kind.prepare?.(world, { model, store, clock: sim.running.simulator.onefs.clock });
  const stored = new Map<string, string>();
  /** The content of the last stale lock the harness planted (the invariants let it lie while no apply needs the store). */
  let plantedLock: string | undefined;
  const summary: ChaosSummary = { seed: options.seed, store: backend, kinds: kinds.map((k) => k.name), poolSize: world.pool.length, rounds: 0, faults: {}, violentEvents: {}, outOfBand: 0, failedApplies: 0, violations: [], terraformRuns: 0 };
  const deadline = options.minutes === undefined ? Infinity : Date.now() + options.minutes * 60_000;
  const secretStore = storePath === undefined ? undefined : `secret_store {\n    type = "file"\n    path = ${hclString(storePath)}\n  }`;
  const provider = providerBlock(sim, { timeoutSeconds: TIMEOUT_SECONDS, ...(secretStore === undefined ? {} : { secretStore }) });
  try {
    for (let round = 1; round <= options.rounds && Date.now() < deadline; round++) {
      const rng = roundRng(options.seed, round);
      const took = stopwatch();
      const artifacts = new Artifacts();
      const changes = [changeWorld(world, rng, kinds), ...(rng.chance(0.3) ? [changeWorld(world, rng, kinds)] : [])];
      writeMainTf(ws, `${provider}\n${renderWorld(world, kinds)}`);
      const faults = pickFaults(rng, backend, kinds);
      const event = pickViolentEvent(rng, backend, kinds);
      for (const f of faults) count(summary.faults, f.kind);

      const { run: apply, delivered, plantedLock: planted } = await faultyApply(sim, ws, faults, event, storePath);
      if (planted !== undefined) plantedLock = planted;
      // An event whose moment came after the apply ended was not delivered: not counted.
      if (event && delivered) count(summary.violentEvents, event.kind);
      summary.terraformRuns++;
      took.lap('apply');
      artifacts.addRun('faulty apply', apply);
      if (apply.code !== 0) summary.failedApplies++;
      for (const kind of kinds) kind.afterFaultyApply?.(world, apply.code === 0);

      const outside = await outOfBand(world, rng, kinds, { model, store, clock: sim.running.simulator.onefs.clock });
      if (outside) summary.outOfBand++;

      took.lap('outside');
      const violations: string[] = [];
      let clean: TerraformResult | undefined;
      for (let attempt = 1; attempt <= 2; attempt++) {
        clean = await runTerraform(ws, ['apply', '-auto-approve', '-input=false'], { logLevel: 'TRACE', logPath: `trace-${round}-${attempt}.log` });
        summary.terraformRuns++;
        artifacts.addRun(`clean apply ${attempt}`, clean);
        artifacts.addFile(`trace log of clean apply ${attempt}`, join(ws.dir, `trace-${round}-${attempt}.log`));
        rmSync(join(ws.dir, `trace-${round}-${attempt}.log`), { force: true });
        if (clean.code === 0) break;
      }
      took.lap('clean');
      if (clean?.code !== 0) violations.push(`the clean apply failed twice: ${clean ? firstError(clean) : 'not run'}`);
      const plan = await runTerraform(ws, ['plan', '-input=false', '-detailed-exitcode', '-out=round.tfplan']);
      summary.terraformRuns++;
      artifacts.addRun('plan', plan);
      if (plan.code !== 0) {
        const changed = [...plan.stdout.matchAll(/# (\S+) (will be|must be) ([^\n]+)/g)].map((m) => `${m[1]} ${m[3]}`);
        violations.push(`the plan after the clean apply is not empty (exit ${plan.code}): ${changed.join('; ') || firstError(plan)}`);
      }
      const shown = await runTerraform(ws, ['show', '-json', 'round.tfplan']);
      artifacts.add('plan JSON', shown.stdout);
      took.lap('plan');
      artifacts.addFile('state', join(ws.dir, 'terraform.tfstate'));
      artifacts.addFile('state backup', join(ws.dir, 'terraform.tfstate.backup'));
      violations.push(...(await checkInvariants({ world, kinds, state: readState(ws), model, store, minted: sim.minted, stored, artifacts, storePath, plantedLock })));

      took.lap('checks');
      summary.rounds = round;
      for (const what of violations) summary.violations.push({ seed: options.seed, round, what });
      const moment = event?.kind === 'stale store lock' ? ' (before the apply)' : ` @${event?.afterMs}ms`;
      const injected = [...faults.map((f) => f.kind), ...(event ? [`${event.kind}${moment}${delivered ? '' : ' (not delivered: no live provider, or the apply had ended)'}`] : [])];
      print(
        `round ${round}: ${changes.join(', ')} | faults: ${injected.join(', ') || 'none'} | apply: ${apply.code === 0 ? 'ok' : firstError(apply)}` +
          ` | outside: ${outside ?? 'none'} | clean apply: ${clean?.code === 0 ? 'ok' : 'FAILED'} | ${violations.length === 0 ? 'invariants hold' : `VIOLATIONS: ${violations.join(' / ')}`} | ${took.format()}`,
      );
    }
  } finally {
    ws.cleanup();
    await store.close();
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  }
  return summary;
}

/**
 * The command that replays a violation: the seed and round, and everything else that changes the
 * draws (the kinds, in their order, the store and the pool size), stated even when it is the default.
 */
export function replayCommand(s: Pick<ChaosSummary, 'kinds' | 'store' | 'poolSize'>, v: Pick<Violation, 'seed' | 'round'>): string {
  return `npm run chaos -- --seed ${v.seed} --rounds ${v.round} --resources ${s.kinds.join(',')} --store ${s.store} --pool ${s.poolSize}`;
}

/** The summary as printed at the end of a run. */
export function formatSummary(s: ChaosSummary): string {
  const list = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const lines = [
    `chaos seed ${s.seed} (${s.store} store; ${s.kinds.join(', ')}): ${s.rounds} rounds, ${s.terraformRuns} terraform runs, ${s.failedApplies} faulty applies failed (expected), ${s.outOfBand} out-of-band changes`,
    `  faults: ${list(s.faults)}`,
    `  violent events: ${list(s.violentEvents)}`,
    `  violations: ${s.violations.length}`,
    ...s.violations.map((v) => `    seed ${v.seed} round ${v.round}: ${v.what} (replay: ${replayCommand(s, v)})`),
  ];
  return lines.join('\n');
}
