/**
 * `cdktf-powerscale plan-summary PLAN.json [--title TEXT]`: renders a saved plan (the output of
 * `terraform show -json PLANFILE`; `-` reads standard input) as Markdown on standard output, for a
 * pull-request comment. Exit code 0 on success, 1 on a usage or format error.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodePlan, PlanFormatError, renderPlanSummary } from '../plan-summary';

const USAGE = 'usage: cdktf-powerscale plan-summary PLAN.json [--title TEXT]\n  PLAN.json: the output of "terraform show -json PLANFILE" ("-" for standard input)\n';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { title: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`plan-summary: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    process.stderr.write(USAGE);
    return 1;
  }
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(`plan-summary: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return 1;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    process.stderr.write(`plan-summary: ${file} is not JSON; a binary plan must first be converted: terraform show -json PLANFILE > plan.json\n`);
    return 1;
  }
  try {
    process.stdout.write(renderPlanSummary(decodePlan(raw), parsed.values.title === undefined ? {} : { title: parsed.values.title }));
  } catch (err) {
    if (err instanceof PlanFormatError) {
      process.stderr.write(`plan-summary: ${file}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  return 0;
}
