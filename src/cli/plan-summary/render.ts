/**
 * Markdown for a pull-request comment: a headline with counts, a table of resource changes with
 * what each means for tenants, the attribute changes per resource (folded), the outputs, and what
 * changed outside Terraform. Sensitive values are masked by {@link ./values}; nothing here reads a
 * value directly. The sections are exported one by one because `preview` composes them per stack
 * and drops some of them when a document must shrink.
 */
import { classify, KIND_ORDER, KIND_SYMBOL, kindOf, type ChangeKind } from './classify';
import { affectsTenants, explain, explainDrift } from './explain';
import type { OutputChange, PlanDocument, ResourceChange } from './plan-document';
import { changedAttributes, code, escapePipes, formatSafeValue, MASK, UNKNOWN_TEXT } from './values';

/** Options of {@link renderPlanSummary}. */
export interface RenderOptions {
  /** Heading text. @default "Terraform plan" */
  readonly title?: string;
}

const COUNTED: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete'];
const VERB: Readonly<Record<ChangeKind, string>> = {
  create: 'to create',
  update: 'to update',
  replace: 'to replace',
  delete: 'to delete',
  read: 'to read',
  forget: 'to forget',
  import: 'to import',
  'no-op': 'unchanged',
};

/** Text for a table cell: no newline ends the row and no raw `|` splits the cell. */
export function cell(text: string): string {
  return escapePipes(text.replace(/\r?\n/g, ' '));
}

/** The resource changes of a plan that do something (no-ops left out; an import does something). */
export function effectiveChanges(plan: PlanDocument): ResourceChange[] {
  return plan.resourceChanges.filter((rc) => kindOf(rc) !== 'no-op');
}

/** True when applying the plan would change a resource or an output. */
export function planHasChanges(plan: PlanDocument): boolean {
  return effectiveChanges(plan).length > 0 || plan.outputChanges.some((oc) => classify(oc.actions) !== 'no-op');
}

/**
 * `1 to create, 0 to update, 2 to replace, 0 to delete`, counting managed resources only; led by
 * `N to import` when the plan imports (counting, as Terraform does, imports that also change).
 */
export function changeHeadline(changes: readonly ResourceChange[]): string {
  const counts = COUNTED.map((kind) => ({ kind, n: changes.filter((rc) => rc.mode === 'managed' && classify(rc.actions) === kind).length }));
  const imports = changes.filter((rc) => rc.mode === 'managed' && rc.importing !== undefined).length;
  return [...(imports > 0 ? [`${imports} ${VERB.import}`] : []), ...counts.map(({ kind, n }) => `${n} ${VERB[kind]}`)].join(', ');
}

/**
 * One row per change, most disruptive first: action, address, what it means for tenants.
 * `plannedAt` is the plan's `timestamp`, for the times of grace windows.
 */
