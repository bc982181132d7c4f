/**
 * `cdktf-powerscale preview [DIR] [--stack a,b] [--out FILE] [--format github|gitlab|plain]
 * [--max-chars N] [--parallel N] [--name NAME]`: synthesises the CDK app in DIR (default: the
 * current directory), plans every stack and writes one Markdown document for a pull-request
 * comment. Exit code like `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { CdkAppError, DEFAULT_MAX_CHARS, PREVIEW_FORMATS, PreviewUsageError, runPreview, type PreviewFormat } from '../preview';

const USAGE = `usage: cdktf-powerscale preview [DIR] [options]
  DIR                 the CDK app directory, holding cdktf.json (default: the current directory)
  --stack a,b         only these stacks (default: every stack the app synthesises)
  --out FILE          write the document to FILE (default: standard output)
  --format F          github (default), gitlab, or plain (Markdown without HTML)
  --max-chars N       longest document; details are dropped to fit (default ${DEFAULT_MAX_CHARS}; 0: no limit)
  --parallel N        stacks planned at once (default 2)
  --name NAME         the app's name in the comment marker (default: DIR's name)
exit code: 0 no changes, 2 changes, 1 error (like terraform plan -detailed-exitcode)
`;

class UsageError extends Error {}

function wholeNumber(option: string, text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`--${option} must be a whole number from ${min} to ${max} (got "${text}")`);
  return Number(text);
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: 'string', multiple: true },
        out: { type: 'string' },
        format: { type: 'string' },
        'max-chars': { type: 'string' },
        parallel: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`preview: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let options;
  try {
    if (parsed.positionals.length > 1) throw new UsageError(`one app directory at most (got ${parsed.positionals.length})`);
    const format = v.format ?? 'github';
    if (!(PREVIEW_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${PREVIEW_FORMATS.join(', ')} (got "${format}")`);
    const stacks = v.stack?.flatMap((s) => s.split(',')).map((s) => s.trim());
    if (stacks !== undefined && stacks.some((s) => s === '')) throw new UsageError('--stack must name stacks, separated by commas (e.g. --stack tenants,cluster-settings)');
    options = {
      dir: parsed.positionals[0] ?? process.cwd(),
      format: format as PreviewFormat,
      maxChars: wholeNumber('max-chars', v['max-chars'], 0, 100_000_000, DEFAULT_MAX_CHARS),
      parallel: wholeNumber('parallel', v.parallel, 1, 64, Math.min(2, availableParallelism())),
      ...(stacks === undefined ? {} : { stacks }),
      ...(v.name === undefined ? {} : { name: v.name }),
    };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`preview: ${err.message}\n${USAGE}`);
    return 1;
  }

  let result;
  try {
    result = await runPreview({ ...options, env: process.env, log: (line) => process.stderr.write(`preview: ${line}\n`) });
  } catch (err) {
    if (err instanceof PreviewUsageError || err instanceof CdkAppError) {
      process.stderr.write(`preview: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (result.rendered !== undefined) {
    if (v.out === undefined) process.stdout.write(result.rendered.markdown);
    else {
      try {
        await writeFile(v.out, result.rendered.markdown);
      } catch (err) {
        process.stderr.write(`preview: cannot write ${v.out}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`);
        return 1;
      }
    }
  }
  return result.exitCode;
}
