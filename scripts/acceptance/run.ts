/**
 * `npm run test:acceptance -- --config FILE`: the resource lifecycle suite (test/acceptance/)
 * against a real cluster described by FILE (see ./config.ts and docs/acceptance.md). Without a
 * config it prints one line and exits 0 having run nothing, which is never reported as a pass.
 * Needs `npm run build` first (terraform runs the provider from dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ACCEPTANCE_CONFIG_ENV, parseAcceptanceConfig } from './config';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function main(): number {
  let config: string | undefined;
  try {
    config = parseArgs({ options: { config: { type: 'string' } }, strict: true }).values.config;
  } catch (error) {
    process.stderr.write(`test:acceptance: ${error instanceof Error ? error.message : String(error)}; usage: npm run test:acceptance -- --config FILE\n`);
    return 2;
  }
  if (config === undefined || !existsSync(config)) {
    process.stdout.write(`test:acceptance: ${config === undefined ? 'no --config FILE given' : `no config file at ${config}`}: nothing run, nothing passed\n`);
    return 0;
  }
  const path = resolve(config);
  try {
    parseAcceptanceConfig(JSON.parse(readFileSync(path, 'utf8')) as unknown, dirname(path));
  } catch (error) {
    process.stderr.write(`test:acceptance: ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (!existsSync(join(ROOT, 'dist', 'provider.cjs'))) {
    process.stderr.write('test:acceptance: dist/provider.cjs is missing: run npm run build first\n');
    return 2;
  }
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'acceptance'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, [ACCEPTANCE_CONFIG_ENV]: path } });
  return run.status ?? 1;
}

process.exitCode = main();
