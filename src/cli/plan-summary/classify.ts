import type { PlanAction, ResourceChange } from './plan-document';

/**
 * What a change does, as a reviewer reads it: Terraform's action lists folded into one word.
 * `import` is an import that changes nothing else (Terraform's action is `no-op`).
 */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'import' | 'no-op';

/** Folds an action list: `["delete","create"]` and `["create","delete"]` are both a replacement. */
export function classify(actions: readonly PlanAction[]): ChangeKind {
  if (actions.length === 2 && actions.includes('create') && actions.includes('delete')) return 'replace';
  const [first] = actions;
  return first ?? 'no-op';
}

/**
 * The kind of a resource change: its actions folded, and `import` for an import that changes
 * nothing else. An import that also changes something (a rotation) keeps that kind; the table
 * says it is imported too.
 */
export function kindOf(rc: Pick<ResourceChange, 'actions' | 'importing'>): ChangeKind {
  const kind = classify(rc.actions);
  return kind === 'no-op' && rc.importing !== undefined ? 'import' : kind;
}

/** The symbol `terraform plan` prints for each kind, so that the summary reads like the CLI. */
export const KIND_SYMBOL: Readonly<Record<ChangeKind, string>> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  read: '<=',
  forget: '.',
  // `terraform plan` prints none: "will be imported".
  import: ' ',
  'no-op': ' ',
};

/** Order in the table: the most disruptive first. */
export const KIND_ORDER: readonly ChangeKind[] = ['replace', 'delete', 'update', 'create', 'import', 'forget', 'read', 'no-op'];
