/**
 * Reading the JSON documents resources keep in the secret store (S3 key documents, password
 * documents): the shared first steps, before each type checks its own members.
 */

/** The members of a stored JSON object, or undefined when the value is not one. */
export function storedObject(value: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** A document's owner token, or undefined when it has none (written before owners existed). */
export function ownerToken(owner: unknown): string | undefined {
  return typeof owner === 'string' && owner !== '' ? owner : undefined;
}
