/**
 * `tsx bench/snapshot-variant.ts [--rounds 20]`: the V8 start-up snapshot lever of issue 20, rebuilt
 * and timed (spawn → handshake, interleaved, CPU of all threads). Wraps dist/provider.code.js so that
 * `main()` runs from `v8.startupSnapshot.setDeserializeMainFunction`, with `http`, `http2` and
 * `https` required on first use (Node 20 cannot hold them in a user-land snapshot), builds a blob
 * with `node --snapshot-blob B --build-snapshot`, and times it next to bare node, a blob that holds
 * nothing, and the plain bundle. It was measured and dropped (docs/bench.md, "Round 3"); this keeps
 * the measurement repeatable on a newer Node. A probe, not product code: nothing here ships.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../test/helpers/terraform';
import { makeClientCertificate, measureSpawn, pluginEnvironment, type SpawnVariant } from './spawn';

/** The bundle with a snapshot entry and lazily required modules that a snapshot cannot hold. */
function snapshotEntry(bundle: string): string {
  const call = /^void main\(process\.argv\.slice\(2\), process\.env\);$/m;
  if (!call.test(bundle)) throw new Error('dist/provider.code.js does not end with the expected main() call; rebuild it');
  const main = bundle.replace(
    call,
    () => 'require("node:v8").startupSnapshot.setDeserializeMainFunction(() => void main(process.argv.slice(1), process.env));',
  );
  const lazy = `const LAZY = new Set(["http", "http2", "https"]);
const require = (id) => {
  if (!LAZY.has(id.replace(/^node:/, ""))) return realRequire(id);
  let m;
  const get = () => (m ??= realRequire(id));
  return new Proxy({}, { get: (_, k) => get()[k], has: (_, k) => k in get(), ownKeys: () => Reflect.ownKeys(get()), getOwnPropertyDescriptor: (_, k) => { const d = Object.getOwnPropertyDescriptor(get(), k); if (d) d.configurable = true; return d; } });
};`;
  // The bundle exports what the loader reads (\`serving\`); a snapshot entry has no module of its own.
  return `(function (realRequire) {\nconst module = { exports: {} };\n${lazy}\n${main}\n})(require);\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { rounds: { type: 'string' } } });
  const rounds = Math.min(100, Math.max(1, Number(values.rounds ?? 20) || 20));
  const dir = mkdtempSync(join(tmpdir(), 'bench-snapshot-'));
  try {
    const node = process.execPath;
    const bundle = join(REPO_ROOT, 'dist', 'provider.cjs');
    // The bundle itself, without the loader's wrapper (src/provider/loader, scripts/build.mjs).
    const code = readFileSync(join(REPO_ROOT, 'dist', 'provider.code.js'), 'utf8');
    writeFileSync(join(dir, 'entry.cjs'), snapshotEntry(code.slice(code.indexOf('*/ ') + 3, code.lastIndexOf('\n})'))));
    writeFileSync(join(dir, 'line.cjs'), 'require("node:v8").startupSnapshot.setDeserializeMainFunction(() => { process.stdout.write("1\\n"); setTimeout(() => {}, 60000); });\n');
    for (const name of ['entry', 'line']) execFileSync(node, ['--snapshot-blob', join(dir, `${name}.blob`), '--build-snapshot', join(dir, `${name}.cjs`)], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
    const unset = ['NODE_EXTRA_CA_CERTS'];
    const variants: SpawnVariant[] = [
      { label: 'bare node (first line)', command: node, args: ['-e', 'process.stdout.write("1\\n"); setTimeout(() => {}, 60000)'], until: 'line', unset },
      { label: 'bare node from an empty snapshot blob', command: node, args: ['--snapshot-blob', join(dir, 'line.blob')], until: 'line', unset },
      { label: 'provider: node dist/provider.cjs', command: node, args: [bundle], until: 'line', handshake: true, unset },
      { label: 'provider from its snapshot blob', command: node, args: ['--snapshot-blob', join(dir, 'entry.blob')], until: 'line', handshake: true, unset },
    ];
    const rows = await measureSpawn(variants, pluginEnvironment(makeClientCertificate()), rounds);
    const cell = (r: (typeof rows)[number]['cpu']) => ('median' in r ? `${r.median.toFixed(0)} (min ${r.min.toFixed(0)})` : r.unavailable);
    process.stdout.write(`spawn → first line, ${rounds} interleaved rounds, without NODE_EXTRA_CA_CERTS: CPU ms median (min); wall ms median (min)\n`);
    for (const r of rows) process.stdout.write(`  ${r.label.padEnd(40)} cpu ${cell(r.cpu).padEnd(16)} wall ${cell(r.wall)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`snapshot-variant: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
