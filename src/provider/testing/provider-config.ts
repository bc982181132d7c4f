import type { TfObject } from '../framework/contract';

/**
 * A `provider "powerscale"` block as Terraform sends it to the provider (every attribute present,
 * unset ones null) with an inline password: the starting point of tests that vary a few attributes.
 */
export function providerConfig(values: { endpoint: string; username: string; password: string } & TfObject): TfObject {
  return {
    password_file: null,
    password_secret: null,
    insecure: null,
    ca_cert_file: null,
    timeout_seconds: null,
    secret_store: null,
    ...values,
  };
}
