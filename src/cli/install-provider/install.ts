/**
 * Installs the provider into a filesystem mirror as a self-contained package: the bundle
 * (`dist/provider.cjs`, every dependency inlined) copied next to a small POSIX launcher. Terraform
 * symlinks or copies the package directory into `.terraform/providers/...`; the launcher finds the
 * bundle beside itself, so both work, and the installed provider keeps working when this npm package
 * is removed or upgraded. The price: the lock-file hash pins the exact bundle, so a reinstall of the
 * same version with a different bundle breaks initialised directories (reported as `hashChanged`).
 */
import { chmod, copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageHashV1 } from './dirhash';
import { executableName, packageDir } from './layout';

/** File name of the bundle inside the package directory. */
export const BUNDLE_NAME = 'provider.cjs';

/** What to install where. */
export interface InstallOptions {
  /** Absolute path of the filesystem mirror (created when missing). */
  readonly mirror: string;
  /** The provider bundle to copy (`<package>/dist/provider.cjs`). */
  readonly bundle: string;
  /** Provider version (the npm package version, `0.1.0`). */
  readonly version: string;
  /** Terraform platform, e.g. `linux_amd64`. */
  readonly platform: string;
  /** The Node executable the launcher prefers; falls back to `node` on PATH when it is gone. */
  readonly nodePath: string;
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

/** The launcher script. `$0` is the executable's path, possibly through Terraform's symlink. */
export function launcherScript(version: string, nodePath: string): string {
  const quoted = `'${nodePath.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    `# terraform-provider-powerscale ${version}, installed by "cdktf-powerscale install-provider".`,
    '# Terraform starts this with no arguments; the provider is the bundle beside this file.',
    `NODE=${quoted}`,
    '[ -x "$NODE" ] || NODE=node',
    `exec "$NODE" "$(dirname "$0")/${BUNDLE_NAME}" "$@"`,
    '',
  ].join('\n');
}

/** Installs (or reinstalls) the provider package. Writes into a temporary directory first and renames, so a concurrent `terraform init` never sees half a package. */
export async function installProvider(options: InstallOptions): Promise<InstallResult> {
  const bundleStat = await stat(options.bundle).catch(() => undefined);
  if (bundleStat === undefined || !bundleStat.isFile()) {
    throw new Error(`the provider bundle ${options.bundle} does not exist: run "npm run build" first`);
  }
  const target = packageDir(options.mirror, options.version, options.platform);
  const previousHash = existsSync(target) ? await packageHashV1(target) : undefined;

  const staging = `${target}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const executable = join(staging, executableName(options.version));
  await writeFile(executable, launcherScript(options.version, options.nodePath), { mode: 0o755 });
  await chmod(executable, 0o755);
  await copyFile(options.bundle, join(staging, BUNDLE_NAME));
  await chmod(join(staging, BUNDLE_NAME), 0o644);

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
