/**
 * The project's own compact form of the OneFS API schemas (`papi.generated.ts`) and a validator
 * for it. It keeps only what a response check needs: types, required members, enums, lengths,
 * ranges and patterns. Objects are closed (an undeclared member is a mismatch: PAPI's output
 * schemas say `additionalProperties: false`), and a member that is not required may be null (the
 * nullability rule the schema source documents). `{ ref }` names a shared definition.
 */

export type Shape =
  | { readonly t: 'string'; readonly enum?: readonly string[]; readonly len?: readonly [number | null, number | null]; readonly pattern?: string }
  | { readonly t: 'integer' | 'number'; readonly range?: readonly [number | null, number | null] }
  | { readonly t: 'boolean' }
  | { readonly t: 'any' }
  | { readonly t: 'array'; readonly of: Shape }
  | { readonly t: 'object'; readonly props?: Readonly<Record<string, Shape>>; readonly req?: readonly string[] }
  | { readonly ref: string };

export type Definitions = Readonly<Record<string, Shape>>;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The mismatches of `value` against `shape`, each `"<json path>: <what>"` (e.g.
 * `$.zones[0].zone_id: expected integer, got string`). Values are never quoted, only their types,
 * so a mismatch in a body that carries a secret cannot leak it.
 */
export function validate(shape: Shape, value: unknown, defs: Definitions, at = '$'): string[] {
  if ('ref' in shape) {
    const target = defs[shape.ref];
    return target === undefined ? [`${at}: unknown definition ${shape.ref}`] : validate(target, value, defs, at);
  }
  const got = typeName(value);
  switch (shape.t) {
    case 'any':
      return [];
    case 'boolean':
      return got === 'boolean' ? [] : [`${at}: expected boolean, got ${got}`];
    case 'integer':
    case 'number': {
      if (got !== 'integer' && !(shape.t === 'number' && got === 'number')) return [`${at}: expected ${shape.t}, got ${got}`];
      const [min, max] = shape.range ?? [null, null];
      const n = value as number;
      return (min !== null && n < min) || (max !== null && n > max) ? [`${at}: ${shape.t} outside ${min ?? '-inf'}..${max ?? 'inf'}`] : [];
    }
    case 'string': {
      if (got !== 'string') return [`${at}: expected string, got ${got}`];
      const s = value as string;
      const out: string[] = [];
      if (shape.enum && !shape.enum.includes(s)) out.push(`${at}: not one of ${shape.enum.map((e) => JSON.stringify(e)).join(' | ')}`);
      const [min, max] = shape.len ?? [null, null];
      if ((min !== null && s.length < min) || (max !== null && s.length > max)) out.push(`${at}: length ${s.length} outside ${min ?? 0}..${max ?? 'inf'}`);
      if (shape.pattern !== undefined && !new RegExp(shape.pattern).test(s)) out.push(`${at}: does not match /${shape.pattern}/`);
      return out;
    }
    case 'array':
      return got === 'array' ? (value as unknown[]).flatMap((item, i) => validate(shape.of, item, defs, `${at}[${i}]`)) : [`${at}: expected array, got ${got}`];
    case 'object': {
      if (got !== 'object') return [`${at}: expected object, got ${got}`];
      if (shape.props === undefined) return [];
      const record = value as Record<string, unknown>;
      const required = new Set(shape.req ?? []);
      const out: string[] = [];
      for (const name of required) if (!(name in record)) out.push(`${at}.${name}: required member missing`);
      for (const [name, member] of Object.entries(record)) {
        const declared = shape.props[name];
        if (declared === undefined) out.push(`${at}.${name}: member not in the schema`);
        else if (!(member === null && !required.has(name))) out.push(...validate(declared, member, defs, `${at}.${name}`));
      }
      return out;
    }
  }
}
