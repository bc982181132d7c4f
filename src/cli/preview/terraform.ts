/**
 * `terraform init`, `plan -out` and `show -json` in one stack's working directory, with the
 * caller's Terraform CLI configuration (so a filesystem mirror makes it work offline). The saved
 * plan goes to a private temporary directory and is removed afterwards: a plan file can hold
 * sensitive values in clear, unlike its JSON rendering, which marks them.
 *
 * A failure is an outcome, not an exception: the stack is reported as failed with Terraform's error
 * summaries and details. Configuration snippets, which Terraform prints under an error and which
 * could quote a value, are left out.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePlan, PlanFormatError } from '../plan-summary';
import type { StackOutcome } from './document';

/** Options of {@link planStack}. */
export interface PlanStackOptions {
  /** The environment terraform runs with (TF_CLI_CONFIG_FILE and friends come from here). */
  readonly env: NodeJS.ProcessEnv;
  /** The terraform executable. @default "terraform" (from PATH) */
  readonly terraform?: string;
  /** Called with a short line as each step starts (for the job log). */
  readonly onStep?: (step: string) => void;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.once('error', (e: NodeJS.ErrnoException) => resolveRun({ code: 127, stdout: '', stderr: `Error: cannot run ${command}: ${e.code ?? e.message}` }));
    child.once('close', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Error diagnostics from `terraform ... -json` output: `Error: summary` and the detail, per error. */
export function diagnosticsFromJsonLines(text: string): string {
  const errors: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    const d = (message as { type?: unknown; diagnostic?: { severity?: unknown; summary?: unknown; detail?: unknown; address?: unknown } }).diagnostic;
    if ((message as { type?: unknown }).type !== 'diagnostic' || d?.severity !== 'error') continue;
    const where = typeof d.address === 'string' ? ` (${d.address})` : '';
    errors.push([`Error: ${String(d.summary)}${where}`, typeof d.detail === 'string' && d.detail !== '' ? d.detail : undefined].filter((s) => s !== undefined).join('\n\n'));
  }
  return errors.join('\n\n');
}

// Lines of a configuration snippet under a diagnostic: "on cdk.tf.json line 12, in ...:", the
// numbered source lines, the underline and the "(source code not available)" stand-in.
const SNIPPET = [/^\s*on .+ line \d+/, /^\s*\d+:/, /^\s*[\^~]+\s*$/, /^\s*\(source code not available\)/, /^\s*├─/];

/** Error diagnostics from terraform's human output (`-no-color`), without configuration snippets. */
export function diagnosticsFromText(text: string): string {
  const lines = text.split('\n').map((l) => l.replace(/^[│╷╵]\s?/, '').trimEnd());
  const kept: string[] = [];
  let inError = false;
  for (const line of lines) {
    if (/^Error: /.test(line)) inError = true;
    else if (/^Warning: /.test(line)) inError = false;
    if (!inError || SNIPPET.some((p) => p.test(line))) continue;
    if (line === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** Runs init, plan and show in `dir`; never throws for a Terraform failure. */
export async function planStack(dir: string, options: PlanStackOptions): Promise<StackOutcome> {
  const terraform = options.terraform ?? 'terraform';
  const env: NodeJS.ProcessEnv = { ...options.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  options.onStep?.('init');
  const init = await run(terraform, ['init', '-input=false', '-no-color'], dir, env);
  if (init.code !== 0) return { kind: 'failed', step: 'init', errors: diagnosticsFromText(`${init.stderr}\n${init.stdout}`) };

  const tmp = await mkdtemp(join(tmpdir(), 'cdktf-powerscale-preview-'));
  try {
    const planFile = join(tmp, 'plan.tfplan');
    options.onStep?.('plan');
    const plan = await run(terraform, ['plan', '-input=false', '-no-color', '-json', `-out=${planFile}`], dir, env);
    if (plan.code !== 0) return { kind: 'failed', step: 'plan', errors: diagnosticsFromJsonLines(plan.stdout) || diagnosticsFromText(plan.stderr) };
    options.onStep?.('show');
    const show = await run(terraform, ['show', '-json', '-no-color', planFile], dir, env);
    if (show.code !== 0) return { kind: 'failed', step: 'show', errors: diagnosticsFromText(show.stderr) };
    let raw: unknown;
    try {
      raw = JSON.parse(show.stdout);
    } catch {
      // Not the parser's message: it quotes the text, and `show -json` holds sensitive values in clear.
      return { kind: 'failed', step: 'show', errors: 'Error: terraform show -json printed something that is not JSON' };
    }
    try {
      return { kind: 'planned', plan: decodePlan(raw) };
    } catch (err) {
      if (err instanceof PlanFormatError) return { kind: 'failed', step: 'show', errors: `Error: terraform show -json printed no readable plan: ${err.message}` };
      throw err;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Maps `items` through `fn` with at most `limit` calls running at once; results keep the input order. */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
