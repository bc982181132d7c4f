/**
 * `tsx bench/startup-variants.ts [--rounds 15]`: the start-up ideas of issue 8 measured side by side.
 * Builds the provider bundle several ways (scripts/build.mjs `buildProvider`) into a temporary
 * directory and times spawn → handshake for each, interleaved, three ways: through an ESM launcher
 * that `import()`s the bundle (bin/terraform-provider-powerscale before issue 8), through a CommonJS
 * launcher that `require()`s it (bin/ now), and as `node bundle.cjs` (an installed mirror package). Prints a table and writes
 * bench-results/startup-variants-<time>.json. Run `npm run build` afterwards if you want dist/ back
 * to the default build (this script does not touch dist/).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../test/helpers/terraform';
import { makeClientCertificate, measureSpawn, pluginEnvironment, type SpawnVariant } from './spawn';
import { isFigure, ratio, type Result } from './summary';

interface BuildOptions {
  outfile: string;
  lazy?: boolean;
  minify?: boolean;
}

interface Variant {
  name: string;
  what: string;
  build: Omit<BuildOptions, 'outfile'>;
}

const VARIANTS: Variant[] = [
  { name: 'inline', what: 'every dependency inlined and parsed at start-up (the build before issue 8)', build: { lazy: false } },
  { name: 'inline+minify', what: 'the same, minified', build: { lazy: false, minify: true } },
  { name: 'lazy', what: 'undici and ky compiled on first use from a string (current build)', build: {} },
  { name: 'lazy+minify', what: 'the same, main bundle minified', build: { minify: true } },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { rounds: { type: 'string' } } });
  const rounds = Math.min(100, Math.max(1, Number(values.rounds ?? 15) || 15));
  process.chdir(REPO_ROOT);
  const { buildProvider, codeFileFor } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'build.mjs')).href)) as { buildProvider(o: BuildOptions): Promise<void>; codeFileFor(f: string): string };
  const dir = mkdtempSync(join(tmpdir(), 'bench-variants-'));
  try {
    // Extensionless launchers take their module type from the nearest package.json, as bin/ does.
    for (const [sub, type] of [
      ['esm', 'module'],
      ['cjs', 'commonjs'],
    ] as const) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, 'package.json'), `{"type":"${type}"}\n`);
    }
    const spawnVariants: SpawnVariant[] = [
      { label: 'node -e 0 (spawn → exit)', command: process.execPath, args: ['-e', '0'], until: 'exit' },
      { label: 'bare node (spawn → first line)', command: process.execPath, args: ['-e', 'process.stdout.write("1\\n"); setTimeout(() => {}, 60000)'], until: 'line' },
    ];
    const sizes: Record<string, number> = {};
    for (const v of VARIANTS) {
      const bundle = join(dir, `${v.name}.cjs`);
      process.stderr.write(`building ${v.name}\n`);
      await buildProvider({ ...v.build, outfile: bundle });
      // The code the loader compiles (the loader itself is a few KB).
      sizes[v.name] = statSync(codeFileFor(bundle)).size;
      const esmLauncher = join(dir, 'esm', `launch-${v.name}`);
      writeFileSync(esmLauncher, `#!${process.execPath}\nimport(${JSON.stringify(bundle)});\n`);
      const cjsLauncher = join(dir, 'cjs', `launch-${v.name}`);
      writeFileSync(cjsLauncher, `#!${process.execPath}\nrequire(${JSON.stringify(bundle)});\n`);
      chmodSync(esmLauncher, 0o755);
      chmodSync(cjsLauncher, 0o755);
      spawnVariants.push({ label: `${v.name}: import() launcher`, command: esmLauncher, args: [], until: 'line', handshake: true });
      spawnVariants.push({ label: `${v.name}: require() launcher`, command: cjsLauncher, args: [], until: 'line', handshake: true });
      spawnVariants.push({ label: `${v.name}: node bundle.cjs`, command: process.execPath, args: [bundle], until: 'line', handshake: true });
    }
    // What TLS costs: the current bundle without PLUGIN_CLIENT_CERT serves plaintext (Terraform never does this).
    spawnVariants.push({ label: 'lazy: node bundle.cjs, no TLS (reference only)', command: process.execPath, args: [join(dir, 'lazy.cjs')], until: 'line', unset: ['PLUGIN_CLIENT_CERT'] });

    const env = pluginEnvironment(makeClientCertificate());
    const variantsWithoutCa = env.NODE_EXTRA_CA_CERTS ? spawnVariants.map((s) => ({ ...s, unset: [...(s.unset ?? []), 'NODE_EXTRA_CA_CERTS'] })) : spawnVariants;
    process.stderr.write(`timing ${variantsWithoutCa.length} variants x ${rounds} rounds${env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS unset for all)' : ''}\n`);
    const rows = await measureSpawn(variantsWithoutCa, env, rounds);

    const node0 = rows[0]?.wall;
    const lines = [`Spawn -> handshake by build variant, ${rounds} interleaved rounds, wall ms (cpu = CPU ms of all threads)`, ''];
    const width = Math.max(...rows.map((r) => r.label.length));
    lines.push(`  ${'variant'.padEnd(width)}  median   min   max  cpu med  vs node -e 0`);
    for (const r of rows) {
      const w = r.wall;
      const cell = (x: Result) => (isFigure(x) ? x.median.toFixed(0) : '-');
      const rt = ratio(w, node0);
      lines.push(
        isFigure(w)
          ? `  ${r.label.padEnd(width)}  ${cell(w).padStart(6)}  ${w.min.toFixed(0).padStart(4)}  ${w.max.toFixed(0).padStart(4)}  ${cell(r.cpu).padStart(7)}  ${'unavailable' in rt ? '-' : `${rt.median.toFixed(2)}x`}`
          : `  ${r.label.padEnd(width)}  unavailable: ${w.unavailable}`,
      );
    }
    lines.push('', '  bundle sizes: ' + Object.entries(sizes).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`).join(', '));
    for (const v of VARIANTS) lines.push(`  ${v.name}: ${v.what}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    const outDir = join(REPO_ROOT, 'bench-results');
    mkdirSync(outDir, { recursive: true });
    const out = join(outDir, `startup-variants-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, `${JSON.stringify({ rounds, sizes, rows }, null, 2)}\n`);
    process.stdout.write(`\nJSON: ${out}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`startup-variants: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
