/**
 * The oldest Node the provider runs on. The installed launcher takes whatever Node it finds
 * (POWERSCALE_PROVIDER_NODE, a config file, PATH) without starting it twice to ask its version, so
 * the bundle checks itself, first thing: an old Node gets one line on stderr instead of a crash
 * in the middle of a Terraform run.
 */

/** The lowest supported major version (package.json `engines`). */
export const MINIMUM_NODE_MAJOR = 20;

/** The one-line complaint about `version` (`process.versions.node`), or undefined when it is new enough. */
export function nodeVersionProblem(version: string, execPath: string): string | undefined {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return `terraform-provider-powerscale: Node.js ${version} (${execPath}) is too old: Node.js ${MINIMUM_NODE_MAJOR} or newer is needed; put a newer node on PATH or set POWERSCALE_PROVIDER_NODE to its path\n`;
}
