// Types of build-constructs.mjs for the TypeScript that imports it (tests).

/** One CDK core the constructs are built for. */
export interface CdkCore {
  readonly name: 'cdktf' | 'cdktn';
  /** The package subpath users import (`./constructs`, `./cdktn`). */
  readonly subpath: string;
  readonly outdir: string;
  /** The module `import ... from 'cdktf'` becomes in this core's bundles. */
  readonly module: 'cdktf' | 'cdktn';
}

export declare const CORES: readonly CdkCore[];

/** Bundles the constructs for `core`; resolves with the bare modules the bundles import. */
export declare function buildConstructBundles(core: string, options: { outdir: string; write?: boolean }): Promise<string[]>;

/** Rewrites one declaration file's text for `core` and module format. */
export declare function rewriteDeclaration(text: string, file: string, core: string, format: 'esm' | 'cjs'): string;
