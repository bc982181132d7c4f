/**
 * How the loader (main.ts) finds the provider's code and its id; scripts/build.mjs writes both
 * (`codeFileFor`, `wrapProviderCode`), and test/integration/provider-code-cache.test.ts checks
 * that the two agree on the real build.
 */

/** The head scripts/build.mjs gives the code file; group 1 is the code's id. */
export const CODE_HEAD = /^\(function \(exports, require, module, __filename, __dirname\) \{ \/\* cdktf-powerscale provider code ([0-9a-f]{16,64}) \*\//;

/** Set to 1 to have the loader say on stderr what became of the cache (tests, diagnosis). */
export const CODE_CACHE_TRACE_ENV_VAR = 'POWERSCALE_PROVIDER_CODE_CACHE_TRACE';

/** The code file beside a loader file: `provider.cjs` → `provider.code.js`. */
export function codeFileFor(loaderFile: string): string {
  return loaderFile.replace(/\.cjs$/, '') + '.code.js';
}
