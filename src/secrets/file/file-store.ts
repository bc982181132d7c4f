import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SecretStoreError, type SecretStoreOperation } from '../errors';
import { silentLogger, type SecretStoreLogger } from '../log';
import { validateSecretName } from '../names';
import { describeFsError, ownerOnlyProblem } from '../owner-only';
import type { SecretStore } from '../types';
import { acquireFileLock, isAlive, LockTimeoutError } from './lock';

/** Options of {@link FileSecretStore}. */
export interface FileSecretStoreOptions {
  /** The JSON file; its directory is created (0700) on first write. */
  path: string;
  /** How long a writer waits for another writer's lock. @default 10000 */
  lockTimeoutMs?: number;
  log?: SecretStoreLogger;
  /**
   * Test seam: runs after the new content is written and synced to the temp file, before the
   * rename that publishes it. Lets a test crash a writer at the worst moment.
   */
  beforeRename?: (tempPath: string) => Promise<void> | void;
}

/** Per store path, the last writer of this process in line (see `#update`). */
const processQueue = new Map<string, Promise<void>>();

/** Marks a write abandoned because the lock file is no longer ours. */
class LockLostError extends Error {}

/** On-disk shape. `version` lets a later release change the layout. */
interface StoreDocument {
  version: 1;
  secrets: Record<string, string>;
  /** Every top-level member as read (including ones this version does not know), written back as is. */
  members: Record<string, unknown>;
}

/**
 * The embedded secret store: one JSON file `{"version":1,"secrets":{name: value}}`, mode 0600.
 *
 * - Writes are read-modify-write under an inter-process lock (`<path>.lock`), so concurrent writers
 *   in several processes never lose an update.
 * - Each write goes to a 0600 temp file in the same directory, is fsynced, then renamed over the
 *   store: readers (which take no lock) see the old or the new file, never half of one, and a crash
 *   leaves the old file intact. Temp files left by dead writers are removed by the next writer.
 * - A file that anyone but its owner can read (or that another user owns) is refused, on every
 *   operation, from the mode of the opened descriptor.
 * - Values never appear in errors or logs; a corrupt file is reported without its content.
 * - A `path` that is a symbolic link is written *through*: the link is resolved and its target
 *   replaced (and locked as `<target>.lock`), so the link and whatever else uses the target keep
 *   seeing the secrets. A link whose target does not exist is refused.
 * - Top-level members other than `version` and `secrets` (written by a newer release or by hand)
 *   are kept on every write.
 * - A relative `path` resolves against the process's working directory, which for the provider is
 *   the directory Terraform runs in (the root module); the provider warns when that is inside a git
 *   work tree.
 */
export class FileSecretStore implements SecretStore {
  readonly path: string;
  readonly #options: FileSecretStoreOptions;
  readonly #log: SecretStoreLogger;
  /**
   * The last document `get` decoded, with the identity of the file it came from. A refresh reads
   * one key per resource, and re-parsing the whole file for each made the cost quadratic in the
   * number of keys. Writes (ours and other processes') rename a new file into place, which changes
   * the inode; an edit in place changes the size or the change time. Update paths never use it.
   */
  #cached: { file: string; identity: string; doc: StoreDocument } | undefined;

  constructor(options: FileSecretStoreOptions) {
    this.path = options.path;
    this.#options = options;
    this.#log = options.log ?? silentLogger;
  }

