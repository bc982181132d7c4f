import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { checkOwnerOnlyFileSync, describeFsError, ownerOnlyProblem } from './owner-only';

/**
 * The provider's `secret_store` block in camelCase. Absent (or `type` absent) means the local file
 * store at {@link defaultSecretStorePath}.
 */
export interface SecretStoreConfig {
  /** `file` (default) or `dap`. */
  type?: 'file' | 'dap';
  /** File store only: the JSON file. @default defaultSecretStorePath() */
  path?: string;
  /** DAP only: the orchestrator's base URL, `https://host[:port]` (a trailing `/api/v3.1` is accepted). */
  url?: string;
  /** DAP only: the `Tenant` header. @default "default_tenant" */
  tenant?: string;
  /** DAP only: JSON `{"token": "..."}` or `{"username": "...", "password": "..."}`, mode 0600. */
  credentialsFile?: string;
  /** DAP only: skip TLS verification (self-signed labs only). @default false */
  insecure?: boolean;
  /** DAP only: a PEM CA bundle that signs the orchestrator's certificate. @default - the system CAs */
  caCertFile?: string;
}

/** One problem found by {@link validateSecretStoreConfig}, tied to the HCL attribute it concerns. */
export interface SecretStoreConfigProblem {
  /** The HCL attribute name inside `secret_store` (`url`, `credentials_file`...), or `type`. */
  attribute: string;
  message: string;
}

/** The `Tenant` header used when the config names none. */
export const DEFAULT_DAP_TENANT = 'default_tenant';

/**
 * The file store's default location: `$XDG_DATA_HOME/cdktf-powerscale/secrets.json`, else
 * `~/.local/share/cdktf-powerscale/secrets.json` (`%LOCALAPPDATA%` on Windows). XDG_DATA_HOME is a
 * location, not a credential, so reading it does not break the "no credentials from env" rule.
 */
export function defaultSecretStorePath(): string {
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) {
    return join(process.env.LOCALAPPDATA, 'cdktf-powerscale', 'secrets.json');
  }
  const xdg = process.env.XDG_DATA_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share');
  return join(base, 'cdktf-powerscale', 'secrets.json');
}

/**
 * Plan-time checks of a `secret_store` block. Touches nothing but `stat`/`access` on the files the
 * block names (no network, no reads of file contents), so the provider can run it in
 * ValidateProviderConfig/ConfigureProvider without side effects.
 * @returns every problem found (empty when the block is usable).
 */
export function validateSecretStoreConfig(config: SecretStoreConfig | undefined): SecretStoreConfigProblem[] {
  const c = config ?? {};
  const problems: SecretStoreConfigProblem[] = [];
  const type = c.type ?? 'file';
  if (type !== 'file' && type !== 'dap') {
    return [{ attribute: 'type', message: `type must be "file" or "dap", not ${JSON.stringify(type)}` }];
  }
  if (type === 'file') {
    for (const [attribute, value] of [
      ['url', c.url],
      ['tenant', c.tenant],
      ['credentials_file', c.credentialsFile],
      ['ca_cert_file', c.caCertFile],
      // insecure = false is the default and harmless; only a stray `true` is worth a complaint.
      ['insecure', c.insecure === true ? true : undefined],
    ] as const) {
      if (value !== undefined) problems.push({ attribute, message: `${attribute} applies only to type = "dap"` });
    }
    const path = c.path ?? defaultSecretStorePath();
    const problem = existingStoreFileProblem(path);
    if (problem) problems.push({ attribute: 'path', message: problem });
    return problems;
  }
  if (c.path !== undefined) problems.push({ attribute: 'path', message: 'path applies only to type = "file"' });
  const urlProblem = dapUrlProblem(c.url);
  if (urlProblem) problems.push({ attribute: 'url', message: urlProblem });
  if (c.tenant !== undefined && c.tenant.trim() === '') problems.push({ attribute: 'tenant', message: 'tenant must not be empty' });
  if (c.credentialsFile === undefined || c.credentialsFile === '') {
    problems.push({ attribute: 'credentials_file', message: 'credentials_file is required for type = "dap" (a JSON file with a token or a username and password, mode 0600)' });
  } else {
    const problem = checkOwnerOnlyFileSync(c.credentialsFile);
    if (problem) problems.push({ attribute: 'credentials_file', message: problem });
  }
  if (c.caCertFile !== undefined) {
    try {
      accessSync(c.caCertFile, constants.R_OK);
    } catch (error) {
      problems.push({ attribute: 'ca_cert_file', message: describeFsError(c.caCertFile, error) });
    }
    if (c.insecure === true) problems.push({ attribute: 'insecure', message: 'insecure = true and ca_cert_file contradict each other; set one' });
  }
  return problems;
}

