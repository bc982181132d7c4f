/**
 * Stdout belongs to the go-plugin handshake: Terraform reads the first line as the handshake and
 * treats anything else there as a broken plugin ("Unrecognized remote plugin message"). So the
 * provider takes stdout away from everyone else at start-up, before any other module runs code.
 *
 * The real `process.stdout` stream is never created: Node builds it on first access (for
 * Terraform's pipe, a `net.Socket`), a few ms of every provider start for one line. The handshake
 * goes to file descriptor 1 with a synchronous write instead.
 */
import { writeSync } from 'node:fs';

let claimed: ((text: string) => void) | undefined;

/**
 * Makes `process.stdout` (and with it `console.log`/`info`/`debug`) stderr and returns the only
 * function left that writes to the real stdout. Idempotent: later calls get the same one.
 */
export function claimStdout(): (text: string) => void {
  if (claimed) return claimed;
  // Node defines process.stdout as a configurable getter; whoever asks from now on gets stderr.
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => process.stderr });
  // The global console binds its streams on first use, so it would find stderr anyway; being
  // explicit costs nothing and survives a Console that captured stdout earlier.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  claimed = (text: string) => writeFully(1, Buffer.from(text));
  return claimed;
}

/** A blocking write of every byte; a non-blocking pipe that is momentarily full (EAGAIN) is retried. */
function writeFully(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EAGAIN') throw error;
    }
  }
}
