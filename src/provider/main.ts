/**
 * The provider executable (bundled to dist/provider.cjs, started by bin/terraform-provider-powerscale).
 * Terraform execs it with no arguments and a magic cookie in the environment; `--debug` serves it
 * unmanaged for a debugger. Everything imported here is on the path to the handshake, so it stays
 * small: no gRPC library, no certificate library, no framework internals beyond the factory.
 */
// First import on purpose: claims stdout before any other module is evaluated.
import { writeStdout } from './protocol/claim-stdout';
import { hasMagicCookie, NOT_A_PLUGIN_MESSAGE } from './protocol/handshake';
import { serve } from './protocol/serve';
import { createProviderServer } from './server';
import { log } from './log';
import { nodeVersionProblem } from './node-version';

let markServing: () => void = () => undefined;
/**
 * Settles once the handshake line is out (never, when the process is not serving): the loader
 * (src/provider/loader/main.ts) writes V8's code cache then, when there was none.
 */
export const serving = new Promise<void>((resolve) => (markServing = resolve));

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const tooOld = nodeVersionProblem(process.versions.node, process.execPath);
  if (tooOld !== undefined) {
    process.stderr.write(tooOld);
    process.exit(1);
  }
  const debug = argv.includes('--debug');
  if (argv.includes('--help') || argv.includes('-h') || (!debug && !hasMagicCookie(env))) {
    process.stderr.write(NOT_A_PLUGIN_MESSAGE);
    process.exit(argv.includes('--help') || argv.includes('-h') ? 0 : 1);
  }

  process.on('uncaughtException', (err) => {
    log.error('provider crashed', { error: err });
    process.stderr.write(`terraform-provider-powerscale: ${err.message}\n`);
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection (provider bug)', { error: reason }));
  // Ctrl-C reaches the whole process group; Terraform handles it by calling StopProvider, so a
  // managed provider ignores SIGINT (as go-plugin servers do). In debug mode Ctrl-C is how you stop it.
  process.on('SIGINT', () => {
    if (debug) process.exit(130);
  });
  // 'exit' handlers (socket removal) do not run on a default signal death.
  process.on('SIGTERM', () => process.exit(143));
  process.on('SIGHUP', () => process.exit(129));

  if (!debug) {
    // Terraform always ends a provider with Shutdown or a kill; if Terraform itself is killed first,
    // nobody can reach our socket any more, so do not linger as an orphan.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) process.exit(0);
    }, 1000).unref();
  }

  try {
    await serve(createProviderServer(), {
      env,
      debug,
      writeHandshake: (text) => {
        writeStdout(text);
        markServing();
      },
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error('provider failed to start', { error: err });
    process.stderr.write(`terraform-provider-powerscale: ${message}\n`);
    process.exit(1);
  }
}

void main(process.argv.slice(2), process.env);
