/**
 * Stdout belongs to the go-plugin handshake: Terraform reads the first line as the handshake and
 * treats anything else there as a broken plugin ("Unrecognized remote plugin message"). So the
 * provider takes stdout away from everyone else at start-up, before any other module runs code.
 */

let claimed: ((text: string) => void) | undefined;

/**
 * Redirects `process.stdout.write` (and with it `console.log`/`info`/`debug`) to stderr and returns
 * the only function left that writes to the real stdout. Idempotent: later calls get the same one.
 */
export function claimStdout(): (text: string) => void {
  if (claimed) return claimed;
  const stdout = process.stdout;
  const original = stdout.write.bind(stdout) as (text: string) => boolean;
  const toStderr = process.stderr.write.bind(process.stderr) as typeof process.stderr.write;
  stdout.write = toStderr as typeof stdout.write;
  // console captured process.stdout at start-up; its methods look up `write` per call, but being
  // explicit costs nothing and survives a Console that caches the function.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  claimed = (text: string) => void original(text);
  return claimed;
}
