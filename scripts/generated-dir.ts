/**
 * A directory whose files a generator owns wholly (docs/resources, constructs/bindings): the check
 * that tells a stale tree from a fresh one, and the write that makes it fresh. Both generators share
 * it so that "what --check rejects" and "what a run removes" cannot drift apart.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The generated files (by `extension`) in `dir`, or none when `dir` does not exist yet. */
function generatedNames(dir: string, extension: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(extension));
  } catch {
    return [];
  }
}

/** Names of the files in `dir` that differ from `files`, are missing, or are not generated any more. */
export function staleGeneratedFiles(dir: string, files: ReadonlyMap<string, string>, extension: string): string[] {
  const existing = new Set(generatedNames(dir, extension));
  const stale = [...files].filter(([name, text]) => !existing.has(name) || readFileSync(join(dir, name), 'utf8') !== text).map(([name]) => name);
  const extra = [...existing].filter((name) => !files.has(name));
  return [...stale, ...extra].sort();
}

/** What a generator's command line does: `--check` (exit 1 when stale) or write the tree. */
export interface GeneratedDir {
  readonly dir: string;
  /** Extension of the generated files, e.g. `.md`. */
  readonly extension: string;
  /** How the directory is named in messages, e.g. `docs/resources`. */
  readonly label: string;
  /** The command that regenerates it, for the "out of date" message. */
  readonly command: string;
}

/**
 * With `--check` in `argv`, exits 1 (naming the stale files) unless `dir` holds exactly `files`;
 * otherwise writes `files` and removes generated files of types no longer registered.
 */
export function syncGeneratedDir(target: GeneratedDir, files: ReadonlyMap<string, string>, argv: readonly string[]): number {
  if (argv.includes('--check')) {
    const stale = staleGeneratedFiles(target.dir, files, target.extension);
    if (stale.length === 0) return 0;
    process.stderr.write(`${target.label} is out of date (${stale.join(', ')}): run "${target.command}"\n`);
    return 1;
  }
  mkdirSync(target.dir, { recursive: true });
  for (const name of generatedNames(target.dir, target.extension)) if (!files.has(name)) rmSync(join(target.dir, name));
  for (const [name, text] of files) writeFileSync(join(target.dir, name), text);
  process.stderr.write(`wrote ${files.size} files to ${target.label}\n`);
  return 0;
}
