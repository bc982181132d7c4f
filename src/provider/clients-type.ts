/**
 * The clients `dapcli/powerscale` handlers share, and the binding of the framework's default
 * `Clients` type to them. The framework (./framework) knows neither PAPI nor secret stores: its
 * definers take the clients' type as a parameter whose default, `ResourceClients`, is an empty
 * interface that this module fills in by declaration merging. Resources may name the type
 * explicitly (`defineResource<Model, PowerScaleClients>`) or rely on the default.
 */
import type { PapiApi } from '../papi/types';
import type { SecretStore } from '../secrets/types';

/** The PAPI client and the secret store, built lazily by the provider's configure. */
export interface PowerScaleClients {
  readonly papi: PapiApi;
  readonly secrets: SecretStore;
}

declare module './framework/resource' {
  interface ResourceClients {
    readonly papi: PapiApi;
    readonly secrets: SecretStore;
  }
}
