/**
 * The preview document: every stack of a CDK app in one Markdown text for a pull-request comment.
 * It starts with a hidden marker that stays the same for the app (CI finds the previous comment by
 * it and edits it in place), then a warning block naming every change that breaks working
 * credentials or deletes something, the stacks without changes in one line, and a section per
 * stack built from the `plan-summary` renderer.
 *
 * A document must fit a comment (`maxChars`; GitHub refuses more than 65,536 characters). When it
 * does not, details are dropped stack by stack, the largest stack first: first the tables (the
 * resource table and the outputs), then the per-attribute changes and the drift rows. Each stack
 * that lost something says so and how to see it. Headlines, counts, warnings and failures are never
 * dropped.
 */
import { attributeDetails, changeHeadline, code, driftTable, effectiveChanges, outputTable, planHasChanges, resourceTable, riskyChanges, type PlanDocument, type RiskyChange } from '../plan-summary';

/** Where the document goes: GitHub or GitLab Markdown (HTML allowed), or plain Markdown without HTML. */
export type PreviewFormat = 'github' | 'gitlab' | 'plain';

/** The accepted `--format` values. */
export const PREVIEW_FORMATS: readonly PreviewFormat[] = ['github', 'gitlab', 'plain'];

/** GitHub refuses a comment over 65,536 characters; this leaves room for a CI's own header. */
export const DEFAULT_MAX_CHARS = 65_000;

/** How one stack's preview ended. `errors` is diagnostic text only (summaries and details, never config snippets). */
export type StackOutcome = { readonly kind: 'planned'; readonly plan: PlanDocument } | { readonly kind: 'failed'; readonly step: string; readonly errors: string };

/** One stack of the app and what its plan said. */
export interface StackPreview {
  /** The stack name (`cdktf.out/stacks/<name>`). */
  readonly name: string;
  /** The stack's working directory as the reader can find it, e.g. `cdktf.out/stacks/tenants`. */
  readonly workingDirectory: string;
  readonly outcome: StackOutcome;
}

/** Everything the document says. */
export interface PreviewInput {
  /** The app's name in the marker and the title. */
  readonly app: string;
  /** The CDK that synthesised the app (`cdktf` or `cdktn`). */
  readonly cdk: string;
  readonly stacks: readonly StackPreview[];
}

/** Options of {@link renderPreview}. */
export interface RenderPreviewOptions {
  /** @default "github" */
  readonly format?: PreviewFormat;
  /** Longest document in characters; 0 for no limit. @default DEFAULT_MAX_CHARS */
  readonly maxChars?: number;
}

/** The rendered document and what had to be left out. */
export interface RenderedPreview {
  readonly markdown: string;
  /** Stacks whose details were cut to fit `maxChars`. */
  readonly shortened: readonly string[];
  /** True when even headlines, warnings and failures alone exceed `maxChars`. */
  readonly overLimit: boolean;
}

/** How many addresses a warning names per stack and kind before it says "and N more". */
const WARNING_ADDRESSES = 10;
/** Longest error text shown for a failed stack. */
const ERROR_CHARS = 2_000;

/** 0 everything; 1 without tables (resources, outputs); 2 also without attribute changes and drift rows. */
type DetailLevel = 0 | 1 | 2;

/**
 * The hidden marker that opens the document: `<!-- cdktf-powerscale preview: <app> -->`. The app
 * name is reduced to characters that cannot end an HTML comment, so the marker is stable and safe.
 */
export function previewMarker(app: string): string {
  return `<!-- cdktf-powerscale preview: ${safeAppName(app)} -->`;
}

