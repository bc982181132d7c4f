/**
 * The little of the OneFS file system the Platform API areas need: which directories exist, so that
 * a zone's base path must exist unless `create_path` asks for it (as `isi zone zones create`
 * refuses a missing path). Only paths, no contents: `/ifs` always exists; nothing is ever removed
 * (deleting a zone keeps its directory, as on OneFS).
 */
import { aec } from './errors';

/** `/ifs` and every path below it, without a trailing slash; anything else is refused. */
export function ifsPath(path: string, field: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (!/^\/ifs(\/[^/]+)*$/.test(trimmed) || trimmed.split('/').some((part) => part === '.' || part === '..')) {
    // Message believed, not observed: OneFS refuses zone paths outside /ifs with a 400.
    throw aec('AEC_BAD_REQUEST', `Path '${path}' is not an absolute path under /ifs.`, field);
  }
  return trimmed;
}

/** The directories that exist. */
export class DirectoryTree {
  readonly #dirs = new Set<string>(['/ifs']);

  exists(path: string): boolean {
    return this.#dirs.has(path);
  }

  /** Creates `path` (already normalised by {@link ifsPath}) and its parents. */
  make(path: string): void {
    const parts = path.split('/').filter((p) => p !== '');
    for (let i = 1; i <= parts.length; i++) this.#dirs.add(`/${parts.slice(0, i).join('/')}`);
  }

  clear(): void {
    this.#dirs.clear();
    this.#dirs.add('/ifs');
  }
}
