// Types of build.mjs for the TypeScript that imports it (tests, bench).

/** Libraries compiled on first use instead of at start-up. */
export declare const LAZY_LIBRARIES: readonly string[];

/** Builds the provider bundle (see build.mjs). */
export declare function buildProvider(options?: { outfile?: string; lazy?: boolean; lazyLibraries?: readonly string[]; minify?: boolean; extraPlugins?: readonly unknown[] }): Promise<void>;

/** Builds the CLI bundle; resolves with the npm packages it imports at run time. */
export declare function buildCli(options?: { outfile?: string; write?: boolean }): Promise<string[]>;
