/**
 * dist/provider.cjs, what Terraform starts (through bin/terraform-provider-powerscale or the
 * installed launcher): compiles the provider's code, dist/provider.code.js, with V8's code cache
 * when this user has one for this code and this Node, runs it, and writes the cache once the
 * provider has printed its handshake if there was none (code-cache.ts says where and why).
 *
 * The code file is the provider bundle wrapped by scripts/build.mjs in the same function a
 * CommonJS module gets, with the build's id in a comment, so it compiles without the module
 * loader and its id costs no hashing here. Kept small: everything here runs on every start.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { codeCacheDirectory, currentNodeKey, readCodeCache, writeCodeCache, type CodeCacheStatus } from './code-cache';
import { CODE_CACHE_TRACE_ENV_VAR, CODE_HEAD, codeFileFor } from './code-file';

function fail(message: string): never {
  process.stderr.write(`terraform-provider-powerscale: ${message}\n`);
  process.exit(1);
}

function start(): void {
  const codeFile = codeFileFor(__filename);
  let source: string;
  try {
    source = readFileSync(codeFile, 'utf8');
  } catch (error) {
    fail(`cannot read ${codeFile} (run "npm run build", or install the provider again): ${(error as Error).message}`);
  }
  const id = CODE_HEAD.exec(source)?.[1];
  if (id === undefined) fail(`${codeFile} is not the provider's code (run "npm run build", or install the provider again)`);

  const env = process.env;
  const lookup = readCodeCache(codeCacheDirectory(env), id, currentNodeKey(env));
  const script = new Script(source, {
    filename: codeFile,
    ...(lookup.payload === undefined ? {} : { cachedData: lookup.payload }),
    // No importModuleDynamically: the code has no import() of its own (scripts/build.test.ts
    // checks). Node's USE_MAIN_CONTEXT_DEFAULT_LOADER is experimental, warns on stderr, and on
    // Node 20 did not survive a start from the cache ("A dynamic import callback was not specified").
  });
  const status: CodeCacheStatus = lookup.status === 'found' ? (script.cachedDataRejected === true ? 'rejected' : 'used') : lookup.status;
  const trace = env[CODE_CACHE_TRACE_ENV_VAR] === '1';
  if (trace) process.stderr.write(`terraform-provider-powerscale: code cache ${status}\n`);

  const mod = { exports: {} as { serving?: Promise<unknown> } };
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, require, mod, codeFile, dirname(codeFile));

  const path = lookup.path;
  if (status === 'used' || path === undefined || mod.exports.serving === undefined) return;
  // After the handshake: Terraform waits for nothing of ours while this runs, and the bytecode
  // then covers start-up as a whole (functions V8 compiled lazily on the way included). Before
  // the first HTTP client too, which sets V8 flags that would make the cache fit no other start.
  mod.exports.serving.then(
    () =>
      setImmediate(() => {
        const written = writeCodeCache(path, id, () => script.createCachedData());
        if (trace) process.stderr.write(`terraform-provider-powerscale: code cache ${written ? 'written' : 'not written'}\n`);
      }),
    () => undefined,
  );
}

start();
