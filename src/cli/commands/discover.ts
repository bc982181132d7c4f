/**
 * `cdktf-powerscale discover`: connects to a cluster with the provider's settings, lists what
 * exists for every resource type the provider serves, and writes `import {}` blocks with matching
 * resource blocks (HCL) or a TypeScript module using the constructs. Progress goes to standard
 * error; the output holds names, ids and settings, never a secret. See docs/discover.md.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { USAGE, DiscoverUsageError, parseDiscoverArgs, type DiscoverOptions } from '../discover/options';

function say(message: string): void {
  process.stderr.write(`discover: ${message}\n`);
}

/** Writes next to the target and renames, so a failed run never leaves half a file. */
async function writeOut(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { encoding: 'utf8', flag: 'w' });
  await rename(tmp, path);
}

async function discoverWith(options: DiscoverOptions): Promise<string> {
  const [{ createPapiClient }, { createSecretStore }, { readOwnerOnlyFile }, { resources }, d] = await Promise.all([
    import('../../papi/client'),
    import('../../secrets/factory'),
    import('../../secrets/owner-only'),
    import('../../provider/resources'),
    import('../discover'),
  ]);
  const managed = options.stateFile === undefined ? undefined : d.decodeManaged(JSON.parse(await readFile(options.stateFile, 'utf8')) as unknown);
  const secrets = options.storeCheck || options.password.kind === 'secret' ? createSecretStore(options.store) : undefined;
  try {
    let password: string;
    if (options.password.kind === 'file') {
      password = (await readOwnerOnlyFile(options.password.path)).replace(/\r?\n$/, '');
    } else {
      const stored = await secrets?.get(options.password.name);
      if (stored === undefined) throw new DiscoverUsageError(`--password-secret: the secret store has no secret named ${JSON.stringify(options.password.name)}`);
      password = stored;
    }
    if (password === '') throw new DiscoverUsageError('the cluster password is empty');
    const papi = createPapiClient({ endpoint: options.endpoint, username: options.username, password, insecure: options.insecure, ...(options.caCertFile !== undefined ? { caCertFile: options.caCertFile } : {}) });
    try {
      const active = d.activeDiscoverers(resources.map((r) => r.typeName));
      say(`resource types: ${active.map((a) => a.type).join(', ')}`);
      const result = await d.runDiscovery({
        papi,
        secrets: options.storeCheck ? secrets : undefined,
        discoverers: active,
        zones: options.zones,
        includes: options.includes,
        excludes: options.excludes,
        ...(managed ? { managed } : {}),
        progress: say,
      });
      say(`${result.objects.length} to import, ${result.skipped.length} not manageable${managed ? `, ${result.alreadyManaged} already in the state` : ''}`);
      return options.format === 'hcl' ? d.renderHcl(result) : d.renderTypeScript(result, options.cdk);
    } finally {
      await papi.close();
    }
  } finally {
    await secrets?.close();
  }
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let options: DiscoverOptions;
  try {
    options = parseDiscoverArgs(argv);
  } catch (error) {
    process.stderr.write(`discover: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let text: string;
  try {
    text = await discoverWith(options);
  } catch (error) {
    // PapiError, SecretStoreError and file errors carry no secret (their messages are built for that).
    say(error instanceof Error ? error.message : String(error));
    return 1;
  }
  if (options.out === undefined) process.stdout.write(text);
  else {
    await writeOut(options.out, text);
    say(`wrote ${options.out}`);
  }
  return 0;
}
