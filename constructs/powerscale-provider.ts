import { Construct } from 'constructs';
import { TfPowerscaleProvider } from './bindings/provider';
import type { SecretStore } from './secret-store';
import { ConstructValidationError } from './validation-error';
import { checkHttpsUrl, checkNonEmpty, checkWholeNumber, isUnresolved } from './validate';

/** The longest request timeout the constructs accept (one hour). */
export const MAX_TIMEOUT_SECONDS = 3600;

/** How the provider connects to one PowerScale cluster. */
export interface PowerScaleProviderProps {
  /**
   * Base URL of the cluster's Platform API, e.g. `https://cluster.example.com:8080`.
   *
   * Must be an `https://` URL; the provider uses port 8080 when the URL has none.
   */
  readonly endpoint: string;

  /** Name of the account the provider logs in as (it needs the S3 key privileges). */
  readonly username: string;

  /**
   * Path of a file holding the account's password, readable only by its owner.
   *
   * Exactly one of `passwordFile`, `passwordSecret` and `password` must be set.
   *
   * @default - not set
   */
  readonly passwordFile?: string;

  /**
   * Name of a secret in the configured secret store that holds the account's password.
   *
   * @default - not set
   */
  readonly passwordSecret?: string;

  /**
   * The account's password, as a token only (for example a sensitive `TerraformVariable`).
   *
   * A literal string is refused: it would be written in plain text to `cdk.tf.json`. Prefer
   * `passwordFile` or `passwordSecret`.
   *
   * @default - not set
   */
  readonly password?: string;

  /**
   * Skip TLS certificate verification of the cluster. For test set-ups only; prefer `caCertFile`
   * (the two cannot be combined).
   *
   * @default false
   */
  readonly insecure?: boolean;

  /**
   * PEM file of the CA that signed the cluster's certificate.
   *
   * @default - the system trust store
   */
  readonly caCertFile?: string;

  /**
   * Time limit of one Platform API request, in seconds. From 1 to 3600.
   *
   * @default - the provider's default
   */
  readonly timeoutSeconds?: number;

  /**
   * Where minted S3 secrets are written.
   *
   * @default - the local file store embedded in the provider
   */
  readonly secretStore?: SecretStore;

  /**
   * Terraform provider alias. Needed for every cluster after the first in one stack.
   *
   * @default - no alias (the default `powerscale` provider)
   */
  readonly alias?: string;
}

/**
 * The `powerscale` provider configured for one cluster. Most stacks use {@link PowerScaleCluster},
 * which creates one of these; use this construct directly to share one provider between several
 * cluster-scoped constructs or to configure an alias by hand.
 */
export class PowerScaleProvider extends Construct {
  /** The low-level binding, for resources that take a `provider` meta-argument. */
  readonly provider: TfPowerscaleProvider;

  constructor(scope: Construct, id: string, props: PowerScaleProviderProps) {
    super(scope, id);
    validateProviderProps(this, props);
    this.provider = new TfPowerscaleProvider(this, 'Resource', {
      endpoint: props.endpoint,
      username: props.username,
      password: props.password,
      passwordFile: props.passwordFile,
      passwordSecret: props.passwordSecret,
      insecure: props.insecure,
      caCertFile: props.caCertFile,
      timeoutSeconds: props.timeoutSeconds,
      secretStore: props.secretStore?.block,
      alias: props.alias,
    });
  }
}

function validateProviderProps(scope: Construct, props: PowerScaleProviderProps): void {
  checkHttpsUrl(scope, 'ProviderEndpoint', 'endpoint', props.endpoint);
  checkNonEmpty(scope, 'ProviderUsername', 'username', props.username);
  checkNonEmpty(scope, 'ProviderPasswordFile', 'passwordFile', props.passwordFile);
  checkNonEmpty(scope, 'ProviderPasswordSecret', 'passwordSecret', props.passwordSecret);
  checkNonEmpty(scope, 'ProviderCaCertFile', 'caCertFile', props.caCertFile);
  checkNonEmpty(scope, 'ProviderAlias', 'alias', props.alias);
  checkWholeNumber(scope, 'ProviderTimeout', 'timeoutSeconds', props.timeoutSeconds, 1, MAX_TIMEOUT_SECONDS, 'seconds');

  const given = (['passwordFile', 'passwordSecret', 'password'] as const).filter((k) => props[k] !== undefined);
  if (given.length !== 1) {
    throw new ConstructValidationError(
      'ProviderPasswordSource',
      `exactly one of passwordFile, passwordSecret or password must be set, but ${given.length === 0 ? 'none was' : `${given.join(' and ')} were`} given`,
      scope,
    );
  }
  // Never echo the value: only its kind and length would be safe, and even that is not needed.
  if (props.password !== undefined && !isUnresolved(props.password)) {
    throw new ConstructValidationError(
      'ProviderLiteralPassword',
      'password must be a token (for example a sensitive TerraformVariable), but a literal string was given; it would be written in plain text to cdk.tf.json, so use passwordFile or passwordSecret instead',
      scope,
    );
  }

  checkNotBoth(scope, 'ProviderInsecureAndCa', 'insecure', props.insecure, 'caCertFile', props.caCertFile);

  const store = props.secretStore?.block;
  if (store?.type === 'dap') {
    checkHttpsUrl(scope, 'SecretStoreUrl', 'secretStore url', store.url);
    checkNonEmpty(scope, 'SecretStoreTenant', 'secretStore tenant', store.tenant);
    checkNonEmpty(scope, 'SecretStoreCredentialsFile', 'secretStore credentialsFile', store.credentials_file);
    checkNotBoth(scope, 'SecretStoreInsecureAndCa', 'secretStore insecure', store.insecure, 'secretStore caCertFile', store.ca_cert_file);
  }
  if (store?.type === 'file') checkNonEmpty(scope, 'SecretStorePath', 'secretStore path', store.path);
}

// Skipping verification while naming a CA is contradictory; the provider refuses it at plan time,
// so say it at synth time, where the fix is.
function checkNotBoth(scope: Construct, code: string, insecureLabel: string, insecure: boolean | undefined, caLabel: string, ca: string | undefined): void {
  if (insecure === true && ca !== undefined) {
    throw new ConstructValidationError(code, `${insecureLabel} = true and ${caLabel} contradict each other, but both were given; set one`, scope);
  }
}