export function resourceTable(changes: readonly ResourceChange[], plannedAt?: string): string[] {
  const rows = [...changes].sort((a, b) => KIND_ORDER.indexOf(kindOf(a)) - KIND_ORDER.indexOf(kindOf(b)) || a.address.localeCompare(b.address));
  const lines = ['| Action | Resource | What it means |', '| --- | --- | --- |'];
  for (const rc of rows) {
    const kind = kindOf(rc);
    // An import has no symbol (`terraform plan` prints none), and an empty code span renders badly.
    const symbol = KIND_SYMBOL[kind].trim();
    lines.push(`| ${symbol === '' ? '' : `\`${symbol}\` `}${kind} | ${code(rc.address)} | ${cell(explain(rc, plannedAt) || '-')} |`);
  }
  return lines;
}

/**
 * The attribute changes of each resource, as one small table per resource. `fold` wraps them in a
 * `<details>` block (GitHub, GitLab); without it they are plain Markdown under a heading.
 */
export function attributeDetails(changes: readonly ResourceChange[], fold = true): string[] {
  const lines: string[] = [];
  for (const rc of changes) {
    // A deletion's attributes all go to null; the table row already says what is lost.
    if (classify(rc.actions) === 'delete') continue;
    const diffs = changedAttributes(rc);
    if (diffs.length === 0) continue;
    const forced = new Set(rc.replacePaths.map((p) => p[0]));
    lines.push('', `**${code(rc.address)}** (${classify(rc.actions)})`, '', '| Attribute | Before | After |', '| --- | --- | --- |');
    for (const d of diffs) {
      const mark = forced.has(d.name) ? ' (forces replacement)' : '';
      lines.push(`| ${code(d.name)}${mark} | ${formatSafeValue(d.before)} | ${formatSafeValue(d.after)} |`);
    }
  }
  if (lines.length === 0) return [];
  if (!fold) return ['', '#### Attribute changes', ...lines];
  return ['', '<details><summary>Attribute changes</summary>', ...lines, '', '</details>'];
}

function outputValue(oc: OutputChange): string {
  if (classify(oc.actions) === 'delete') return '_removed_';
  if (oc.afterSensitive === true || oc.beforeSensitive === true) return `_${MASK}_`;
  if (oc.afterUnknown === true) return `_${UNKNOWN_TEXT}_`;
  // A partly sensitive or partly unknown structure is not shown at all rather than half-masked.
  if (oc.afterSensitive !== false && oc.afterSensitive !== undefined && JSON.stringify(oc.afterSensitive).includes('true')) return `_${MASK}_`;
  if (oc.afterUnknown !== false && JSON.stringify(oc.afterUnknown).includes('true')) return `_${UNKNOWN_TEXT}_`;
  return formatSafeValue({ kind: 'value', text: typeof oc.after === 'string' ? oc.after : JSON.stringify(oc.after) });
}

/** The outputs that change, with values masked or marked unknown as the plan says. */
export function outputTable(outputs: readonly OutputChange[]): string[] {
  const changed = outputs.filter((oc) => classify(oc.actions) !== 'no-op').sort((a, b) => a.name.localeCompare(b.name));
  if (changed.length === 0) return [];
  const lines = ['', '#### Outputs', '', '| Output | Action | Value |', '| --- | --- | --- |'];
  for (const oc of changed) lines.push(`| ${code(oc.name)} | ${classify(oc.actions)} | ${outputValue(oc)} |`);
  return lines;
}

/** What refresh found changed outside Terraform: one row per drifted resource, explained. */
export function driftTable(drift: readonly ResourceChange[]): string[] {
  if (drift.length === 0) return [];
  const lines = ['| Resource | What changed outside Terraform |', '| --- | --- |'];
  for (const rc of [...drift].sort((a, b) => a.address.localeCompare(b.address))) lines.push(`| ${code(rc.address)} | ${cell(explainDrift(rc))} |`);
  return lines;
}

/** Renders a decoded plan as Markdown. Never prints a value marked sensitive. */
export function renderPlanSummary(plan: PlanDocument, options: RenderOptions = {}): string {
  const title = options.title ?? 'Terraform plan';
  const changes = effectiveChanges(plan);
  const lines: string[] = [];
  if (!planHasChanges(plan)) {
    lines.push(`### ${title}: no changes`, '', 'The cluster matches the configuration; applying this plan changes nothing.');
  } else {
    lines.push(`### ${title}: ${changeHeadline(changes)}`);
    const tenantChanges = changes.filter(affectsTenants);
    if (tenantChanges.length > 0) {
      lines.push('', `> [!WARNING]`, `> ${tenantChanges.length} change${tenantChanges.length === 1 ? '' : 's'} affect${tenantChanges.length === 1 ? 's' : ''} tenants' working S3 credentials (rotation, replacement or deletion); see below.`);
    }
    if (changes.length > 0) lines.push('', ...resourceTable(changes, plan.timestamp));
    lines.push(...attributeDetails(changes), ...outputTable(plan.outputChanges));
  }
  if (plan.driftCount > 0) {
    lines.push('', `${plan.driftCount} resource${plan.driftCount === 1 ? ' was' : 's were'} changed outside Terraform since the last apply (refresh picked this up):`, '', ...driftTable(plan.resourceDrift));
  }
  if (plan.errored) lines.push('', '**The plan is incomplete: planning failed part-way. See the job log.**');
  lines.push('', `<sub>Terraform ${plan.terraformVersion} · sensitive values are masked; S3 secrets are only in the secret store, never in the plan.</sub>`, '');
  return lines.join('\n');
}
