/**
 * `cdktf-powerscale <command>`: a thin dispatcher. Each command lives in `./commands/<name>.ts`
 * and exports `run(argv): Promise<number>` (the exit code). Commands are imported lazily so that
 * one command's dependencies never slow down another.
 */
type CommandModule = { run(argv: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  simulator: { summary: 'run the OneFS + secret-store simulator over HTTPS', load: () => import('./commands/simulator') },
  'install-provider': { summary: 'install the provider into a Terraform filesystem mirror', load: () => import('./commands/install-provider') },
  'plan-summary': { summary: 'render a saved plan (terraform show -json) as Markdown', load: () => import('./commands/plan-summary') },
  preview: { summary: 'plan every stack of a CDK app into one Markdown document (exit 0/2/1)', load: () => import('./commands/preview') },
  discover: { summary: 'write import blocks (HCL or TypeScript) for what exists on a cluster', load: () => import('./commands/discover') },
  'migrate-secrets': { summary: "copy S3 secrets from dell/powerscale's state into the secret store (no rotation)", load: () => import('./commands/migrate-secrets') },
  demo: { summary: 'deploy the quickstart with cdktn against the simulator, then destroy it (from a checkout)', load: () => import('./commands/demo') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`);
  return `usage: cdktf-powerscale <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`cdktf-powerscale: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cdktf-powerscale: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
