import type { TerraformMetaArguments, TerraformResourceConfig } from 'cdktf';
import { PROVIDER_LOCAL_NAME } from './source';

/**
 * The base-class configuration every `powerscale_*` binding passes to `TerraformResource`: its
 * type, the provider's local name, and the user's meta-arguments, passed through unchanged.
 */
export function powerscaleResourceConfig(terraformResourceType: string, meta: TerraformMetaArguments): TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: { providerName: PROVIDER_LOCAL_NAME },
    provider: meta.provider,
    dependsOn: meta.dependsOn,
    count: meta.count,
    lifecycle: meta.lifecycle,
    forEach: meta.forEach,
  };
}
