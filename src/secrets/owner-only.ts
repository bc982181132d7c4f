import { constants, promises as fsp, statSync, type Stats } from 'node:fs';

/**
 * Why a file's permissions are unsafe for secrets, or undefined when only its owner (the current
 * user) can read or write it. Windows has no POSIX modes; there the check passes.
 */
export function ownerOnlyProblem(path: string, stats: Pick<Stats, 'mode' | 'uid'>): string | undefined {
  if (process.platform === 'win32') return undefined;
  const perms = stats.mode & 0o777;
  if ((perms & 0o077) !== 0) {
    return `${path} has mode ${perms.toString(8).padStart(4, '0')}; it must be readable only by its owner (run: chmod 600 ${path})`;
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    return `${path} belongs to uid ${stats.uid}, not to the current user (uid ${uid})`;
  }
  return undefined;
}

/** Synchronous check for plan-time validation: undefined when the file exists and is owner-only. */
export function checkOwnerOnlyFileSync(path: string): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return describeFsError(path, error);
  }
  if (!stats.isFile()) return `${path} is not a regular file`;
  return ownerOnlyProblem(path, stats);
}

/**
 * Reads a file that must be readable only by its owner. The mode is checked on the opened
 * descriptor, so a file swapped between the check and the read cannot slip through.
 * @throws {Error} with a message that names the path and the problem (never the content).
 */
export async function readOwnerOnlyFile(path: string): Promise<string> {
  const handle = await fsp.open(path, constants.O_RDONLY).catch((error: unknown) => {
    throw new Error(describeFsError(path, error));
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${path} is not a regular file`);
    const problem = ownerOnlyProblem(path, stats);
    if (problem) throw new Error(problem);
    return await handle.readFile({ encoding: 'utf8' });
  } finally {
    await handle.close();
  }
}

/**
 * A short, content-free sentence for a failed file-system call, by errno and by what was being
 * done: a write refused with EACCES is "cannot be written", not "cannot be read", and a read-only
 * file system or a full disk is named as such (issue 13). Never quotes file content.
 */
export function describeFsError(path: string, error: unknown, action: 'read' | 'write' = 'read'): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
      return action === 'read' ? `${path} does not exist` : `${path} cannot be created: a directory on its path does not exist (ENOENT)`;
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be ${action === 'read' ? 'read' : 'written'} by the current user (${code})`;
    case 'EROFS':
      return `${path} is on a read-only file system (EROFS)`;
    case 'ENOSPC':
      return `no space left on the device of ${path} (ENOSPC)`;
    case 'EDQUOT':
      return `the disk quota of the current user is exhausted on the device of ${path} (EDQUOT)`;
    case 'EISDIR':
      return `${path} is a directory`;
    case 'ENOTDIR':
      return `${path} cannot be used: a component of its path is not a directory (ENOTDIR)`;
    case 'ELOOP':
      return `${path} cannot be used: too many levels of symbolic links (ELOOP)`;
    case 'EMFILE':
    case 'ENFILE':
      return `${path} cannot be opened: too many open files (${code})`;
    case 'EIO':
      return `${path} cannot be ${action === 'read' ? 'read' : 'written'}: an I/O error (EIO)`;
    default:
      return `${path} cannot be ${action === 'read' ? 'read' : 'written'}${code ? ` (${code})` : ''}`;
  }
}
