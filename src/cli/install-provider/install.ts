/**
 * Installs the provider into a filesystem mirror as a self-contained package: the bundle
 * (`dist/provider.cjs`, the loader, and `dist/provider.code.js`, the code it compiles, every
 * dependency inlined) copied next to a small POSIX launcher. Terraform symlinks or copies the
 * package directory into `.terraform/providers/...`; the launcher finds the bundle beside itself,
 * so both work, and the installed provider keeps working when this npm package is removed or
 * upgraded. The price: the lock-file hash pins the exact bundle, so a reinstall of the
 * same version with a different bundle breaks initialised directories (reported as `hashChanged`).
 *
 * The package is the same bytes on every machine (the `h1:` hash covers the launcher too, and a
 * team commits one `.terraform.lock.hcl`): nothing in it names the installing Node, the home
 * directory or any other path of this machine. The launcher finds Node when Terraform starts it.
 */
import { chmod, copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RELAYED_EXTRA_CA_CERTS_ENV_VAR } from '../../http/trust';
import { codeFileFor } from '../../provider/loader/code-file';
import { packageHashV1 } from './dirhash';
import { executableName, packageDir } from './layout';

/** File name of the bundle (the loader the launcher runs) inside the package directory. */
export const BUNDLE_NAME = 'provider.cjs';

/** File name of the provider's code beside it (the loader finds it by this name). */
export const CODE_NAME = codeFileFor(BUNDLE_NAME);

/** What to install where. */
export interface InstallOptions {
  /** Absolute path of the filesystem mirror (created when missing). */
  readonly mirror: string;
  /** The provider bundle to copy (`<package>/dist/provider.cjs`); its code file (`provider.code.js`) is copied from beside it. */
  readonly bundle: string;
  /** Provider version (the npm package version, `0.1.0`). */
  readonly version: string;
  /** Terraform platform, e.g. `linux_amd64`. */
  readonly platform: string;
}

/** What was installed. */
export interface InstallResult {
  readonly packageDir: string;
  readonly executable: string;
  /** The `h1:` hash `terraform init` will record in `.terraform.lock.hcl`. */
  readonly hash: string;
  /** The hash of what was there before, when the same version was already installed. */
  readonly previousHash?: string;
  /** True when a different package of the same version was replaced: existing lock files no longer match. */
  readonly hashChanged: boolean;
}

/** The environment variable that names the Node executable the provider runs on (first choice). */
export const NODE_ENV_VAR = 'POWERSCALE_PROVIDER_NODE';

/** Where, relative to `$XDG_CONFIG_HOME` (default `~/.config`), a file may hold that path instead (second choice). */
export const NODE_CONFIG_FILE = 'cdktf-powerscale/node';

/**
 * The launcher script: the same for every machine and every Node. `$0` is the executable's path,
 * possibly through Terraform's symlink. Node is, in this order: `$POWERSCALE_PROVIDER_NODE`, the
 * first line of `${XDG_CONFIG_HOME:-~/.config}/cdktf-powerscale/node`, `node` on PATH (both
 * overrides live outside the package, so they never change its hash). A missing one is one line
 * on stderr; a Node older than 20 is refused by the bundle itself (src/provider/node-version.ts),
 * which costs nothing, where asking `node --version` here would start a second process.
 * `NODE_EXTRA_CA_CERTS` is passed on under another name (src/http/trust.ts says why and where it
 * is read back).
 */
export function launcherScript(version: string): string {
  return [
    '#!/bin/sh',
    `# terraform-provider-powerscale ${version}, installed by "cdktf-powerscale install-provider".`,
    '# Terraform starts this with no arguments; the provider is the bundle beside this file. The same',
    '# bytes on every machine (the lock file hash covers them): Node is found when this runs, first of',
    `# $${NODE_ENV_VAR}, the path in \${XDG_CONFIG_HOME:-~/.config}/${NODE_CONFIG_FILE}, node on PATH.`,
    `NODE="\${${NODE_ENV_VAR}:-}"`,
    `FROM="${NODE_ENV_VAR}"`,
    'if [ -z "$NODE" ]; then',
    `  FROM="\${XDG_CONFIG_HOME:-\${HOME:-}/.config}/${NODE_CONFIG_FILE}"`,
    '  if [ -r "$FROM" ]; then read -r NODE < "$FROM" || [ -n "$NODE" ]; fi',
    'fi',
    'if [ -z "$NODE" ]; then FROM="PATH"; NODE=node; fi',
    'case "$NODE" in',
    '  */*) [ -f "$NODE" ] && [ -x "$NODE" ] ;;',
    '  *) command -v "$NODE" >/dev/null 2>&1 ;;',
    'esac || {',
    `  echo "terraform-provider-powerscale: no Node.js to run on: '$NODE' (from $FROM) is not an executable; install Node.js 20 or newer, put node on PATH or set ${NODE_ENV_VAR} to its path" >&2`,
    '  exit 127',
    '}',
    '# Node parses NODE_EXTRA_CA_CERTS when it starts, in every provider process; only those that talk',
    '# to the cluster or the secret store use it, and they read it under this name instead.',
    'if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then',
    `  ${RELAYED_EXTRA_CA_CERTS_ENV_VAR}="$NODE_EXTRA_CA_CERTS"`,
    `  export ${RELAYED_EXTRA_CA_CERTS_ENV_VAR}`,
    '  unset NODE_EXTRA_CA_CERTS',
    'fi',
    `exec "$NODE" "$(dirname "$0")/${BUNDLE_NAME}" "$@"`,
    '',
  ].join('\n');
}

/** Installs (or reinstalls) the provider package. Writes into a temporary directory first and renames, so a concurrent `terraform init` never sees half a package. */
export async function installProvider(options: InstallOptions): Promise<InstallResult> {
  const code = codeFileFor(options.bundle);
  for (const file of [options.bundle, code]) {
    const fileStat = await stat(file).catch(() => undefined);
    if (fileStat === undefined || !fileStat.isFile()) {
      throw new Error(`the provider bundle ${file} does not exist: run "npm run build" first`);
    }
  }
  const target = packageDir(options.mirror, options.version, options.platform);
  const previousHash = existsSync(target) ? await packageHashV1(target) : undefined;

  const staging = `${target}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const executable = join(staging, executableName(options.version));
  await writeFile(executable, launcherScript(options.version), { mode: 0o755 });
  await chmod(executable, 0o755);
  for (const [from, name] of [
    [options.bundle, BUNDLE_NAME],
    [code, CODE_NAME],
  ] as const) {
    await copyFile(from, join(staging, name));
    await chmod(join(staging, name), 0o644);
  }

  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  const hash = await packageHashV1(target);
  return {
    packageDir: target,
    executable: join(target, executableName(options.version)),
    hash,
    ...(previousHash === undefined ? {} : { previousHash }),
    hashChanged: previousHash !== undefined && previousHash !== hash,
  };
}