/** The app name as it appears in the marker: letters, digits and `._/@+-`, no `--`. */
export function safeAppName(app: string): string {
  const cleaned = app
    .replace(/[^A-Za-z0-9._/@+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'app' : cleaned;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A fenced code block that no backtick run in `text` can close early. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence, text, fence];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function isCollapsed(stack: StackPreview): boolean {
  return stack.outcome.kind === 'planned' && !planHasChanges(stack.outcome.plan) && stack.outcome.plan.driftCount === 0 && !stack.outcome.plan.errored;
}

function warningLines(stacks: readonly StackPreview[]): string[] {
  const items: string[] = [];
  for (const stack of stacks) {
    if (stack.outcome.kind !== 'planned') continue;
    const risky = riskyChanges(effectiveChanges(stack.outcome.plan));
    for (const kind of ['credentials', 'deletes'] as const) {
      const of = risky.filter((r) => r.kind === kind);
      if (of.length === 0) continue;
      const named = of.slice(0, WARNING_ADDRESSES).map((r: RiskyChange) => `${code(r.address)} (${r.what})`);
      const more = of.length > WARNING_ADDRESSES ? `, and ${of.length - WARNING_ADDRESSES} more` : '';
      const what = kind === 'credentials' ? `${plural(of.length, 'change')} break${of.length === 1 ? 's' : ''} or replace${of.length === 1 ? 's' : ''} tenants' working S3 credentials` : `${plural(of.length, 'resource')} deleted or replaced (data or settings on the cluster can be lost)`;
      items.push(`- ${code(stack.name)}: ${what}: ${named.join(', ')}${more}.`);
    }
  }
  return items;
}

function warningBlock(items: readonly string[], format: PreviewFormat): string[] {
  if (items.length === 0) return [];
  const title = format === 'github' ? '[!WARNING]' : '**Warning**';
  return ['', `> ${title}`, ...items.map((i) => `> ${i}`)];
}

function leftOutLine(stack: StackPreview, level: DetailLevel, maxChars: number): string[] {
  if (level === 0) return [];
  const what = level === 1 ? 'the resource table and the outputs' : 'the resource table, the outputs, the attribute changes and the drift details';
  return ['', `_Left out to stay within ${maxChars} characters: ${what} of this stack. To see them: ${code(`cdktf-powerscale preview --stack ${stack.name} --max-chars 0`)}, or \`terraform plan\` in ${code(stack.workingDirectory)}._`];
}

function stackSection(stack: StackPreview, level: DetailLevel, format: PreviewFormat, maxChars: number): string[] {
  const heading = `### ${code(stack.name)}`;
  if (stack.outcome.kind === 'failed') {
    return [
      '',
      `${heading}: failed at \`terraform ${stack.outcome.step}\``,
      '',
      `Terraform failed in ${code(stack.workingDirectory)}; the other stacks were planned independently. Its errors:`,
      '',
      ...fenced(truncate(stack.outcome.errors.trim() || '(terraform printed no error message; see the job log)', ERROR_CHARS)),
    ];
  }
  const plan = stack.outcome.plan;
  const changes = effectiveChanges(plan);
  const lines = ['', `${heading}: ${planHasChanges(plan) ? changeHeadline(changes) : 'no changes'}`];
  if (plan.driftCount > 0) {
    lines.push('', `**Changed outside Terraform**: ${plural(plan.driftCount, 'resource')} since the last apply (refresh found ${plan.driftCount === 1 ? 'it' : 'them'}).`);
    if (level < 2) lines.push('', ...driftTable(plan.resourceDrift));
  }
  if (level < 1 && changes.length > 0) lines.push('', ...resourceTable(changes, plan.timestamp));
  if (level < 2) lines.push(...attributeDetails(changes, format !== 'plain'));
  if (level < 1) lines.push(...outputTable(plan.outputChanges));
  lines.push(...leftOutLine(stack, level, maxChars));
  if (plan.errored) lines.push('', '**The plan is incomplete: planning failed part-way. See the job log.**');
  return lines;
}

function headerLines(input: PreviewInput, format: PreviewFormat): string[] {
  const lines = format === 'plain' ? [] : [previewMarker(input.app)];
  const changed = input.stacks.filter((s) => s.outcome.kind === 'planned' && planHasChanges(s.outcome.plan)).length;
  const failed = input.stacks.filter((s) => s.outcome.kind === 'failed').length;
  const unchanged = input.stacks.length - changed - failed;
  lines.push(`## Preview of ${code(safeAppName(input.app))}: ${plural(input.stacks.length, 'stack')}, ${changed} with changes, ${unchanged} without, ${failed} failed`);
  lines.push(...warningBlock(warningLines(input.stacks), format));
  const collapsed = input.stacks.filter(isCollapsed);
  if (collapsed.length > 0) lines.push('', `**No changes** in ${plural(collapsed.length, 'stack')}: ${collapsed.map((s) => code(s.name)).join(', ')}.`);
  if (input.stacks.length === 0) lines.push('', 'The app synthesised no stack.');
  return lines;
}

function footerLines(input: PreviewInput, format: PreviewFormat): string[] {
  const versions = [...new Set(input.stacks.flatMap((s) => (s.outcome.kind === 'planned' ? [s.outcome.plan.terraformVersion] : [])))];
  const text = `${input.cdk} · Terraform ${versions.join(', ') || 'unknown'} · sensitive values are masked; S3 secrets are only in the secret store, never in a plan.`;
  return ['', format === 'plain' ? `_${text}_` : `<sub>${text}</sub>`, ''];
}

/**
 * Renders the preview of every stack as one Markdown document, within `maxChars` when it can be
 * done by dropping details (see the module comment). Never prints a value marked sensitive.
 */
export function renderPreview(input: PreviewInput, options: RenderPreviewOptions = {}): RenderedPreview {
  const format = options.format ?? 'github';
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const header = headerLines(input, format).join('\n');
  const footer = footerLines(input, format).join('\n');
  const shown = input.stacks.filter((s) => !isCollapsed(s));
  const levels = new Map<StackPreview, DetailLevel>(shown.map((s) => [s, 0]));
  const sections = new Map<StackPreview, string>();
  const render = (s: StackPreview) => sections.set(s, stackSection(s, levels.get(s) ?? 0, format, maxChars).join('\n'));
  shown.forEach(render);
  const total = () => header.length + footer.length + 1 + [...sections.values()].reduce((n, t) => n + t.length + 1, 0);

  if (maxChars > 0) {
    for (const level of [1, 2] as const) {
      while (total() > maxChars) {
        const candidates = shown.filter((s) => s.outcome.kind === 'planned' && (levels.get(s) ?? 0) < level);
        if (candidates.length === 0) break;
        const largest = candidates.reduce((a, b) => ((sections.get(b)?.length ?? 0) > (sections.get(a)?.length ?? 0) ? b : a));
        levels.set(largest, level);
        render(largest);
      }
    }
  }
  const markdown = [header, ...shown.map((s) => sections.get(s) ?? ''), footer].join('\n');
  return {
    markdown,
    shortened: shown.filter((s) => (levels.get(s) ?? 0) > 0).map((s) => s.name),
    overLimit: maxChars > 0 && markdown.length > maxChars,
  };
}
