import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_HEAD } from '../src/provider/loader/code-file';
import { buildCli, buildProvider, wrapProviderCode } from './build.mjs';
import { buildConstructBundles, CORES, rewriteDeclaration } from './build-constructs.mjs';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
};

/** `msw/node` is the package `msw`; `@scope/name/sub` is `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

describe('what an installed package needs at run time', () => {
  it('lists every npm package the CLI bundle imports in dependencies', async () => {
    const imported = [...new Set((await buildCli({ outfile: 'dist/check/cli.mjs', write: false })).map(packageOf))];
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((name) => manifest.dependencies[name] === undefined)).toEqual([]);
  });

  it('has no dependency that no bundle imports', async () => {
    const imported = new Set((await buildCli({ outfile: 'dist/check/cli.mjs', write: false })).map(packageOf));
    expect(Object.keys(manifest.dependencies).filter((name) => !imported.has(name))).toEqual([]);
  });

  it.each(CORES.map((c) => [c.name, c.module] as const))('builds the %s constructs against %s and constructs only, both optional or shared peers', async (name, core) => {
    const imported = await buildConstructBundles(core, { outdir: `dist/check/${name}`, write: false });
    expect(imported).toEqual([core, 'constructs'].sort());
    expect(manifest.peerDependencies[core]).toBeDefined();
    expect(manifest.peerDependenciesMeta[core]?.optional).toBe(true);
    expect(manifest.peerDependencies.constructs).toBeDefined();
  });

  it('keeps test-only and unused packages out of dependencies', () => {
    expect(manifest.dependencies).not.toHaveProperty('@grpc/grpc-js');
    expect(manifest.devDependencies).toHaveProperty('@grpc/grpc-js');
    expect({ ...manifest.dependencies, ...manifest.devDependencies }).not.toHaveProperty('@msgpack/msgpack');
  });
});

describe('the declarations of each core', () => {
  const dir = mkdtempSync(join(tmpdir(), 'declarations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'bindings'));
  for (const f of ['index.d.ts', 'validate.d.ts', 'bindings/index.d.ts']) writeFileSync(join(dir, f), '');
  const index = join(dir, 'index.d.ts');
  const text = "import { TerraformResource } from 'cdktf';\nexport * from './bindings';\nexport { X } from './validate';\nexport type T = import('cdktf').Token;\nimport type { Construct } from 'constructs';\n";

  it('names the core and spells out every relative specifier for ES modules (.js) and CommonJS (.cjs)', () => {
    expect(rewriteDeclaration(text, index, 'cdktn', 'esm')).toBe("import { TerraformResource } from 'cdktn';\nexport * from './bindings/index.js';\nexport { X } from './validate.js';\nexport type T = import('cdktn').Token;\nimport type { Construct } from 'constructs';\n");
    expect(rewriteDeclaration(text, index, 'cdktf', 'cjs')).toBe("import { TerraformResource } from 'cdktf';\nexport * from './bindings/index.cjs';\nexport { X } from './validate.cjs';\nexport type T = import('cdktf').Token;\nimport type { Construct } from 'constructs';\n");
  });

  it('fails the build on a relative import it cannot find, naming the file and the import', () => {
    expect(() => rewriteDeclaration("export * from './gone';", index, 'cdktn', 'esm')).toThrow(`${index}: cannot resolve the declaration import "./gone"`);
  });
});

describe('provider bundle', () => {
  // One build for the checks below (each used to build its own).
  const dir = mkdtempSync(join(tmpdir(), 'provider-bundle-'));
  const loader = join(dir, 'provider.cjs');
  // The provider's code; provider.cjs is the loader that compiles it (src/provider/loader).
  const outfile = join(dir, 'provider.code.js');
  beforeAll(() => buildProvider({ outfile: loader }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a small loader and the code beside it, wrapped as a CommonJS module with an id that follows its bytes', () => {
    expect(statSync(loader).size).toBeLessThan(20_000);
    expect(readFileSync(loader, 'utf8')).not.toContain('createProviderServer');
    const code = readFileSync(outfile, 'utf8');
    const id = CODE_HEAD.exec(code)?.[1];
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const body = code.slice(code.indexOf('*/ ') + 3, code.lastIndexOf('\n})'));
    expect(wrapProviderCode(body)).toBe(code);
    expect(CODE_HEAD.exec(wrapProviderCode(`${body} `))?.[1]).not.toBe(id);
    // The loader compiles the code with vm.Script, outside Node's module loader: an import() in
    // it would fail at run time ("A dynamic import callback was not specified").
    expect(code.match(/(?<![\w$.])import\(/g)).toBeNull();
    // The first line of the bundle stays the first line: stack traces keep its line numbers.
    expect(code.split('\n')[0]).toMatch(/\*\/ "use strict";$/);
  });

  it('carries undici and ky packed, so a start reads and scans less than the two libraries alone as text (755 KB)', () => {
    const text = readFileSync(outfile, 'utf8');
    // The provider's own code grows with every resource; carried as text, the libraries alone
    // would put the file over this bound.
    expect(statSync(outfile).size).toBeLessThan(755_000);
    // The libraries are in there (packed), not dropped.
    expect(text).toMatch(/require\(['"]node:zlib['"]\)\.gunzipSync\(/);
    expect(text).not.toContain('RetryAgent=class extends Dispatcher');
  });

  it("packs only undici's Agent and its request API, not fetch, WebSocket, caches or mocks (half the package, compiled by every process that talks HTTP)", async () => {
    const packed = /gunzipSync\(Buffer\.from\("([A-Za-z0-9+/=]+)", "base64"\)\)/.exec(readFileSync(outfile, 'utf8'))?.[1];
    expect(packed).toBeDefined();
    const chunk = gunzipSync(Buffer.from(packed ?? '', 'base64')).toString('utf8');
    const mod = { exports: {} as Record<string, Record<string, unknown>> };
    new Function('exports', 'require', 'module', chunk)(mod.exports, createRequire(import.meta.url), mod);
    const undici = mod.exports.l0 ?? {};
    expect(Object.keys(undici).filter((name) => name !== 'default')).toEqual(['Agent']);
    const Agent = undici.Agent as new () => { request?: unknown; close(): Promise<void> };
    const agent = new Agent();
    expect(typeof agent.request).toBe('function');
    await agent.close();
    expect(Object.keys(mod.exports.l1 ?? {})).toContain('default');
    const modules = [...chunk.matchAll(/"node_modules\/undici\/lib\/([^"]+)"\(/g)].map((m) => m[1] ?? '');
    expect(modules).toContain('dispatcher/agent.js');
    const unused = /^(mock|cache|interceptor|web\/websocket|web\/eventsource|web\/cache|web\/cookies)\/|^web\/fetch\/index\.js$/;
    expect(modules.filter((m) => unused.test(m))).toEqual([]);
  });
});
