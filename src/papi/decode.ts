/**
 * Decoding PAPI response bodies (`unknown` until checked) into camelCase models. A body that does
 * not have the shape the OneFS 9.5 API schema gives fails with {@link PapiDecodeError}, which names
 * the request and the field but never carries the body (it may hold secrets).
 */

/** A response body without the shape the API schema promises. */
export class PapiDecodeError extends Error {
  override readonly name = 'PapiDecodeError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** The field that is wrong, e.g. `zones[2].zone_id`. */
    readonly field: string,
    readonly expected: string,
  ) {
    super(`${method} ${path}: ${field} is not ${expected}`);
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, method: this.method, path: this.path, field: this.field, expected: this.expected };
  }
}

/** Reads fields of one JSON object, reporting the first wrong one with its full path. */
export class BodyReader {
  constructor(
    private readonly method: string,
    private readonly path: string,
    private readonly at: string,
    private readonly body: Record<string, unknown>,
  ) {}

  /** The root reader of a response body. */
  static of(method: string, path: string, body: unknown): BodyReader {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new PapiDecodeError(method, path, 'the body', 'a JSON object');
    return new BodyReader(method, path, '', body as Record<string, unknown>);
  }

  private where(field: string): string {
    return this.at === '' ? field : `${this.at}.${field}`;
  }

  private fail(field: string, expected: string): never {
    throw new PapiDecodeError(this.method, this.path, this.where(field), expected);
  }

  string(field: string): string {
    const v = this.body[field];
    return typeof v === 'string' ? v : this.fail(field, 'a string');
  }

  /** A string, or null when absent or null (PAPI's `["string","null"]`). */
  optionalString(field: string): string | null {
    const v = this.body[field];
    return v === undefined || v === null ? null : typeof v === 'string' ? v : this.fail(field, 'a string or null');
  }

  int(field: string): number {
    const v = this.body[field];
    return typeof v === 'number' && Number.isInteger(v) ? v : this.fail(field, 'an integer');
  }

  optionalInt(field: string): number | null {
    const v = this.body[field];
    return v === undefined || v === null ? null : typeof v === 'number' && Number.isInteger(v) ? v : this.fail(field, 'an integer or null');
  }

  bool(field: string): boolean {
    const v = this.body[field];
    return typeof v === 'boolean' ? v : this.fail(field, 'a boolean');
  }

  /** A string or a number (PAPI answers some versions as either). */
  stringOrNumber(field: string): string | number {
    const v = this.body[field];
    return typeof v === 'string' || typeof v === 'number' ? v : this.fail(field, 'a string or a number');
  }

  /** A nested object. */
  object(field: string): BodyReader {
    const v = this.body[field];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(field, 'an object');
    return new BodyReader(this.method, this.path, this.where(field), v as Record<string, unknown>);
  }

  /** A nested object, or null when absent or null (an optional object member such as a quota's `persona`). */
  optionalObject(field: string): BodyReader | null {
    const v = this.body[field];
    return v === undefined || v === null ? null : this.object(field);
  }

  /** A boolean, or null when absent or null. */
  optionalBool(field: string): boolean | null {
    const v = this.body[field];
    return v === undefined || v === null ? null : typeof v === 'boolean' ? v : this.fail(field, 'a boolean or null');
  }

  /** A list of strings; absent or null is an empty list. */
  strings(field: string): string[] {
    const v = this.body[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return this.fail(field, 'a list of strings');
    return v as string[];
  }

  /** A list of objects, each decoded by `each`; absent or null is an empty list. */
  objects<T>(field: string, each: (item: BodyReader) => T): T[] {
    const v = this.body[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return this.fail(field, 'a list');
    return v.map((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new PapiDecodeError(this.method, this.path, `${this.where(field)}[${i}]`, 'an object');
      return each(new BodyReader(this.method, this.path, `${this.where(field)}[${i}]`, item as Record<string, unknown>));
    });
  }
}
