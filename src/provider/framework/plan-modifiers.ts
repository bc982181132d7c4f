/**
 * Attribute plan modifiers, named as terraform-plugin-framework names them so that provider
 * authors recognise them. They are declarative: the plan logic (`plan.ts`) interprets them.
 */

/** A plan modifier attached to an attribute's `planModifiers`. */
export type PlanModifier = { readonly kind: 'requiresReplace' } | { readonly kind: 'useStateForUnknown' };

/**
 * A change to this attribute's value (config vs prior state) replaces the resource instead of
 * updating it in place. Listed in `requires_replace` only when the value actually changes or is
 * not known yet; ignored on create.
 */
export function requiresReplace(): PlanModifier {
  return { kind: 'requiresReplace' };
}

/**
 * For a computed attribute: when an update is planned, keep the prior state's value instead of
 * marking it "(known after apply)". Use it for values that never change after create (`id`).
 * The update handler must then return that same value.
 */
export function useStateForUnknown(): PlanModifier {
  return { kind: 'useStateForUnknown' };
}

/** True when `modifiers` include one of `kind`. */
export function hasModifier(modifiers: readonly PlanModifier[] | undefined, kind: PlanModifier['kind']): boolean {
  return modifiers?.some((m) => m.kind === kind) ?? false;
}
