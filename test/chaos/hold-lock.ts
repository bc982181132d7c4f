/**
 * Child process of the chaos run's "stale store lock" event: takes the file store's lock with the
 * real lock code, says `held`, and waits to be killed (SIGKILL), which leaves the lock stale.
 * Usage: node --import tsx test/chaos/hold-lock.ts <store path>
 */
import { acquireFileLock } from '../../src/secrets/file/lock';

const storePath = process.argv[2];
if (storePath === undefined) throw new Error('usage: hold-lock.ts <store path>');
await acquireFileLock(`${storePath}.lock`, { timeoutMs: 30_000 });
process.stdout.write('held\n');
setInterval(() => undefined, 60_000);
