import type { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { PROVIDER_LOCAL_NAME, PROVIDER_SOURCE, PROVIDER_VERSION_CONSTRAINT } from './source';

/** The `secret_store` block of the provider configuration, in Terraform's spelling. */
export interface TfPowerscaleSecretStoreBlock {
  readonly type: 'file' | 'dap';
  readonly path?: string;
  readonly url?: string;
  readonly tenant?: string;
  readonly credentials_file?: string;
  readonly insecure?: boolean;
  readonly ca_cert_file?: string;
}

/**
 * Configuration of the low-level provider binding: one field per provider attribute, named as the
 * attribute in camelCase. No defaults and no validation here; {@link PowerScaleProvider} adds those.
 */
export interface TfPowerscaleProviderConfig {
  readonly endpoint: string;
  readonly username: string;
  readonly password?: string;
  readonly passwordFile?: string;
  readonly passwordSecret?: string;
  readonly insecure?: boolean;
  readonly caCertFile?: string;
  readonly timeoutSeconds?: number;
  readonly secretStore?: TfPowerscaleSecretStoreBlock;
  /** Terraform provider alias, for a second cluster in the same stack. */
  readonly alias?: string;
}

/**
 * The `provider "powerscale"` block and its `required_providers` entry (`dapcli/powerscale ~> 0.1`).
 * A hand-written binding in the shape `cdktf get` would generate, kept minimal so that it ports to
 * the `cdktn` fork by changing the import only.
 */
export class TfPowerscaleProvider extends TerraformProvider {
  /** The provider's local name, as in the generated bindings' `tfResourceType`. */
  static readonly tfResourceType = PROVIDER_LOCAL_NAME;

  private readonly config: TfPowerscaleProviderConfig;
  private providerAlias: string | undefined;

  constructor(scope: Construct, id: string, config: TfPowerscaleProviderConfig) {
    super(scope, id, {
      terraformResourceType: PROVIDER_LOCAL_NAME,
      terraformGeneratorMetadata: {
        providerName: PROVIDER_LOCAL_NAME,
        providerVersionConstraint: PROVIDER_VERSION_CONSTRAINT,
      },
      terraformProviderSource: PROVIDER_SOURCE,
    });
    this.config = config;
    this.providerAlias = config.alias;
  }

  // The base class's alias accessors are stubs that generated bindings always override.
  override get alias(): string | undefined {
    return this.providerAlias;
  }

  override set alias(value: string | undefined) {
    this.providerAlias = value;
  }

  // The base class snake-cases the keys of this object (and of the nested block), so camelCase is
  // correct here; undefined values are dropped from the JSON.
  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return {
      endpoint: c.endpoint,
      username: c.username,
      password: c.password,
      passwordFile: c.passwordFile,
      passwordSecret: c.passwordSecret,
      insecure: c.insecure,
      caCertFile: c.caCertFile,
      timeoutSeconds: c.timeoutSeconds,
      secretStore: c.secretStore,
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }
}