  async get(key: string): Promise<string | undefined> {
    this.#checkKey('get', key);
    const doc = await this.#read('get', key, this.path, true);
    return doc && Object.hasOwn(doc.secrets, key) ? doc.secrets[key] : undefined;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async createOrUpdate(key: string, value: string, signal?: AbortSignal): Promise<void> {
    this.#checkKey('createOrUpdate', key);
    if (typeof value !== 'string') throw this.#error('createOrUpdate', key, 'bad_value', 'the value must be a string');
    await this.#update('createOrUpdate', key, signal, (secrets) => {
      if (secrets[key] === value) return false;
      secrets[key] = value;
      return true;
    });
    this.#log('debug', 'secret stored', { backend: 'file', key });
  }

  /** The store file decodes and is private, and its directory (or the one to create) is writable. */
  async probeWritable(key: string): Promise<void> {
    this.#checkKey('createOrUpdate', key);
    // The file a write would change: through a symlinked store path, its target.
    const file = await this.#writeTarget('createOrUpdate', key);
    await this.#read('createOrUpdate', key, file);
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      try {
        await fsp.access(dir, constants.W_OK | constants.X_OK);
        return;
      } catch (error) {
        const missing = (error as { code?: unknown }).code === 'ENOENT';
        if (!missing || dirname(dir) === dir) throw this.#error('createOrUpdate', key, 'io_error', describeFsError(dir, error, 'write'));
      }
    }
  }

  async delete(key: string, signal?: AbortSignal): Promise<void> {
    this.#checkKey('delete', key);
    await this.#update('delete', key, signal, (secrets) => {
      if (!Object.hasOwn(secrets, key)) return false;
      delete secrets[key];
      return true;
    });
  }

  async close(): Promise<void> {
    // Nothing is held between calls: locks and descriptors live only inside one operation.
  }

  #checkKey(operation: SecretStoreOperation, key: string): void {
    const problem = validateSecretName(key);
    if (problem) throw this.#error(operation, key, 'invalid_key', problem);
  }

  /**
   * Reads and decodes the store (`file`: the path or its resolved target); undefined when the file
   * does not exist yet. `cached`: the caller only reads the document, so an unchanged file is not
   * read again (its privacy is still checked, from the opened descriptor).
   */
  async #read(operation: SecretStoreOperation, key: string, file: string, cached = false): Promise<StoreDocument | undefined> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, constants.O_RDONLY);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw this.#error(operation, key, 'io_error', describeFsError(this.path, error));
    }
    let text: string;
    let identity: string;
    try {
      const stats = await handle.stat({ bigint: true });
      const problem = stats.isFile() ? ownerOnlyProblem(this.path, { mode: Number(stats.mode), uid: Number(stats.uid) }) : `${this.path} is not a regular file`;
      if (problem) throw this.#error(operation, key, 'insecure_file', `refusing to use the secret store file: ${problem}`);
      identity = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
      if (cached && this.#cached?.file === file && this.#cached.identity === identity) return this.#cached.doc;
      text = await handle.readFile({ encoding: 'utf8' });
    } finally {
      await handle.close();
    }
    const doc = this.#decode(operation, key, text);
    if (cached) this.#cached = { file, identity, doc };
    return doc;
  }

  #decode(operation: SecretStoreOperation, key: string, text: string): StoreDocument {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Never quote the text: it is full of secrets.
      throw this.#error(operation, key, 'corrupt_file', `${this.path} is not valid JSON; restore it from a backup or move it away`);
    }
    if (typeof parsed !== 'object' || parsed === null || (parsed as { version?: unknown }).version !== 1) {
      throw this.#error(operation, key, 'corrupt_file', `${this.path} is not a version 1 secret store file`);
    }
    const secrets = (parsed as { secrets?: unknown }).secrets;
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
      throw this.#error(operation, key, 'corrupt_file', `${this.path} has no "secrets" object`);
    }
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, value] of Object.entries(secrets)) {
      if (typeof value !== 'string') throw this.#error(operation, key, 'corrupt_file', `${this.path}: the entry "${name}" is not a string`);
      out[name] = value;
    }
    return { version: 1, secrets: out, members: parsed as Record<string, unknown> };
  }

  /** Read-modify-write under the lock; `mutate` returns false when nothing changed (no write). */
  async #update(operation: SecretStoreOperation, key: string, signal: AbortSignal | undefined, mutate: (secrets: Record<string, string>) => boolean): Promise<void> {
    const file = await this.#writeTarget(operation, key);
    // Writers of one process queue here first, so only one of them at a time polls the file lock:
    // a hand-over inside the process is immediate instead of waiting out a poll interval.
    const queueKey = resolve(file);
    const previous = processQueue.get(queueKey) ?? Promise.resolve();
    let done = (): void => {};
    const mine = new Promise<void>((r) => (done = r));
    const tail = previous.then(() => mine);
    processQueue.set(queueKey, tail);
    await previous;
    try {
      await this.#updateLocked(operation, key, file, signal, mutate);
    } finally {
      done();
      if (processQueue.get(queueKey) === tail) processQueue.delete(queueKey);
    }
  }

  /**
   * The file a write replaces: `path` itself, or the target of the symbolic link `path` is (a
   * rename over the link would replace the link and orphan its target).
   */
  async #writeTarget(operation: SecretStoreOperation, key: string): Promise<string> {
    let isLink: boolean;
    try {
      isLink = (await fsp.lstat(this.path)).isSymbolicLink();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return this.path;
      throw this.#error(operation, key, 'io_error', describeFsError(this.path, error));
    }
    if (!isLink) return this.path;
    try {
      return await fsp.realpath(this.path);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') {
        throw this.#error(operation, key, 'io_error', `${this.path} is a symbolic link whose target does not exist; create the target (mode 0600) or set path to a regular file`);
      }
      throw this.#error(operation, key, 'io_error', describeFsError(this.path, error));
    }
  }

  async #updateLocked(operation: SecretStoreOperation, key: string, file: string, signal: AbortSignal | undefined, mutate: (secrets: Record<string, string>) => boolean): Promise<void> {
    const dir = dirname(file);
    try {
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw this.#error(operation, key, 'io_error', describeFsError(dir, error, 'write'));
    }
    let lock;
    try {
      lock = await acquireFileLock(`${file}.lock`, {
        timeoutMs: this.#options.lockTimeoutMs,
        signal,
        onStale: ({ pid }) => this.#log('warn', 'broke a secret store lock left by a dead process', { backend: 'file', pid }),
      });
    } catch (error) {
      if (error instanceof LockTimeoutError) throw this.#error(operation, key, 'lock_timeout', error.message, true);
      if (signal?.aborted) throw error;
      throw this.#error(operation, key, 'io_error', describeFsError(`${file}.lock`, error, 'write'));
    }
    try {
      await this.#removeDeadTempFiles(file);
      const doc = (await this.#read(operation, key, file)) ?? { version: 1, secrets: Object.create(null) as Record<string, string>, members: {} };
      if (!mutate(doc.secrets)) return;
      // Spreading the members read keeps unknown ones, and the order of all of them.
      const text = `${JSON.stringify({ ...doc.members, version: 1, secrets: doc.secrets }, null, 2)}\n`;
      await this.#writeAtomically(operation, key, file, text, () => lock.verify());
    } finally {
      await lock.release();
    }
  }

  /** `stillLocked` is asked just before publishing: a lock deleted by hand must not let two writers interleave. */
  async #writeAtomically(operation: SecretStoreOperation, key: string, file: string, text: string, stillLocked: () => Promise<boolean>): Promise<void> {
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      // O_EXCL + 0600 from the first byte: the content is never readable by others, not even briefly.
      const handle = await fsp.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      try {
        await handle.chmod(0o600); // the umask can only remove bits, but be explicit
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.#options.beforeRename?.(temp);
      if (!(await stillLocked())) throw new LockLostError();
      await fsp.rename(temp, file);
    } catch (error) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      if (error instanceof LockLostError) {
        throw this.#error(operation, key, 'lock_lost', `the lock ${file}.lock was removed while this write held it; nothing was written, retry`, true);
      }
      throw this.#error(operation, key, 'io_error', `could not write ${this.path}: ${describeFsError(dirname(file), error, 'write')}`);
    }
    // Make the rename durable; not every platform can fsync a directory, so this is best effort.
    try {
      const dirHandle = await fsp.open(dirname(file), constants.O_RDONLY);
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    } catch {
      /* best effort */
    }
  }

  /** Removes `.secrets.json.<pid>.<rand>.tmp` files of writers that died before renaming. */
  async #removeDeadTempFiles(file: string): Promise<void> {
    const dir = dirname(file);
    const prefix = `.${basename(file)}.`;
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const pid = Number(name.slice(prefix.length).split('.')[0]);
      // Not ours to judge (the lock's own temp files, `.<name>.lock.<pid>...`, are the lock's).
      if (!Number.isInteger(pid)) continue;
      if (pid !== process.pid && !isAlive(pid)) {
        await fsp.rm(join(dir, name), { force: true }).catch(() => undefined);
        this.#log('debug', 'removed a temp file left by a dead writer', { backend: 'file', pid });
      }
    }
  }

  #error(operation: SecretStoreOperation, key: string, errorCode: string, message: string, retryable = false): SecretStoreError {
    return new SecretStoreError({ backend: 'file', operation, key, errorCode, message, retryable });
  }
}
