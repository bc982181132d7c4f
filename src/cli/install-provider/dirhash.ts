/**
 * Terraform's `h1:` package hash (Go's `golang.org/x/mod/sumdb/dirhash.Hash1`), which is what
 * `terraform init` writes to `.terraform.lock.hcl` for a provider installed from a filesystem mirror:
 * the SHA-256 of the lines `<sha256 hex>  <relative path>\n`, one per file in sorted path order,
 * base64-encoded. Computing it lets `install-provider` say when a reinstall will break existing lock
 * files, and which hash to expect.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The `h1:` hash of the unpacked provider package in `dir`. */
export async function packageHashV1(dir: string): Promise<string> {
  const files = (await listFiles(dir)).map((abs) => ({ abs, rel: relative(dir, abs).split(sep).join('/') }));
  // Go sorts byte-wise; for the ASCII names here that is the same as a plain comparison.
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const summary = createHash('sha256');
  for (const f of files) {
    const digest = createHash('sha256').update(await readFile(f.abs)).digest('hex');
    summary.update(`${digest}  ${f.rel}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}
