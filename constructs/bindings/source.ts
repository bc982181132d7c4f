/**
 * Where Terraform finds the provider. These three values are contracts (DESIGN.md): the synthesised
 * `required_providers` entry, the filesystem-mirror layout written by `install-provider` and the
 * docs all use them.
 */

/** The provider's source address, as written in `required_providers`. */
export const PROVIDER_SOURCE = 'dapcli/powerscale';

/** The provider's local name: the `provider "powerscale"` block and the resource type prefix. */
export const PROVIDER_LOCAL_NAME = 'powerscale';

/** The version constraint the constructs ask for; the provider's own version is 0.1.0. */
export const PROVIDER_VERSION_CONSTRAINT = '~> 0.1';
