/**
 * cty types as the protocol needs them: the implied object type of a schema block (what every
 * DynamicValue for that block must conform to) and the JSON form of a type (`Schema.Attribute.type`,
 * and the first element of a msgpack "dynamic" pair).
 */
import type { CtyType, SchemaBlock } from '../framework/contract';

/** The object type of a block: attributes by their type, nested blocks by their nesting mode. */
export function impliedType(block: SchemaBlock): CtyType {
  const attrs: { [name: string]: CtyType } = {};
  for (const a of block.attributes) attrs[a.name] = a.type;
  for (const nb of block.blockTypes) {
    const inner = impliedType(nb.block);
    switch (nb.nesting) {
      case 'single':
      case 'group':
        attrs[nb.typeName] = inner;
        break;
      case 'list':
        // cty cannot make a list of objects whose types differ (dynamic attributes); Terraform then
        // uses a dynamic value (a tuple on the wire).
        attrs[nb.typeName] = hasDynamic(inner) ? 'dynamic' : ['list', inner];
        break;
      case 'set':
        attrs[nb.typeName] = ['set', inner];
        break;
      case 'map':
        attrs[nb.typeName] = hasDynamic(inner) ? 'dynamic' : ['map', inner];
        break;
    }
  }
  return ['object', attrs];
}

/** Whether a type contains `dynamic` anywhere. */
export function hasDynamic(t: CtyType): boolean {
  if (typeof t === 'string') return t === 'dynamic';
  switch (t[0]) {
    case 'list':
    case 'set':
    case 'map':
      return hasDynamic(t[1]);
    case 'object':
      return Object.values(t[1]).some(hasDynamic);
    case 'tuple':
      return t[1].some(hasDynamic);
  }
}

/** The JSON bytes of a type, exactly as cty writes them (`"string"`, `["list","string"]`, ...). */
export function typeJson(t: CtyType): Buffer {
  return Buffer.from(JSON.stringify(t), 'utf8');
}

/** Parses a type's JSON (from a "dynamic" value). Throws a plain Error on anything else. */
export function parseTypeJson(text: string): CtyType {
  return checkType(JSON.parse(text) as unknown);
}

function checkType(v: unknown): CtyType {
  if (v === 'string' || v === 'number' || v === 'bool' || v === 'dynamic') return v;
  if (Array.isArray(v) && v.length === 2) {
    const [kind, arg] = v as [unknown, unknown];
    if (kind === 'list' || kind === 'set' || kind === 'map') return [kind, checkType(arg)];
    if (kind === 'tuple' && Array.isArray(arg)) return ['tuple', arg.map(checkType)];
    if (kind === 'object' && arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
      const attrs: { [name: string]: CtyType } = {};
      for (const [k, at] of Object.entries(arg)) attrs[k] = checkType(at);
      return ['object', attrs];
    }
  }
  // Objects with optional attributes (a third element) only appear in type constraints, never
  // in values that Terraform sends to a provider.
  throw new Error(`unsupported type ${JSON.stringify(v)}`);
}
