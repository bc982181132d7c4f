/**
 * Child processes for the demo: run to completion capturing output (shown only on failure or with
 * `--verbose`), and a check that `terraform` is on PATH.
 */
import { spawn } from 'node:child_process';

/** How a child process ended. */
export interface ProcessResult {
  readonly code: number;
  /** stdout and stderr interleaved, as the user would have seen them. */
  readonly output: string;
}

/** Options of {@link runProcess}. */
export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called with each chunk of output (for `--verbose`). */
  readonly onOutput?: (text: string) => void;
}

/** Runs `command args` and resolves with its exit code and output; never rejects for a non-zero exit. */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    const collect = (data: Buffer) => {
      const text = data.toString('utf8');
      chunks.push(text);
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : 1), output: chunks.join('') }));
  });
}

/** The `terraform` version on PATH, or `undefined` when there is none. */
export async function terraformVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const result = await runProcess('terraform', ['version', '-json'], { cwd: process.cwd(), env });
    if (result.code !== 0) return undefined;
    const parsed = JSON.parse(result.output.slice(result.output.indexOf('{'))) as { terraform_version?: unknown };
    return typeof parsed.terraform_version === 'string' ? parsed.terraform_version : 'unknown';
  } catch {
    return undefined;
  }
}
