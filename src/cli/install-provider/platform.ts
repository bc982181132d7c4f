/**
 * Terraform's `<os>_<arch>` name for the machine the provider will run on. The installed provider
 * is a shell launcher plus a JavaScript bundle, so it runs on any Unix where Node runs; Windows
 * would need a `.exe` wrapper and is not supported.
 */

const OS: Readonly<Record<string, string>> = { linux: 'linux', darwin: 'darwin', freebsd: 'freebsd', openbsd: 'openbsd' };
const ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

/** The platform could not be mapped (Windows, or an architecture Terraform has no name for). */
export class UnsupportedPlatformError extends Error {
  override readonly name = 'UnsupportedPlatformError';
}

/** Maps Node's `process.platform` / `process.arch` to Terraform's platform name, e.g. `linux_amd64`. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = OS[platform];
  const cpu = ARCH[arch];
  if (os === undefined || cpu === undefined) {
    throw new UnsupportedPlatformError(
      `cannot install the provider on ${platform}/${arch}: supported are ${Object.keys(OS).join(', ')} on ${Object.keys(ARCH).join(', ')} (the launcher is a POSIX shell script)`,
    );
  }
  return `${os}_${cpu}`;
}
