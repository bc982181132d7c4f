/**
 * `--state FILE`: what a Terraform state already manages, read from `terraform show -json` (of the
 * state, not a plan), so that a second discovery offers no import for an object already adopted.
 * A discoverer's import id is the resource's `id` in state (`<zone>/<user>` for a key), which is
 * what is matched.
 */

/** `type` + NUL + `id` of every managed resource instance, in any module. */
export type ManagedSet = ReadonlySet<string>;

/** The key of an object in a {@link ManagedSet}. */
export function managedKey(type: string, id: string): string {
  return `${type}\0${id}`;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function walk(module: Record<string, unknown> | undefined, out: Set<string>): void {
  if (module === undefined) return;
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    const res = record(r);
    const id = record(res?.values)?.id;
    if (res?.mode === 'managed' && typeof res.type === 'string' && typeof id === 'string') out.add(managedKey(res.type, id));
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) walk(record(child), out);
}

/** Decodes `terraform show -json` output; throws a message saying what to run when it is something else. */
export function decodeManaged(raw: unknown): ManagedSet {
  const doc = record(raw);
  if (doc === undefined || typeof doc.format_version !== 'string') throw new Error('not the JSON of a state: expected the output of "terraform show -json" (an object with "format_version")');
  if (doc.resource_changes !== undefined) throw new Error('this is a plan, not a state: run "terraform show -json" without a plan file');
  const out = new Set<string>();
  walk(record(record(doc.values)?.root_module), out);
  return out;
}
