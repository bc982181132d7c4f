import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CdkAppError, detectCdk, importedLibraries, readCdkApp, synthEnv, synthesize } from './cdk';

const root = mkdtempSync(join(tmpdir(), 'preview-cdk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fixture app directory: `files` maps relative paths to contents (objects become JSON). */
function fixture(files: Record<string, unknown>): string {
  const dir = join(root, `app${n++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('detectCdk', () => {
  it('tells cdktn from the import of the entry script, even when package.json lists both', async () => {
    const dir = fixture({ 'cdktf.json': { app: 'npx tsx src/main.ts' }, 'src/main.ts': "import { App, TerraformStack } from 'cdktn';\n", 'package.json': { dependencies: { cdktf: '0.21.0', cdktn: '0.24.0' } } });
    expect(await detectCdk(await readCdkApp(dir))).toEqual({ library: 'cdktn', reason: `${join(dir, 'src/main.ts')} imports cdktn` });
  });

  it('tells cdktf from a require in a JavaScript entry', async () => {
    const dir = fixture({ 'cdktf.json': { app: 'node "main.js"' }, 'main.js': 'const { App } = require("cdktf");\n' });
    expect((await detectCdk(await readCdkApp(dir))).library).toBe('cdktf');
  });

  it('falls back to the one CDK package.json depends on when the entry cannot tell', async () => {
    const dir = fixture({ 'cdktf.json': { app: 'python main.py' }, 'package.json': { devDependencies: { cdktn: '0.24.0', constructs: '10' } } });
    expect(await detectCdk(await readCdkApp(dir))).toEqual({ library: 'cdktn', reason: `${join(dir, 'package.json')} depends on cdktn` });
  });

  it('falls back to the one CDK that resolves from the app directory', async () => {
    const dir = fixture({ 'cdktf.json': { app: 'make synth' }, 'node_modules/cdktn/package.json': { name: 'cdktn', version: '0.24.0' } });
    expect((await detectCdk(await readCdkApp(dir))).library).toBe('cdktn');
  });

  it('assumes cdktf when nothing tells, and says so', async () => {
    const dir = fixture({ 'cdktf.json': { app: 'make synth' } });
    expect(await detectCdk(await readCdkApp(dir))).toEqual({ library: 'cdktf', reason: 'nothing tells cdktn from cdktf; assuming cdktf' });
  });

  it('reads imports of submodules and dynamic imports, but not look-alike packages', () => {
    expect([...importedLibraries("import { LocalBackend } from 'cdktn/lib/backends';")]).toEqual(['cdktn']);
    expect([...importedLibraries("const m = await import('cdktf');")]).toEqual(['cdktf']);
    expect([...importedLibraries("import x from 'cdktf-powerscale/constructs'; import 'cdktn-cli';")]).toEqual([]);
  });
});

describe('readCdkApp', () => {
  it('says what to do when the directory is not a CDK app', async () => {
    await expect(readCdkApp(join(root, 'nowhere'))).rejects.toThrow(/no cdktf\.json in .*nowhere: run preview in a CDK app directory/);
  });

  it('names the field that is wrong', async () => {
    await expect(readCdkApp(fixture({ 'cdktf.json': { language: 'typescript' } }))).rejects.toThrow(/"app" must be the command that runs the app/);
    await expect(readCdkApp(fixture({ 'cdktf.json': { app: 'x', output: 3 } }))).rejects.toThrow(/"output" must be a directory name/);
    await expect(readCdkApp(fixture({ 'cdktf.json': { app: 'x', context: [] } }))).rejects.toThrow(/"context" must be an object/);
  });
});

describe('synthesize', () => {
  // A stand-in app: writes the manifest cdktf writes, from the environment the CLIs give it.
  const fakeApp = `node -e '
    const fs = require("fs"), path = require("path");
    const out = process.env.CDKTF_OUTDIR, ctx = JSON.parse(process.env.CDKTF_CONTEXT_JSON || "{}");
    fs.mkdirSync(path.join(out, "stacks", "a"), { recursive: true });
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: {
      a: { name: "a", workingDirectory: "stacks/a", dependencies: [] },
      b: { name: "b", workingDirectory: "stacks/b", dependencies: ["a"] } } }));
    fs.writeFileSync(path.join(out, "seen.json"), JSON.stringify({ ctx, tfvar: process.env.TF_VAR_x ?? null }));
  '`;

  it('runs the app command with the output directory and context of cdktf.json, and lists the stacks of the manifest', async () => {
    const dir = fixture({ 'cdktf.json': { app: fakeApp, output: 'out', context: { stateFile: '/s' } } });
    const app = await readCdkApp(dir);
    const stacks = await synthesize(app, 'cdktf', { ...process.env, TF_VAR_x: 'plan-time-only' });
    expect(stacks).toEqual([
      { name: 'a', dir: join(dir, 'out', 'stacks', 'a'), dependencies: [] },
      { name: 'b', dir: join(dir, 'out', 'stacks', 'b'), dependencies: ['a'] },
    ]);
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'seen.json'), 'utf8'))).toEqual({ ctx: { stateFile: '/s' }, tfvar: null });
  });

  it('fails with the app output kept for the log when the app fails, never reading a stale manifest', async () => {
    const dir = fixture({ 'cdktf.json': { app: 'echo boom >&2; exit 3' }, 'cdktf.out/manifest.json': { stacks: { old: {} } } });
    const err = await synthesize(await readCdkApp(dir), 'cdktn', process.env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CdkAppError);
    expect((err as CdkAppError).message).toBe(`synthesis failed: "echo boom >&2; exit 3" exited with code 3 (run "cdktn synth" in ${dir} to see why)`);
    expect((err as CdkAppError).output).toBe('boom\n');
  });

  it('fails when the app exits 0 without writing a manifest', async () => {
    const dir = fixture({ 'cdktf.json': { app: 'true' }, 'cdktf.out/manifest.json': { stacks: { old: {} } } });
    await expect(synthesize(await readCdkApp(dir), 'cdktf', process.env)).rejects.toThrow(/does it call app\.synth\(\)\?/);
  });

  it('keeps the caller context when cdktf.json has none', () => {
    const env = synthEnv({ dir: '/a', command: 'x', outdir: '/a/out', context: undefined, projectId: undefined }, 'cdktf', { CDKTF_CONTEXT_JSON: '{"k":1}' });
    expect(env.CDKTF_CONTEXT_JSON).toBe('{"k":1}');
    expect(env.CDKTF_OUTDIR).toBe('/a/out');
  });
});
