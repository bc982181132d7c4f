import type { TfPowerscaleSecretStoreBlock } from './bindings/provider';

/** Options of {@link SecretStore.file}. */
export interface FileSecretStoreOptions {
  /**
   * Path of the store's JSON file (created with mode 0600 on first write; refused if anyone but its
   * owner can read it).
   *
   * @default - `$XDG_DATA_HOME/cdktf-powerscale/secrets.json`, else `~/.local/share/cdktf-powerscale/secrets.json`
   */
  readonly path?: string;
}

/** Options of {@link SecretStore.dap}. */
export interface DapSecretStoreOptions {
  /** Base URL of the DAP (Cloudify) REST API, e.g. `https://dap.example.com`. */
  readonly url: string;

  /**
   * Tenant that owns the secrets (the `Tenant` header).
   *
   * @default "default_tenant"
   */
  readonly tenant?: string;

  /**
   * Path of a JSON file holding `{"token": "..."}` or `{"username": "...", "password": "..."}`.
   * The provider never reads these credentials from the environment or the command line.
   */
  readonly credentialsFile: string;

  /**
   * Skip TLS certificate verification of the DAP endpoint. For test set-ups only; cannot be
   * combined with `caCertFile`.
   *
   * @default false
   */
  readonly insecure?: boolean;

  /**
   * PEM file of the CA that signed the DAP endpoint's certificate.
   *
   * @default - the system trust store
   */
  readonly caCertFile?: string;
}

/**
 * Where the provider writes minted S3 secrets. Terraform state only ever holds the secret's name.
 * Create one with {@link SecretStore.file} or {@link SecretStore.dap}.
 */
export class SecretStore {
  /** The local file store (also what the provider uses when no store is configured). */
  static file(options: FileSecretStoreOptions = {}): SecretStore {
    return new SecretStore({ type: 'file', path: options.path });
  }

  /** A DAP / Cloudify secret store reached over HTTPS. */
  static dap(options: DapSecretStoreOptions): SecretStore {
    return new SecretStore({
      type: 'dap',
      url: options.url,
      tenant: options.tenant,
      credentials_file: options.credentialsFile,
      insecure: options.insecure,
      ca_cert_file: options.caCertFile,
    });
  }

  /** The `secret_store` block as Terraform spells it. */
  readonly block: TfPowerscaleSecretStoreBlock;

  private constructor(block: TfPowerscaleSecretStoreBlock) {
    this.block = block;
  }
}
