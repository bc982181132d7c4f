import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCli } from './build.mjs';
import { buildConstructBundles, CORES } from './build-constructs.mjs';

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
