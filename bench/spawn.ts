/**
 * Spawn → handshake: how long the provider takes from `spawn` to its go-plugin handshake line, started
 * with the environment Terraform gives it (the bench's own environment minus TF_* and PLUGIN_*, plus
 * the magic cookie, the offered protocol versions and an AutoMTLS client certificate), next to bare
 * `node`. Variants are interleaved round by round so that machine load hits all of them alike.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_CACHE_ENV_VAR } from '../src/provider/loader/code-cache';
import { createCertificate } from '../src/x509/certificate';
import { reason, summarize, type Result } from './summary';

/** Terraform's go-plugin handshake cookie (`terraform:internal/plugin/serve.go`). */
const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const HANDSHAKE = /^1\|6\|(unix|tcp)\|[^|]+\|grpc\|[A-Za-z0-9+/]{50,}$/;
const SPAWN_TIMEOUT_MS = 15_000;

/** What one variant runs and when its clock stops. */
export interface SpawnVariant {
  /** Row label. */
  label: string;
  command: string;
  args: string[];
  /** `exit`: spawn → process exit; `line`: spawn → first stdout line (then SIGTERM). */
  until: 'exit' | 'line';
  /** The first line must be a go-plugin handshake. @default false */
  handshake?: boolean;
  /** Variables removed from the environment for this variant. @default [] */
  unset?: string[];
  /** Variables set for this variant. @default {} */
  set?: Record<string, string>;
}

export interface SpawnRow {
  label: string;
  wall: Result;
  /** CPU time of all the process's threads up to the line (from /proc/<pid>/task/<tid>/schedstat); less noisy than wall time on a shared machine. */
  cpu: Result;
}

/** One run's outcome. */
interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** The environment go-plugin gives a managed plugin, on top of the caller's (minus TF_* and PLUGIN_*). */
export function pluginEnvironment(clientCertPem: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('TF_') && !k.startsWith('PLUGIN_')) env[k] = v;
  return {
    ...env,
    TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE,
    // Terraform builds this from a Go map: either order occurs.
    PLUGIN_PROTOCOL_VERSIONS: '6,5',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_CLIENT_CERT: clientCertPem,
  };
}

/** A client certificate shaped like go-plugin's (self-signed CA, SAN localhost, client+server auth). */
export function makeClientCertificate(): string {
  return createCertificate({ subjectCN: 'localhost', sans: { dns: ['localhost'] }, isCA: true, extKeyUsage: ['clientAuth', 'serverAuth'], validityDays: 1 }).certPem;
}

/** CPU milliseconds used so far by all threads of `pid`, or NaN when /proc cannot tell. */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  let ns = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
  return ns / 1e6;
}

function runOnce(variant: SpawnVariant, env: NodeJS.ProcessEnv): Promise<Sample> {
  const childEnv = { ...env, ...variant.set };
  for (const k of variant.unset ?? []) delete childEnv[k];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(variant.command, variant.args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sample: Sample | undefined;
    let failure: Error | undefined;
    const timer = setTimeout(() => {
      failure = new Error(`${variant.label}: no ${variant.until === 'line' ? 'line on stdout' : 'exit'} within ${SPAWN_TIMEOUT_MS} ms`);
      child.kill('SIGKILL');
    }, SPAWN_TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.stdout.on('data', (d: Buffer) => {
      if (variant.until !== 'line' || sample || failure) return;
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const wallMs = performance.now() - started;
      const cpuMs = cpuMsOf(child.pid);
      const line = stdout.slice(0, newline);
      if (variant.handshake && !HANDSHAKE.test(line)) failure = new Error(`${variant.label}: first stdout line is not a handshake: ${JSON.stringify(line.slice(0, 120))}`);
      else sample = { wallMs, cpuMs };
      // The provider removes its socket on SIGTERM.
      child.kill('SIGTERM');
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      const exitedMs = performance.now() - started;
      clearTimeout(timer);
      if (variant.until === 'exit' && !failure) {
        if (code === 0) sample = { wallMs: exitedMs, cpuMs: NaN };
        else failure = new Error(`${variant.label}: exited with ${code ?? signal}`);
      }
      if (sample) resolve(sample);
      else reject(failure ?? new Error(`${variant.label}: exited (${code ?? signal}) before printing a line; stderr: ${stderr.trim().slice(-300)}`));
    });
  });
}

