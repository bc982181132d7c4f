/**
 * `--include` / `--exclude`: patterns `TYPE`, `TYPE:NAME_GLOB` or `:NAME_GLOB` (any type), where a
 * glob has `*` (any run of characters, `/` included) and `?` (one character) and matches the whole
 * name (`System/alice` for a key, the zone name for a zone). With includes, an object must match
 * one; it must match no exclude.
 */

/** A parsed pattern. */
export interface ObjectPattern {
  readonly type: string | undefined;
  readonly name: RegExp | undefined;
  readonly text: string;
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'u');
}

/** Parses one pattern; throws a message naming the flag and the form when it is empty. */
export function parsePattern(flag: string, text: string): ObjectPattern {
  const colon = text.indexOf(':');
  const type = colon < 0 ? text : text.slice(0, colon);
  const glob = colon < 0 ? undefined : text.slice(colon + 1);
  if ((type === '' && (glob === undefined || glob === '')) || glob === '') {
    throw new Error(`${flag} ${JSON.stringify(text)} is not a pattern: use TYPE, TYPE:NAME_GLOB or :NAME_GLOB (e.g. powerscale_s3_key:System/svc-*)`);
  }
  return { type: type === '' ? undefined : type, name: glob === undefined ? undefined : globToRegExp(glob), text };
}

function matches(p: ObjectPattern, type: string, name: string): boolean {
  return (p.type === undefined || p.type === type) && (p.name === undefined || p.name.test(name));
}

/** True when the object passes the includes (if any) and no exclude. */
export function selected(includes: readonly ObjectPattern[], excludes: readonly ObjectPattern[], type: string, name: string): boolean {
  if (includes.length > 0 && !includes.some((p) => matches(p, type, name))) return false;
  return !excludes.some((p) => matches(p, type, name));
}
