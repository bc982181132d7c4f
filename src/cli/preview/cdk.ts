/**
 * The one place that knows CDK apps: reading `cdktf.json`, telling CDK Terrain (`cdktn`) from CDKTF
 * (`cdktf`), and synthesising. Both read the same `cdktf.json` and their `App` reads the same
 * environment (`CDKTF_OUTDIR`, `CDKTF_CONTEXT_JSON`), so synthesis runs the app command from
 * `cdktf.json` directly, as both CLIs do, and needs neither CLI (nor the Node version `cdktn-cli`
 * wants). What still differs is named here and nowhere else.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The CDK libraries an app can be written with. */
export type CdkLibrary = 'cdktf' | 'cdktn';

/** What differs between the two CDKs, for messages and hints. */
export const CDK_CLI: Readonly<Record<CdkLibrary, string>> = { cdktf: 'cdktf', cdktn: 'cdktn' };

/** A CDK app directory, as its `cdktf.json` describes it. */
export interface CdkApp {
  /** Absolute path of the app directory. */
  readonly dir: string;
  /** The shell command that runs the app (`app` in cdktf.json). */
  readonly command: string;
  /** Absolute path of the synthesis output (`output`, default `cdktf.out`). */
  readonly outdir: string;
  /** `context` of cdktf.json, handed to the app as `CDKTF_CONTEXT_JSON`. */
  readonly context: Readonly<Record<string, unknown>> | undefined;
  /** `projectId`, when set. */
  readonly projectId: string | undefined;
}

/** Which CDK the app uses, and how that was found out (for the log). */
export interface CdkDetection {
  readonly library: CdkLibrary;
  readonly reason: string;
}

/** A synthesised stack, from `manifest.json`. */
export interface SynthesizedStack {
  readonly name: string;
  /** Absolute path of the stack's Terraform working directory. */
  readonly dir: string;
  /** Construct paths of the stacks this one depends on. */
  readonly dependencies: readonly string[];
}

