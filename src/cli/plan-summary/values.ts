/**
 * Reading attribute values out of a change without ever revealing a sensitive one. Every value that
 * leaves this module has gone through {@link attributeValue}, which consults the sensitivity markers
 * first (`before_sensitive` / `after_sensitive`), then a name-based safety net, then the unknown
 * markers (`after_unknown`).
 */

/** Shown instead of a sensitive value. */
export const MASK = '(sensitive)';

/** Shown for a value Terraform will only know after apply. */
export const UNKNOWN_TEXT = '(known after apply)';

// A safety net for providers that forget to mark an attribute sensitive. `secret_name` and
// `password_file` are names/paths, not secrets, so the pattern is anchored on whole words at the end.
const SECRET_NAME = /(^|_)(password|secret_key|secret|token|private_key)$/;

/** True when `marker` (a sensitivity or unknown marker tree) contains `true` anywhere. */
export function markerContainsTrue(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(markerContainsTrue);
  if (typeof marker === 'object' && marker !== null) return Object.values(marker).some(markerContainsTrue);
  return false;
}

/** The marker for attribute `name` inside an object's marker tree (a whole-object `true` covers it). */
export function markerFor(marker: unknown, name: string): unknown {
  if (marker === true) return true;
  if (typeof marker === 'object' && marker !== null && !Array.isArray(marker)) return (marker as Record<string, unknown>)[name];
  return undefined;
}

/** True when the attribute must never be shown: marked sensitive (in part or whole) or named like a secret. */
export function isSensitiveAttribute(name: string, sensitiveMarker: unknown): boolean {
  return markerContainsTrue(markerFor(sensitiveMarker, name)) || SECRET_NAME.test(name);
}

/** The attributes of an object value, or `{}` for null / non-objects. */
export function attributesOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** One side of an attribute: a safe display string, or `undefined` when absent (null). */
export type SafeValue = { readonly kind: 'value'; readonly text: string } | { readonly kind: 'masked' } | { readonly kind: 'unknown' } | { readonly kind: 'null' };

/**
 * The value of `name` on one side of a change, safe to print. `unknownMarker` is `after_unknown`
 * for the after side and `undefined` for the before side.
 */
export function attributeValue(object: unknown, name: string, sensitiveMarker: unknown, unknownMarker?: unknown): SafeValue {
  if (isSensitiveAttribute(name, sensitiveMarker)) return { kind: 'masked' };
  const unknown = markerFor(unknownMarker, name);
  if (unknown === true) return { kind: 'unknown' };
  const value = attributesOf(object)[name];
  if (value === undefined || value === null) return markerContainsTrue(unknown) ? { kind: 'unknown' } : { kind: 'null' };
  return { kind: 'value', text: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** A plain string attribute that is known and not sensitive, else `undefined`. */
export function knownString(object: unknown, name: string, sensitiveMarker: unknown, unknownMarker?: unknown): string | undefined {
  const v = attributeValue(object, name, sensitiveMarker, unknownMarker);
  if (v.kind !== 'value') return undefined;
  const raw = attributesOf(object)[name];
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
}

/** Renders a safe value for a Markdown table cell (no `|`, no newlines, bounded length). */
export function formatSafeValue(v: SafeValue, maxLength = 80): string {
  switch (v.kind) {
    case 'masked':
      return `_${MASK}_`;
    case 'unknown':
      return `_${UNKNOWN_TEXT}_`;
    case 'null':
      return '_null_';
    case 'value': {
      const text = v.text.length > maxLength ? `${v.text.slice(0, maxLength - 1)}…` : v.text;
      return code(text);
    }
  }
}

/**
 * Escapes every `|` that a GFM table would read as a cell border. Idempotent: a pipe already
 * escaped (an odd run of backslashes before it) is left alone, so text that went through
 * {@link code} can go through it again (an explanation holding code spans, put in a cell) without
 * turning `\|` into `\\|`, which GFM reads as an escaped backslash and a raw border.
 */
export function escapePipes(text: string): string {
  return text.replace(/(\\*)\|/g, (match, slashes: string) => (slashes.length % 2 === 1 ? match : `${slashes}\\|`));
}

/** Inline code that survives any content: pipes escaped, newlines flattened, backticks fenced. */
export function code(text: string): string {
  const flat = escapePipes(text.replace(/\r?\n/g, ' '));
  const fence = flat.includes('`') ? '``' : '`';
  return `${fence}${fence.length === 2 ? ' ' : ''}${flat}${fence.length === 2 ? ' ' : ''}${fence}`;
}

/** A changed attribute with both sides safe to print. */
export interface AttributeDiff {
  readonly name: string;
  readonly before: SafeValue;
  readonly after: SafeValue;
}

/**
 * Attributes whose value differs between before and after, or that become unknown. For a create,
 * every set or unknown attribute; for a delete, every set attribute. Sorted by name.
 */
export function changedAttributes(change: { before: unknown; after: unknown; afterUnknown: unknown; beforeSensitive: unknown; afterSensitive: unknown }): AttributeDiff[] {
  const before = attributesOf(change.before);
  const after = attributesOf(change.after);
  const unknownNames = Object.keys(attributesOf(change.afterUnknown));
  const names = [...new Set([...Object.keys(before), ...Object.keys(after), ...unknownNames])].sort();
  const diffs: AttributeDiff[] = [];
  for (const name of names) {
    const becomesUnknown = markerContainsTrue(markerFor(change.afterUnknown, name));
    const b = before[name] ?? null;
    const a = after[name] ?? null;
    const sensitivityChanged = markerContainsTrue(markerFor(change.beforeSensitive, name)) !== markerContainsTrue(markerFor(change.afterSensitive, name));
    if (!becomesUnknown && !sensitivityChanged && JSON.stringify(b) === JSON.stringify(a)) continue;
    if (change.after === null && b === null) continue;
    diffs.push({
      name,
      before: attributeValue(change.before, name, change.beforeSensitive),
      after: change.after === null ? { kind: 'null' } : attributeValue(change.after, name, change.afterSensitive, change.afterUnknown),
    });
  }
  return diffs;
}
