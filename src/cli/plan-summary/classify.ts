import type { PlanAction } from './plan-document';

/** What a change does, as a reviewer reads it: Terraform's action lists folded into one word. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'no-op';

/** Folds an action list: `["delete","create"]` and `["create","delete"]` are both a replacement. */
export function classify(actions: readonly PlanAction[]): ChangeKind {
  if (actions.length === 2 && actions.includes('create') && actions.includes('delete')) return 'replace';
  const [first] = actions;
  return first ?? 'no-op';
}

/** The symbol `terraform plan` prints for each kind, so that the summary reads like the CLI. */
export const KIND_SYMBOL: Readonly<Record<ChangeKind, string>> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  read: '<=',
  forget: '.',
  'no-op': ' ',
};

/** Order in the table: the most disruptive first. */
export const KIND_ORDER: readonly ChangeKind[] = ['replace', 'delete', 'update', 'create', 'forget', 'read', 'no-op'];