/**
 * Advice about a usable `secret_store` block, for warning diagnostics: a file store `path` set to a
 * file inside a git work tree (a relative path resolves against the directory Terraform runs in,
 * usually the module's own repository), where `git add .` would commit every secret. The default
 * path is not checked: it is outside any project by design.
 */
export function secretStoreConfigWarnings(config: SecretStoreConfig | undefined): SecretStoreConfigProblem[] {
  const c = config ?? {};
  if ((c.type ?? 'file') !== 'file' || c.path === undefined || c.path === '') return [];
  const absolute = resolve(c.path);
  const root = gitWorkTreeOf(dirname(absolute));
  if (root === undefined) return [];
  const relative = isAbsolute(c.path) ? '' : ` (the relative path resolves against the directory Terraform runs in)`;
  return [
    {
      attribute: 'path',
      message: `the secret store file ${absolute}${relative} is inside the git work tree ${root}, where it could be committed with every secret in it; move it outside the repository (the default is ${defaultSecretStorePath()}) or make sure .gitignore excludes it`,
    },
  ];
}

/**
 * True when Terraform runs unattended: `TF_IN_AUTOMATION` (Terraform's own signal) or `CI` (set by
 * GitHub Actions, GitLab CI and most others) holds anything but "", "0" or "false". Only these two
 * flags are read; nothing secret ever comes from the environment.
 */
export function runsInAutomation(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['TF_IN_AUTOMATION', 'CI'].some((name) => {
    const value = env[name]?.trim().toLowerCase();
    return value !== undefined && value !== '' && value !== '0' && value !== 'false';
  });
}

/**
 * Why the store a provider block gets by default is a poor fit here, or undefined: where Terraform
 * runs unattended (a CI runner, an automation host) the default plaintext store file lives on a
 * machine that is often shared, recycled or not backed up, and is the only copy of every tenant's
 * secret. Only the default is flagged: a `secret_store { type = "file" }` block is a deliberate
 * choice (a lab, a demo, a runner with a kept volume), and warning on every run would teach people
 * to ignore warnings.
 */
export function defaultStoreInAutomationProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!runsInAutomation(env)) return undefined;
  return (
    'Terraform runs in automation (TF_IN_AUTOMATION or CI is set) and the provider block has no secret_store, so every minted S3 secret is written in plain text to ' +
    `${defaultSecretStorePath()} on this machine, the only copy of it. Production uses secret_store { type = "dap" } (see docs/production.md); ` +
    'to keep the file store on purpose, say so with secret_store { type = "file", path = "..." } on storage that is kept and backed up.'
  );
}

/** The nearest directory at or above `dir` holding `.git` (a directory, or a file in a linked worktree). */
function gitWorkTreeOf(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Why `url` cannot be a DAP base URL, or undefined. Plain http is refused: the token would travel in clear. */
export function dapUrlProblem(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return 'url is required for type = "dap" (https://host[:port])';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The value is not repeated: a mistyped URL may still carry a password.
    return 'url is not a valid URL (expected https://host[:port])';
  }
  if (parsed.protocol !== 'https:') return `url must use https (got ${parsed.protocol.replace(':', '')})`;
  if (parsed.username || parsed.password) return 'url must not hold credentials; use credentials_file';
  if (parsed.search || parsed.hash) return 'url must not have a query or fragment';
  return undefined;
}

/** A store file that exists but is unsafe to use; a missing file is fine (it is created 0600). */
function existingStoreFileProblem(path: string): string | undefined {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return `${path} is not a regular file`;
    return ownerOnlyProblem(path, stats);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return code === 'ENOENT' ? undefined : describeFsError(path, error);
  }
}
