/**
 * Where the provider lives in a Terraform filesystem mirror (the "unpacked" layout):
 * `<mirror>/registry.terraform.io/dapcli/powerscale/<version>/<os_arch>/terraform-provider-powerscale_v<version>`.
 * `dapcli/powerscale` is short for `registry.terraform.io/dapcli/powerscale`, so the mirror must
 * use the default registry host even though nothing is ever fetched from it.
 */
import { join } from 'node:path';

/** The registry host implied by the short source address. */
export const PROVIDER_HOST = 'registry.terraform.io';
/** Namespace and type of the source address `dapcli/powerscale`. */
export const PROVIDER_NAMESPACE = 'dapcli';
export const PROVIDER_TYPE = 'powerscale';
/** The full source address, as Terraform prints it. */
export const PROVIDER_ADDRESS = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;

/** The package directory for one version and platform inside a mirror. */
export function packageDir(mirror: string, version: string, platform: string): string {
  return join(mirror, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, platform);
}

/** The executable's file name, as Terraform looks for it. */
export function executableName(version: string): string {
  return `terraform-provider-${PROVIDER_TYPE}_v${version}`;
}
