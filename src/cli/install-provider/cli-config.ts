/**
 * The Terraform CLI configuration (`TF_CLI_CONFIG_FILE`) that makes `terraform init` install
 * `dapcli/powerscale` from a filesystem mirror and never ask the registry for it, optionally with a
 * `dev_overrides` block for developing the provider (then plan/apply run the checkout's
 * `bin/terraform-provider-powerscale` directly, and init still succeeds thanks to the mirror).
 */
import { PROVIDER_ADDRESS, PROVIDER_HOST, PROVIDER_NAMESPACE } from './layout';

/** What to put in the CLI configuration. */
export interface CliConfigOptions {
  /** Absolute path of the filesystem mirror. */
  readonly mirror: string;
  /** Absolute path of a directory holding `terraform-provider-powerscale`, for `dev_overrides`. */
  readonly devOverrideDir?: string;
}

/** HCL string literal: Terraform's escapes for `"`, `\` and template sequences. */
function hclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** Renders the CLI configuration as HCL. */
export function renderCliConfig(options: CliConfigOptions): string {
  const pattern = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/*`;
  const lines = ['# Written by `cdktf-powerscale install-provider`. Use it with TF_CLI_CONFIG_FILE=<this file>.', 'provider_installation {'];
  if (options.devOverrideDir !== undefined) {
    lines.push(
      '  # Development: plan/apply run this directory\'s provider directly (init still uses the mirror).',
      '  dev_overrides {',
      `    ${hclString(PROVIDER_ADDRESS)} = ${hclString(options.devOverrideDir)}`,
      '  }',
    );
  }
  lines.push(
    '  filesystem_mirror {',
    `    path    = ${hclString(options.mirror)}`,
    `    include = [${hclString(pattern)}]`,
    '  }',
    '  # Every other provider still comes from its registry.',
    '  direct {',
    `    exclude = [${hclString(pattern)}]`,
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}
