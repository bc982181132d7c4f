/**
 * Validate-time check of a CA bundle file: readable, and PEM certificates that parse. The clients
 * check again when they are built; this one lets `terraform validate` refuse a wrong file (a key,
 * a DER file, the wrong path) before a plan talks to anything.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeFsError } from '../secrets/owner-only';

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** A larger file is not a CA bundle (the system bundle is about 200 KB). */
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

/** undefined when `path` is a readable bundle of PEM certificates, otherwise what is wrong. */
export function pemBundleProblem(path: string): string | undefined {
  if (path.trim() === '') return 'the path is empty';
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_BUNDLE_BYTES) return `${path} is ${bytes.length} bytes, too large for a CA bundle`;
    text = bytes.toString('utf8');
  } catch (error) {
    return describeFsError(path, error);
  }
  const blocks = text.match(BLOCK) ?? [];
  if (blocks.length === 0) return `${path} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)`;
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return `certificate ${i + 1} in ${path} cannot be parsed`;
    }
  }
  return undefined;
}
