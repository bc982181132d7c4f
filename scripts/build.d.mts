// Types of build.mjs for the TypeScript that imports it (tests, bench).

/** Libraries compiled on first use instead of at start-up. */
export declare const LAZY_LIBRARIES: readonly string[];

/** The code file beside a loader file: `provider.cjs` → `provider.code.js`. */
export declare function codeFileFor(loaderFile: string): string;

/** The provider's code as the loader compiles it: the bundle wrapped, with its id (see build.mjs). */
export declare function wrapProviderCode(bundle: string): string;

/** Builds the provider: the loader at `outfile` and the code beside it (see build.mjs). */
export declare function buildProvider(options?: { outfile?: string; lazy?: boolean; lazyLibraries?: readonly string[]; minify?: boolean; extraPlugins?: readonly unknown[] }): Promise<void>;

/** Builds the CLI bundle; resolves with the npm packages it imports at run time. */
export declare function buildCli(options?: { outfile?: string; write?: boolean }): Promise<string[]>;
