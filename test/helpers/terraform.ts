/**
 * Runs the real `terraform` (on PATH) against this checkout's provider, offline: every call gets a
 * private working directory and a generated CLI configuration whose `dev_overrides` points
 * "dapcli/powerscale" at `<repo>/bin` (plan/apply/destroy need no init), optionally with a
 * filesystem mirror (for `terraform init`, which dev_overrides alone cannot satisfy offline).
 * The caller's TF_* variables never leak in (the ambient TF_CLI_CONFIG_FILE points nowhere).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the directory holding package.json). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The provider's source address in configurations and CLI config. */
export const PROVIDER_SOURCE = 'dapcli/powerscale';

export interface WorkspaceOptions {
  /** Directory holding terraform-provider-powerscale for dev_overrides. @default `<repo>/bin` */
  providerDir?: string;
  /** A filesystem mirror for `terraform init` (HOST/NAMESPACE/TYPE/... layout). @default - no mirror block */
  mirrorDir?: string;
  /** Leave the directory behind on cleanup() (for debugging a failed test). @default false */
  keep?: boolean;
}

export interface TerraformWorkspace {
  /** The working directory terraform runs in. */
  dir: string;
  /** The generated CLI configuration file (TF_CLI_CONFIG_FILE). */
  cliConfigFile: string;
  /** Removes the directory (unless `keep`). */
  cleanup(): void;
}

export interface TerraformRunOptions {
  /** Extra environment (applied last; may set TF_LOG_PROVIDER and friends). */
  env?: NodeJS.ProcessEnv;
  /** Sets TF_LOG. @default - unset (no logs) */
  logLevel?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'JSON';
  /** Sets TF_LOG_PATH (relative paths are inside the workspace). @default - logs go to stderr */
  logPath?: string;
  /** Kill terraform after this long. @default 240000 */
  timeoutMs?: number;
}

export interface TerraformResult {
  /** Exit code; null when a signal ended it (the timeout's SIGKILL, or one sent by a test). */
  code: number | null;
  /** The signal that ended it, when one did. */
  signal?: NodeJS.Signals | null;
  /** True when the run's own timeout killed it. */
  timedOut?: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Creates a temporary working directory with a CLI config that uses this checkout's provider. */
export function createTerraformWorkspace(options: WorkspaceOptions = {}): TerraformWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'tf-e2e-'));
  const cliConfigFile = join(dir, '.terraformrc');
  writeFileSync(cliConfigFile, cliConfig(options.providerDir ?? join(REPO_ROOT, 'bin'), options.mirrorDir));
  return {
    dir,
    cliConfigFile,
    cleanup: () => {
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CLI configuration text: dev_overrides first, then the optional mirror, never the registry for dapcli/*. */
export function cliConfig(providerDir: string, mirrorDir?: string): string {
  const mirror = mirrorDir ? `  filesystem_mirror {\n    path    = ${JSON.stringify(mirrorDir)}\n    include = ["${PROVIDER_SOURCE.split('/')[0]}/*"]\n  }\n` : '';
  return `provider_installation {\n  dev_overrides {\n    ${JSON.stringify(PROVIDER_SOURCE)} = ${JSON.stringify(providerDir)}\n  }\n${mirror}  direct {\n    exclude = ["${PROVIDER_SOURCE.split('/')[0]}/*"]\n  }\n}\n`;
}

/** The `terraform { required_providers }` block every test configuration needs. */
export const REQUIRED_PROVIDERS = `terraform {\n  required_providers {\n    powerscale = {\n      source  = "${PROVIDER_SOURCE}"\n      version = "~> 0.1"\n    }\n  }\n}\n`;

/** Writes `main.tf` (or another file) in the workspace. */
export function writeMainTf(ws: TerraformWorkspace, hcl: string, fileName = 'main.tf'): void {
  writeFileSync(join(ws.dir, fileName), hcl);
}

/** The environment terraform runs with: the caller's, minus TF_ and PLUGIN_ variables, plus ours. */
export function terraformEnv(ws: TerraformWorkspace, options: TerraformRunOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TF_') && !k.startsWith('PLUGIN_') && k !== 'CHECKPOINT_DISABLE') env[k] = v;
  env.TF_CLI_CONFIG_FILE = ws.cliConfigFile;
  env.CHECKPOINT_DISABLE = '1';
  env.TF_IN_AUTOMATION = '1';
  env.TF_INPUT = '0';
  if (options.logLevel) env.TF_LOG = options.logLevel;
  if (options.logPath) env.TF_LOG_PATH = options.logPath.startsWith('/') ? options.logPath : join(ws.dir, options.logPath);
  return { ...env, ...options.env };
}

/** Runs `terraform <args>` in the workspace (adds -no-color), capturing output. Never rejects on a non-zero exit. */
export function runTerraform(ws: TerraformWorkspace, args: string[], options: TerraformRunOptions = {}): Promise<TerraformResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, ...(args.includes('-no-color') ? [] : ['-no-color'])], { cwd: ws.dir, env: terraformEnv(ws, options), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 240_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

/** The state file terraform wrote (local backend), parsed; undefined when there is none yet. */
export function readState(ws: TerraformWorkspace, fileName = 'terraform.tfstate'): TerraformState | undefined {
  const path = join(ws.dir, fileName);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as TerraformState) : undefined;
}

/** The instances of one resource in a state, e.g. `resourceInstances(state, 'powerscale_s3_key', 'a')`. */
export function resourceInstances(state: TerraformState | undefined, type: string, name: string): TerraformStateInstance[] {
  return state?.resources.find((r) => r.type === type && r.name === name && r.mode === 'managed')?.instances ?? [];
}

/** The parts of the state file format (version 4) that tests read. */
export interface TerraformState {
  version: number;
  terraform_version: string;
  serial: number;
  resources: {
    mode: 'managed' | 'data';
    type: string;
    name: string;
    provider: string;
    instances: TerraformStateInstance[];
  }[];
}

export interface TerraformStateInstance {
  schema_version: number;
  attributes: Record<string, unknown>;
  sensitive_attributes?: unknown[];
  private?: string;
  status?: 'tainted';
  index_key?: string | number;
}
