/**
 * `cdktf-powerscale install-provider [--mirror DIR] [--cli-config FILE] [--dev-overrides]`
 *
 * Installs the provider into a Terraform filesystem mirror (default `~/.terraform.d/plugins`, an
 * implied mirror that needs no configuration) so that `terraform init` and `cdktf deploy` find
 * `dapcli/powerscale` offline. With `--cli-config FILE` it writes the matching CLI configuration
 * there; otherwise it prints it on standard output (messages go to standard error, so the output can
 * be redirected into a file). Exit code 0 on success, 1 on error.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultMirror, findPackage, installProvider, NODE_CONFIG_FILE, NODE_ENV_VAR, PROVIDER_ADDRESS, renderCliConfig, terraformPlatform } from '../install-provider';

const USAGE = `usage: cdktf-powerscale install-provider [--mirror DIR] [--cli-config FILE] [--dev-overrides]
  --mirror DIR        filesystem mirror to install into (default: ${defaultMirror()})
  --cli-config FILE   write the Terraform CLI configuration to FILE (default: print it)
  --dev-overrides     add a dev_overrides block that runs this checkout's bin/ provider directly
`;

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        mirror: { type: 'string' },
        'cli-config': { type: 'string' },
        'dev-overrides': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`install-provider: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const pkg = findPackage();
  const mirror = resolve(values.mirror ?? defaultMirror());
  const platform = terraformPlatform();
  const result = await installProvider({ mirror, bundle: join(pkg.root, 'dist', 'provider.cjs'), version: pkg.version, platform });

  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`Installed ${PROVIDER_ADDRESS} ${pkg.version} (${platform}) into ${mirror}`);
  log(`  executable: ${result.executable}`);
  log(`  lock-file hash: ${result.hash} (the same on every ${platform} machine: commit .terraform.lock.hcl)`);
  log(`  runs on: $${NODE_ENV_VAR}, else the path in \${XDG_CONFIG_HOME:-~/.config}/${NODE_CONFIG_FILE}, else node on PATH (Node.js 20 or newer)`);
  if (result.hashChanged) {
    log(`Note: the mirror held a different build of ${pkg.version} (${result.previousHash ?? '?'}).`);
    log('  Directories already initialised with it now fail "terraform init" ("doesn\'t match any of the checksums previously recorded"):');
    log('  delete the dapcli/powerscale entry from their .terraform.lock.hcl (for cdktf: cdktf.out/stacks/<stack>/.terraform.lock.hcl) and run init again.');
  }

  const config = renderCliConfig({ mirror, ...(values['dev-overrides'] ? { devOverrideDir: join(pkg.root, 'bin') } : {}) });
  const cliConfig = values['cli-config'];
  if (cliConfig !== undefined) {
    const file = resolve(cliConfig);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, config);
    log(`Wrote the Terraform CLI configuration to ${file}; use it with:`);
    log(`  export TF_CLI_CONFIG_FILE=${file}`);
    return 0;
  }
  if (values.mirror === undefined && !values['dev-overrides']) {
    log(`${mirror} is one of Terraform's implied mirrors: no CLI configuration is needed unless yours has a provider_installation block.`);
    log('In that case, add the blocks below to it (or pass --cli-config FILE to write a complete file):');
  } else {
    log('Save this as a Terraform CLI configuration and point TF_CLI_CONFIG_FILE at it (or pass --cli-config FILE):');
  }
  process.stdout.write(config);
  return 0;
}