/** A CDK app that cannot be read or synthesised; the message says what to do. */
export class CdkAppError extends Error {
  override readonly name = 'CdkAppError';
  /** The app's output, for the job log only (never for the document). */
  readonly output: string;
  constructor(message: string, output = '') {
    super(message);
    this.output = output;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and checks `<dir>/cdktf.json`. */
export async function readCdkApp(dir: string): Promise<CdkApp> {
  const absolute = resolve(dir);
  const file = join(absolute, 'cdktf.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CdkAppError(code === 'ENOENT' ? `no cdktf.json in ${absolute}: run preview in a CDK app directory (cdktf or cdktn), or name one as the first argument` : `cannot read ${file}: ${code ?? 'error'}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CdkAppError(`${file} is not JSON`);
  }
  if (!isRecord(raw)) throw new CdkAppError(`${file} must hold a JSON object`);
  if (typeof raw.app !== 'string' || raw.app.trim() === '') throw new CdkAppError(`${file}: "app" must be the command that runs the app, e.g. "npx tsx main.ts"`);
  if (raw.output !== undefined && (typeof raw.output !== 'string' || raw.output === '')) throw new CdkAppError(`${file}: "output" must be a directory name (default "cdktf.out")`);
  if (raw.context !== undefined && !isRecord(raw.context)) throw new CdkAppError(`${file}: "context" must be an object`);
  const output = typeof raw.output === 'string' ? raw.output : 'cdktf.out';
  return {
    dir: absolute,
    command: raw.app,
    outdir: isAbsolute(output) ? output : join(absolute, output),
    context: raw.context as Record<string, unknown> | undefined,
    projectId: typeof raw.projectId === 'string' ? raw.projectId : undefined,
  };
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](cdktn|cdktf)(?:\/[^"']*)?["']/g;

/** The libraries a source text imports (`import ... from 'cdktn'`, `require("cdktf")`...). */
export function importedLibraries(source: string): Set<CdkLibrary> {
  return new Set([...source.matchAll(IMPORT)].map((m) => m[1] as CdkLibrary));
}

/** The script files named in the app command, e.g. `main.ts` in `npx tsx main.ts`. */
function entryFiles(app: CdkApp): string[] {
  return app.command
    .split(/\s+/)
    .map((t) => t.replace(/^["']|["']$/g, ''))
    .filter((t) => SCRIPT.test(t))
    .map((t) => (isAbsolute(t) ? t : join(app.dir, t)));
}

async function nearestPackageJson(dir: string): Promise<{ file: string; deps: Set<string> } | undefined> {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
        const deps = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) => (isRecord(pkg[k]) ? Object.keys(pkg[k]) : []));
        return { file, deps: new Set(deps) };
      } catch {
        return undefined;
      }
    }
    if (dirname(d) === d) return undefined;
  }
}

function resolvable(dir: string, lib: CdkLibrary): boolean {
  try {
    createRequire(join(dir, 'package.json')).resolve(`${lib}/package.json`);
    return true;
  } catch {
    return false;
  }
}

function only(libs: ReadonlySet<CdkLibrary>): CdkLibrary | undefined {
  return libs.size === 1 ? [...libs][0] : undefined;
}

/**
 * Tells which CDK the app is written with, from the most specific evidence to the least: what its
 * entry script imports, then which of the two the nearest package.json depends on, then which one
 * resolves from the app directory. CDKTF when nothing tells (the older and the default of
 * `cdktf.json`).
 */
export async function detectCdk(app: CdkApp): Promise<CdkDetection> {
  for (const file of entryFiles(app)) {
    const source = await readFile(file, 'utf8').catch(() => undefined);
    const lib = source === undefined ? undefined : only(importedLibraries(source));
    if (lib !== undefined) return { library: lib, reason: `${file} imports ${lib}` };
  }
  const pkg = await nearestPackageJson(app.dir);
  if (pkg !== undefined) {
    const lib = only(new Set((['cdktf', 'cdktn'] as const).filter((l) => pkg.deps.has(l))));
    if (lib !== undefined) return { library: lib, reason: `${pkg.file} depends on ${lib}` };
  }
  const lib = only(new Set((['cdktf', 'cdktn'] as const).filter((l) => resolvable(app.dir, l))));
  if (lib !== undefined) return { library: lib, reason: `only ${lib} resolves from ${app.dir}` };
  return { library: 'cdktf', reason: 'nothing tells cdktn from cdktf; assuming cdktf' };
}

/**
 * The environment the app runs with, as both CLIs set it: the output directory, the context of
 * cdktf.json (or, without one, the caller's `CDKTF_CONTEXT_JSON`), JSON output, and no Terraform
 * variables (those are for plan time only).
 */
export function synthEnv(app: CdkApp, _library: CdkLibrary, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('TF_VAR_')) env[k] = v;
  env.CDKTF_OUTDIR = app.outdir;
  if (app.context !== undefined) env.CDKTF_CONTEXT_JSON = JSON.stringify(app.context);
  env.SYNTH_HCL_OUTPUT = 'false';
  return env;
}

/** Reads `manifest.json` in the output directory: the stacks the app synthesised, in its order. */
export async function readManifest(outdir: string): Promise<SynthesizedStack[]> {
  const file = join(outdir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new CdkAppError(`the app wrote no readable ${file}: does it call app.synth()?`);
  }
  const stacks = isRecord(raw) && isRecord(raw.stacks) ? raw.stacks : undefined;
  if (stacks === undefined) throw new CdkAppError(`${file} has no "stacks" object`);
  return Object.entries(stacks).map(([name, s]) => {
    const entry = isRecord(s) ? s : {};
    const workingDirectory = typeof entry.workingDirectory === 'string' ? entry.workingDirectory : join('stacks', name);
    const dependencies = Array.isArray(entry.dependencies) ? entry.dependencies.filter((d): d is string => typeof d === 'string') : [];
    return { name, dir: join(outdir, workingDirectory), dependencies };
  });
}

/**
 * Runs the app command in the app directory (through the shell, as the CLIs do) and returns the
 * stacks it synthesised. A stale manifest is removed first, so an app that fails to synthesise is
 * never mistaken for one that did. Throws {@link CdkAppError} with the app's output on failure.
 */
export async function synthesize(app: CdkApp, library: CdkLibrary, base: NodeJS.ProcessEnv): Promise<SynthesizedStack[]> {
  await rm(join(app.outdir, 'manifest.json'), { force: true });
  const result = await new Promise<{ code: number; output: string }>((resolveRun, reject) => {
    const child = spawn(app.command, { cwd: app.dir, env: synthEnv(app, library, base), shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => chunks.push(d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), output: chunks.join('') }));
  });
  if (result.code !== 0) throw new CdkAppError(`synthesis failed: "${app.command}" exited with code ${result.code} (run "${CDK_CLI[library]} synth" in ${app.dir} to see why)`, result.output);
  return readManifest(app.outdir);
}
