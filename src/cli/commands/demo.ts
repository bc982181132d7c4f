/**
 * `cdktf-powerscale demo [--keep] [--verbose]` (`npm run demo`): deploys the quickstart against the
 * local simulator, shows a no-change diff and a secret-free state, then destroys it. See
 * `../demo/run-demo.ts` for the steps. Exit code 0 when every step passed.
 */
import { parseArgs } from 'node:util';
import { runDemo } from '../demo';

const USAGE = `usage: cdktf-powerscale demo [--keep] [--verbose]
  --keep      leave the stack deployed and the simulator running until Ctrl-C
  --verbose   show the output of cdktn and terraform
`;

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { keep: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  return runDemo({ keep: values.keep === true, verbose: values.verbose === true, write: (line) => process.stdout.write(`${line}\n`) });
}
