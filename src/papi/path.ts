/**
 * Builds PAPI request paths from names so that no name can change which API a request reaches.
 * Each interpolated value becomes exactly one encoded path segment: `/`, `?`, `#` and `%` are
 * percent-encoded, and the segments `.` and `..` are refused, because URL parsers collapse them
 * (`/protocols/s3/keys/..` is `/protocols/s3/`) even when percent-encoded (`%2e%2e`).
 */

/** A value that cannot be one path segment. Carries the value's length only, never the value. */
export class PapiPathError extends Error {
  override readonly name = 'PapiPathError';
}

/** `value` encoded as one path segment; throws {@link PapiPathError} for "", "." and "..". */
export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new PapiPathError(value === '' ? 'an empty name cannot be a PAPI path segment' : `the name ${JSON.stringify(value)} cannot be a PAPI path segment: URL parsers resolve it to another path`);
  }
  return encodeURIComponent(value);
}

/**
 * Tagged template for PAPI paths: the literal parts are kept as written, every interpolated value
 * goes through {@link pathSegment}. `papiPath\`/platform/10/protocols/s3/keys/${user}\``.
 */
export function papiPath(literals: TemplateStringsArray, ...segments: readonly string[]): string {
  let path = literals[0] ?? '';
  segments.forEach((segment, i) => {
    path += pathSegment(segment) + (literals[i + 1] ?? '');
  });
  return path;
}
