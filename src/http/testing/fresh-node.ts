/**
 * For tests that check what the HTTP clients do to the process: a script run in a fresh process of
 * one of the supported Nodes (test/helpers/supported-nodes.ts) after (or without) making a client.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export { nodeTitle, SUPPORTED_NODES } from '../../../test/helpers/supported-nodes';

const http = join(dirname(fileURLToPath(import.meta.url)), '..');

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
