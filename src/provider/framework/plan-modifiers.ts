/**
 * Attribute plan modifiers, named as terraform-plugin-framework names them so that provider
 * authors recognise them. A modifier is an open function over one attribute's values: the plan
 * logic (`plan.ts`) calls it at every depth after its own rules (defaults, computed → unknown),
 * parents before children, and applies what it returns.
 */
import type { AttributePath, CtyType, TfValue } from './contract';
import { isUnknown } from './contract';
import { containsUnknown, tfEqual } from './values';

/** What a modifier sees for one attribute (at any depth). */
export interface PlanModifierRequest {
  /** Where the attribute is, e.g. `acl[0].grantee.name`. */
  readonly path: AttributePath;
  readonly type: CtyType;
  /** The configured value (may be UNKNOWN or null). */
  readonly config: TfValue;
  /** The value planned so far. */
  readonly plan: TfValue;
  /** The prior state's value at the same place (null on create or when the parent was absent). */
  readonly prior: TfValue;
  /** True when the resource is being created (no prior state at all). */
  readonly isCreate: boolean;
}

/** What a modifier changes; omitted members change nothing. */
export interface PlanModifierResult {
  /** The new planned value (must equal config for non-computed attributes). */
  readonly plan?: TfValue;
  /** True: a change here replaces the resource. */
  readonly requiresReplace?: boolean;
}

/** A plan modifier attached to an attribute's `planModifiers`. `kind` names it in docs and tests. */
export interface PlanModifier {
  readonly kind: string;
  /** One sentence for docs: what the modifier does. */
  readonly description: string;
  modify(req: PlanModifierRequest): PlanModifierResult | void;
}

/**
 * A change to this attribute's value (planned vs prior state) replaces the resource instead of
 * updating it in place. Listed in `requires_replace` only when the value actually changes or is
 * not known yet; ignored on create.
 */
export function requiresReplace(): PlanModifier {
  return requiresReplaceIf('requiresReplace', 'Changing this value replaces the resource.', () => true);
}

/**
 * Like {@link requiresReplace}, but only when `test` says so for this change (for example: growing
 * a quota is in place, shrinking it below usage replaces). `test` runs only when the value changed.
 */
export function requiresReplaceIf(kind: string, description: string, test: (req: PlanModifierRequest) => boolean): PlanModifier {
  return {
    kind,
    description,
    modify(req) {
      if (req.isCreate || tfEqual(req.plan, req.prior, req.type)) return;
      return test(req) ? { requiresReplace: true } : undefined;
    },
  };
}

/**
 * For a computed attribute: when an update is planned, keep the prior state's value instead of
 * marking it "(known after apply)". Use it for values that never change after create (`id`).
 * The update handler must then return that same value.
 */
export function useStateForUnknown(): PlanModifier {
  return {
    kind: 'useStateForUnknown',
    description: 'Once known, the value does not change unless the resource is replaced.',
    modify(req) {
      if (req.isCreate || !isUnknown(req.plan) || isUnknown(req.config) || containsUnknown(req.prior)) return;
      return { plan: req.prior };
    },
  };
}

/** True when `modifiers` include one of `kind`. */
export function hasModifier(modifiers: readonly PlanModifier[] | undefined, kind: string): boolean {
  return modifiers?.some((m) => m.kind === kind) ?? false;
}