/**
 * Runs every variant `rounds` times, interleaved, after one unmeasured warm-up round (file cache).
 * A variant that fails is reported as unavailable with the first error; the others go on.
 */
export async function measureSpawn(variants: SpawnVariant[], env: NodeJS.ProcessEnv, rounds: number): Promise<SpawnRow[]> {
  const samples = variants.map(() => ({ wall: [] as number[], cpu: [] as number[], error: undefined as string | undefined }));
  for (let round = -1; round < rounds; round++) {
    for (const [i, variant] of variants.entries()) {
      const bucket = samples[i];
      if (!bucket || bucket.error !== undefined) continue;
      try {
        const s = await runOnce(variant, env);
        if (round >= 0) {
          bucket.wall.push(s.wallMs);
          bucket.cpu.push(s.cpuMs);
        }
      } catch (err) {
        bucket.error = reason(err);
      }
    }
  }
  return variants.map((v, i) => {
    const bucket = samples[i];
    if (!bucket || bucket.error !== undefined) return { label: v.label, wall: { unavailable: bucket?.error ?? 'not run' }, cpu: { unavailable: bucket?.error ?? 'not run' } };
    const cpu = summarize(bucket.cpu);
    return { label: v.label, wall: summarize(bucket.wall), cpu: v.until === 'exit' ? { unavailable: 'process gone before it can be read' } : cpu };
  });
}

/**
 * The standard variants: bare node, the provider as dev_overrides starts it, and as an installed
 * mirror package starts it (`node dist/provider.cjs`, and through the package's own shell launcher
 * when `installedLauncher` names one).
 */
export function standardVariants(repoRoot: string, env: NodeJS.ProcessEnv, installedLauncher?: string): SpawnVariant[] {
  const node = process.execPath;
  const variants: SpawnVariant[] = [
    { label: 'node -e 0 (spawn → exit)', command: node, args: ['-e', '0'], until: 'exit' },
    { label: 'bare node (spawn → first line)', command: node, args: ['-e', 'process.stdout.write("1\\n"); setTimeout(() => {}, 60000)'], until: 'line' },
    { label: 'provider: bin/terraform-provider-powerscale', command: join(repoRoot, 'bin', 'terraform-provider-powerscale'), args: [], until: 'line', handshake: true },
    { label: 'provider: node dist/provider.cjs (installed launcher)', command: node, args: [join(repoRoot, 'dist', 'provider.cjs')], until: 'line', handshake: true },
    // The loader's code cache (src/provider/loader) is on for the two rows above: its first start,
    // the unmeasured warm-up round, writes it. This row is the same start compiling from source.
    { label: 'provider: bin/..., code cache off', command: join(repoRoot, 'bin', 'terraform-provider-powerscale'), args: [], until: 'line', handshake: true, set: { [CODE_CACHE_ENV_VAR]: 'off' } },
  ];
  // The installed launcher also hands NODE_EXTRA_CA_CERTS over under another name (round 8).
  if (installedLauncher !== undefined) variants.push({ label: 'provider: installed package, its sh launcher', command: installedLauncher, args: [], until: 'line', handshake: true });
  // NODE_EXTRA_CA_CERTS makes every node process parse a CA bundle at start-up (and builds the root
  // store the provider's TLS server needs anyway), which hides part of the provider's own cost.
  if (env.NODE_EXTRA_CA_CERTS) {
    for (const v of variants.slice()) variants.push({ ...v, label: `${v.label}, without NODE_EXTRA_CA_CERTS`, unset: ['NODE_EXTRA_CA_CERTS'] });
  }
  return variants;
}
