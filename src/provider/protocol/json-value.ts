/**
 * JSON with exact numbers, for the two places Terraform sends JSON: `RawState.json` in
 * UpgradeResourceState (stored state, possibly written by an older schema) and the rarely used
 * `DynamicValue.json`. `JSON.parse` would round 9007199254740993 to ...992, so numbers are parsed
 * from their text (see ./numbers).
 */
import { BigNumberValue, type AttributePath, type CtyType, type TfValue } from '../framework/contract';
import { parseTypeJson } from './cty-types';
import { numberFromDecimal } from './numbers';
import { child, ValueError } from './value-error';

/** Parsed JSON: like JSON.parse, except numbers not exact as doubles are BigNumberValue. */
export type ExactJson = null | boolean | string | number | BigNumberValue | ExactJson[] | { [key: string]: ExactJson };

/** Parses JSON text exactly. Throws ValueError (empty path) on invalid JSON. */
export function parseJsonExact(text: string): ExactJson {
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.pos !== text.length) p.fail('unexpected trailing characters');
  return v;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(message: string): never {
    throw new ValueError([], `invalid JSON at offset ${this.pos}: ${message}`);
  }

  ws(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos] as string)) this.pos++;
  }

  value(): ExactJson {
    const c = this.s[this.pos];
    switch (c) {
      case '{': {
        this.pos++;
        const out: { [key: string]: ExactJson } = {};
        this.ws();
        if (this.s[this.pos] === '}') {
          this.pos++;
          return out;
        }
        for (;;) {
          this.ws();
          if (this.s[this.pos] !== '"') this.fail('expected a string key');
          const key = this.string();
          this.ws();
          if (this.s[this.pos++] !== ':') this.fail('expected ":"');
          this.ws();
          // defineProperty keeps a "__proto__" key an ordinary property, as JSON.parse does.
          Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
          this.ws();
          const sep = this.s[this.pos++];
          if (sep === '}') return out;
          if (sep !== ',') this.fail('expected "," or "}"');
        }
      }
      case '[': {
        this.pos++;
        const out: ExactJson[] = [];
        this.ws();
        if (this.s[this.pos] === ']') {
          this.pos++;
          return out;
        }
        for (;;) {
          this.ws();
          out.push(this.value());
          this.ws();
          const sep = this.s[this.pos++];
          if (sep === ']') return out;
          if (sep !== ',') this.fail('expected "," or "]"');
        }
      }
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default: {
        const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
        m.lastIndex = this.pos;
        const hit = m.exec(this.s);
        if (!hit) this.fail('unexpected character');
        this.pos += hit[0].length;
        return numberFromDecimal(hit[0]);
      }
    }
  }

  private literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return v;
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = this.s[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === '\\') this.pos += 2;
      else if (c === '"') break;
      else this.pos++;
    }
    this.pos++;
    try {
      return JSON.parse(this.s.slice(start, this.pos)) as string; // escapes handled by the engine
    } catch {
      return this.fail('invalid string');
    }
  }
}

/**
 * Checks parsed JSON against a cty type, as cty's JSON decoder does: objects may leave attributes
 * out (they become null) but may not add unknown ones; numbers and bools may also be strings.
 * Throws ValueError naming the path.
 */
export function conformJson(v: ExactJson, type: CtyType, path: AttributePath): TfValue {
  if (v === null) return null;
  if (type === 'dynamic') {
    if (!isObject(v) || !('type' in v) || !('value' in v)) throw new ValueError(path, 'a dynamic value must be {"type": ..., "value": ...}');
    let actual: CtyType;
    try {
      actual = parseTypeJson(JSON.stringify(v.type));
    } catch (e) {
      throw new ValueError(path, `invalid dynamic type: ${(e as Error).message}`);
    }
    return conformJson(v.value ?? null, actual, path);
  }
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof v === 'string') return v;
        if (typeof v === 'number' || typeof v === 'boolean') return String(v); // cty converts primitives
        if (v instanceof BigNumberValue) return v.decimal;
        throw new ValueError(path, 'a string is required');
      case 'number':
        if (typeof v === 'number' || v instanceof BigNumberValue) return v;
        if (typeof v === 'string') {
          try {
            return numberFromDecimal(v);
          } catch {
            throw new ValueError(path, `a number is required (got ${JSON.stringify(v)})`);
          }
        }
        throw new ValueError(path, 'a number is required');
      case 'bool':
        if (typeof v === 'boolean') return v;
        if (v === 'true' || v === 'false') return v === 'true';
        throw new ValueError(path, 'a bool is required');
    }
  }
  const [kind, arg] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(v)) throw new ValueError(path, `a ${kind} is required`);
      return v.map((e, i) => conformJson(e, arg, child(path, { index: i })));
    case 'tuple':
      if (!Array.isArray(v) || v.length !== arg.length) throw new ValueError(path, `a tuple of ${arg.length} elements is required`);
      return v.map((e, i) => conformJson(e, arg[i] as CtyType, child(path, { index: i })));
    case 'map': {
      if (!isObject(v)) throw new ValueError(path, 'a map is required');
      const out: { [k: string]: TfValue } = {};
      for (const [k, e] of Object.entries(v)) Object.defineProperty(out, k, { value: conformJson(e, arg, child(path, { key: k })), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case 'object': {
      if (!isObject(v)) throw new ValueError(path, 'an object is required');
      const out: { [k: string]: TfValue } = {};
      for (const k of Object.keys(v)) if (!Object.hasOwn(arg, k)) throw new ValueError(child(path, { attribute: k }), 'unsupported attribute');
      for (const [name, at] of Object.entries(arg)) out[name] = conformJson(v[name] ?? null, at, child(path, { attribute: name }));
      return out;
    }
  }
}

function isObject(v: ExactJson): v is { [key: string]: ExactJson } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof BigNumberValue);
}

