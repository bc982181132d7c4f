/**
 * `preview` from start to end: read the app, tell its CDK, synthesise, plan every stack (or the
 * chosen ones) with bounded concurrency, and render one document. The exit code follows
 * `terraform plan -detailed-exitcode`: 0 when nothing changes, 2 when something does, 1 when the
 * app or any stack failed (the document still reports every stack that did plan).
 */
import { basename, relative } from 'node:path';
import { changeHeadline, effectiveChanges, planHasChanges } from '../plan-summary';
import { CDK_CLI, CdkAppError, detectCdk, readCdkApp, synthesize, type SynthesizedStack } from './cdk';
import { previewMarker, renderPreview, safeAppName, type PreviewFormat, type RenderedPreview, type StackPreview } from './document';
import { mapWithLimit, planStack } from './terraform';

/** Options of {@link runPreview}. */
export interface PreviewOptions {
  /** The CDK app directory (holding cdktf.json). */
  readonly dir: string;
  /** Only these stacks. @default - every stack the app synthesises */
  readonly stacks?: readonly string[];
  readonly format: PreviewFormat;
  /** 0 for no limit. */
  readonly maxChars: number;
  /** Stacks planned at once. */
  readonly parallel: number;
  /** The app's name in the marker. @default - the app directory's name */
  readonly name?: string;
  /** The environment for the app and terraform (the user's CLI configuration comes from here). */
  readonly env: NodeJS.ProcessEnv;
  /** @default "terraform" */
  readonly terraform?: string;
  /** Progress lines for the job log. */
  readonly log: (line: string) => void;
}

/** What `preview` produced. */
export interface PreviewResult {
  /** The document; undefined for a usage error (nothing worth a comment). */
  readonly rendered: RenderedPreview | undefined;
  readonly exitCode: 0 | 1 | 2;
}

/** A mistake in the command line that only shows once the app is synthesised (an unknown stack). */
export class PreviewUsageError extends Error {
  override readonly name = 'PreviewUsageError';
}

/** The document when the app itself failed: the app's output stays in the job log (it is the user's program's). */
function failureDocument(app: string, format: PreviewFormat, cli: string): RenderedPreview {
  const lines = format === 'plain' ? [] : [previewMarker(app)];
  lines.push(`## Preview of \`${safeAppName(app)}\`: synthesis failed`, '', `The app did not synthesise, so nothing was planned. Its output is in the job log; \`${cli} synth\` reproduces it.`, '');
  return { markdown: lines.join('\n'), shortened: [], overLimit: false };
}

/** Runs the whole preview. Throws {@link PreviewUsageError} for a `--stack` the app does not have. */
export async function runPreview(options: PreviewOptions): Promise<PreviewResult> {
  const app = await readCdkApp(options.dir);
  const name = options.name ?? basename(app.dir);
  const cdk = await detectCdk(app);
  options.log(`${cdk.library} app (${cdk.reason}); synthesising with "${app.command}"`);
  let stacks: SynthesizedStack[];
  try {
    stacks = await synthesize(app, cdk.library, options.env);
  } catch (err) {
    if (!(err instanceof CdkAppError)) throw err;
    if (err.output) options.log(`app output:\n${err.output.trimEnd()}`);
    options.log(err.message);
    return { rendered: failureDocument(name, options.format, CDK_CLI[cdk.library]), exitCode: 1 };
  }
  if (options.stacks !== undefined) {
    const unknown = options.stacks.filter((s) => !stacks.some((st) => st.name === s));
    if (unknown.length > 0) throw new PreviewUsageError(`--stack names ${unknown.length === 1 ? 'a stack' : 'stacks'} the app does not have: ${unknown.join(', ')} (it has: ${stacks.map((s) => s.name).join(', ') || 'none'})`);
    stacks = stacks.filter((s) => options.stacks?.includes(s.name));
  }
  options.log(`${stacks.length} stack${stacks.length === 1 ? '' : 's'}: ${stacks.map((s) => s.name).join(', ')}`);

  const previews = await mapWithLimit(stacks, options.parallel, async (stack): Promise<StackPreview> => {
    const outcome = await planStack(stack.dir, { env: options.env, ...(options.terraform === undefined ? {} : { terraform: options.terraform }), onStep: (step) => options.log(`${stack.name}: terraform ${step}`) });
    if (outcome.kind === 'failed') options.log(`${stack.name}: failed at terraform ${outcome.step}\n${outcome.errors}`);
    else options.log(`${stack.name}: ${planHasChanges(outcome.plan) ? changeHeadline(effectiveChanges(outcome.plan)) : 'no changes'}${outcome.plan.driftCount > 0 ? `; ${outcome.plan.driftCount} changed outside Terraform` : ''}`);
    return { name: stack.name, workingDirectory: relative(app.dir, stack.dir) || '.', outcome };
  });

  const rendered = renderPreview({ app: name, cdk: cdk.library, stacks: previews }, { format: options.format, maxChars: options.maxChars });
  if (rendered.shortened.length > 0) options.log(`details left out to fit ${options.maxChars} characters: ${rendered.shortened.join(', ')}`);
  if (rendered.overLimit) options.log(`warning: the headlines, warnings and failures alone exceed ${options.maxChars} characters`);
  const failed = previews.some((p) => p.outcome.kind === 'failed' || p.outcome.plan.errored);
  const changed = previews.some((p) => p.outcome.kind === 'planned' && planHasChanges(p.outcome.plan));
  return { rendered, exitCode: failed ? 1 : changed ? 2 : 0 };
}
