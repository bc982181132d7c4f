/**
 * The cty msgpack codec, driven by the cty type (as Terraform's own codec is): decoding checks the
 * value against the type and names the attribute path on any mismatch; encoding writes every
 * object attribute (null when absent), unknowns as extension 0, and numbers without losing
 * precision. Any msgpack extension reads as unknown (refinements, ext 12, are accepted and dropped).
 */
import { BigNumberValue, UNKNOWN, type AttributePath, type CtyType, type TfValue } from '../framework/contract';
import { parseTypeJson, typeJson } from './cty-types';
import { int64OfDecimal, isDecimalText, numberFromBigInt, numberFromDecimal } from './numbers';
import { child, ValueError } from './value-error';

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/** Decodes msgpack bytes as a value of `type`. Throws ValueError (with path) on any problem. */
export function decodeMsgpack(bytes: Uint8Array, type: CtyType): TfValue {
  const r = new Reader(bytes);
  const value = r.value(type, []);
  if (r.pos !== r.buf.length) throw new ValueError([], `${r.buf.length - r.pos} unexpected trailing bytes after the value`);
  return value;
}

/** No schema of ours nests beyond a handful of levels; 512 leaves room and keeps the stack safe. */
const MAX_DEPTH = 512;

class Reader {
  readonly buf: Buffer;
  pos = 0;

  constructor(bytes: Uint8Array) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  private need(path: AttributePath, n: number): void {
    if (this.pos + n > this.buf.length) throw new ValueError(path, 'truncated msgpack data');
  }

  private u8(path: AttributePath): number {
    this.need(path, 1);
    return this.buf[this.pos++] as number;
  }

  private uint(path: AttributePath, size: 1 | 2 | 4): number {
    this.need(path, size);
    const v = size === 1 ? this.buf.readUInt8(this.pos) : size === 2 ? this.buf.readUInt16BE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += size;
    return v;
  }

  private raw(path: AttributePath, n: number): Buffer {
    this.need(path, n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Skips an extension's payload if the next item is one; true when it was (an unknown value). */
  private extension(path: AttributePath, b: number): boolean {
    let len: number;
    if (b >= 0xd4 && b <= 0xd8) len = 1 << (b - 0xd4);
    else if (b === 0xc7) len = this.uint(path, 1);
    else if (b === 0xc8) len = this.uint(path, 2);
    else if (b === 0xc9) len = this.uint(path, 4);
    else return false;
    this.raw(path, 1 + len); // the extension type byte, then the payload (refinements are ignored)
    return true;
  }

  /** How deep `value` has recursed. Bounded so that hostile bytes end as a ValueError, not a RangeError. */
  private depth = 0;

  value(type: CtyType, path: AttributePath): TfValue {
    if (this.depth >= MAX_DEPTH) throw new ValueError(path, `the value is nested more than ${MAX_DEPTH} levels deep`);
    this.depth += 1;
    try {
      return this.valueAt(type, path);
    } finally {
      this.depth -= 1;
    }
  }

  private valueAt(type: CtyType, path: AttributePath): TfValue {
    const b = this.u8(path);
    if (b === 0xc0) return null;
    if (this.extension(path, b)) return UNKNOWN;
    if (type === 'dynamic') {
      if (this.arrayLength(path, b) !== 2) throw new ValueError(path, 'a dynamic value must be a [type, value] pair');
      const tb = this.u8(path);
      const typeText = this.stringOrBinary(path, tb);
      let actual: CtyType;
      try {
        actual = parseTypeJson(typeText);
      } catch (e) {
        throw new ValueError(path, `invalid dynamic type: ${(e as Error).message}`);
      }
      return this.value(actual, path);
    }
    if (typeof type === 'string') {
      switch (type) {
        case 'string':
          return this.stringOrBinary(path, b);
        case 'bool':
          if (b === 0xc2) return false;
          if (b === 0xc3) return true;
          throw this.mismatch(path, 'bool', b);
        case 'number':
          return this.number(path, b);
      }
    }
    const [kind, arg] = type;
    switch (kind) {
      case 'list':
      case 'set': {
        const n = this.arrayLength(path, b);
        const out: TfValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(arg, child(path, { index: i })));
        return out;
      }
      case 'tuple': {
        const n = this.arrayLength(path, b);
        if (n !== arg.length) throw new ValueError(path, `a tuple of ${arg.length} elements is required (${n} given)`);
        return arg.map((t, i) => this.value(t, child(path, { index: i })));
      }
      case 'map': {
        const n = this.mapLength(path, b);
        const out: { [k: string]: TfValue } = {};
        for (let i = 0; i < n; i++) {
          const key = this.key(path);
          // defineProperty: a user's map key "__proto__" is data, not the prototype.
          Object.defineProperty(out, key, { value: this.value(arg, child(path, { key })), enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
      case 'object': {
        const n = this.mapLength(path, b);
        const out: { [k: string]: TfValue } = {};
        for (let i = 0; i < n; i++) {
          const key = this.key(path);
          const at = Object.hasOwn(arg, key) ? arg[key] : undefined;
          if (at === undefined) throw new ValueError(child(path, { attribute: key }), 'unsupported attribute');
          out[key] = this.value(at, child(path, { attribute: key }));
        }
        // Terraform always sends every attribute; tolerate a sender that leaves nulls out.
        for (const name of Object.keys(arg)) if (!Object.hasOwn(out, name)) out[name] = null;
        return out;
      }
    }
  }

  private key(path: AttributePath): string {
    return this.stringOrBinary(path, this.u8(path));
  }

  private stringOrBinary(path: AttributePath, b: number): string {
    let len: number;
    if (b >= 0xa0 && b <= 0xbf) len = b & 0x1f;
    else if (b === 0xd9 || b === 0xc4) len = this.uint(path, 1);
    else if (b === 0xda || b === 0xc5) len = this.uint(path, 2);
    else if (b === 0xdb || b === 0xc6) len = this.uint(path, 4);
    else throw this.mismatch(path, 'string', b);
    return this.raw(path, len).toString('utf8');
  }

  private number(path: AttributePath, b: number): number | BigNumberValue {
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    switch (b) {
      case 0xcc:
        return this.uint(path, 1);
      case 0xcd:
        return this.uint(path, 2);
      case 0xce:
        return this.uint(path, 4);
      case 0xcf:
        return numberFromBigInt(this.raw(path, 8).readBigUInt64BE(0));
      case 0xd0:
        return this.raw(path, 1).readInt8(0);
      case 0xd1:
        return this.raw(path, 2).readInt16BE(0);
      case 0xd2:
        return this.raw(path, 4).readInt32BE(0);
      case 0xd3:
        return numberFromBigInt(this.raw(path, 8).readBigInt64BE(0));
      case 0xca:
        return this.raw(path, 4).readFloatBE(0);
      case 0xcb:
        return this.raw(path, 8).readDoubleBE(0);
    }
    const text = this.stringOrBinary(path, b);
    if (!isDecimalText(text)) throw new ValueError(path, `a number is required (got the string ${JSON.stringify(text)})`);
    return numberFromDecimal(text);
  }

  private arrayLength(path: AttributePath, b: number): number {
    if (b >= 0x90 && b <= 0x9f) return b & 0x0f;
    if (b === 0xdc) return this.uint(path, 2);
    if (b === 0xdd) return this.uint(path, 4);
    throw this.mismatch(path, 'array', b);
  }

  private mapLength(path: AttributePath, b: number): number {
    if (b >= 0x80 && b <= 0x8f) return b & 0x0f;
    if (b === 0xde) return this.uint(path, 2);
    if (b === 0xdf) return this.uint(path, 4);
    throw this.mismatch(path, 'map', b);
  }

  private mismatch(path: AttributePath, wanted: string, b: number): ValueError {
    return new ValueError(path, `expected ${wanted}, got msgpack ${describe(b)}`);
  }
}

function describe(b: number): string {
  if (b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3)) return 'integer';
  if (b >= 0x80 && b <= 0x8f) return 'map';
  if (b >= 0x90 && b <= 0x9f) return 'array';
  if (b >= 0xa0 && b <= 0xbf) return 'string';
  const names: Record<number, string> = { 0xc2: 'bool', 0xc3: 'bool', 0xca: 'float', 0xcb: 'float', 0xd9: 'string', 0xda: 'string', 0xdb: 'string', 0xdc: 'array', 0xdd: 'array', 0xde: 'map', 0xdf: 'map', 0xc4: 'binary', 0xc5: 'binary', 0xc6: 'binary' };
  return names[b] ?? `type byte 0x${b.toString(16)}`;
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/**
 * Encodes `value` as msgpack for `type`. Objects get every attribute of their type (absent ones as
 * nil); a value that does not fit the type throws ValueError naming its path.
 */
export function encodeMsgpack(value: TfValue | undefined, type: CtyType): Buffer {
  const w = new Writer();
  w.value(value, type, []);
  return w.finish();
}

class Writer {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  private bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  private header(small: number, smallMax: number, codes: [number, number, number] | [number, number], n: number): void {
    this.ensure(5);
    if (n <= smallMax) {
      this.buf[this.pos++] = small | n;
    } else if (codes.length === 3 && n <= 0xff) {
      this.buf[this.pos++] = codes[0];
      this.buf[this.pos++] = n;
    } else if (n <= 0xffff) {
      this.buf[this.pos++] = codes.length === 3 ? codes[1] : codes[0];
      this.pos = this.buf.writeUInt16BE(n, this.pos);
    } else {
      this.buf[this.pos++] = codes.length === 3 ? codes[2] : codes[1];
      this.pos = this.buf.writeUInt32BE(n, this.pos);
    }
  }

  private str(s: string): void {
    const data = Buffer.from(s, 'utf8');
    this.header(0xa0, 31, [0xd9, 0xda, 0xdb], data.length);
    this.bytes(data);
  }

  private bin(data: Uint8Array): void {
    this.header(0xc4, -1, [0xc4, 0xc5, 0xc6], data.length);
    this.bytes(data);
  }

  private int(n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n >= 0 && n <= 0x7f) {
      b[this.pos++] = n;
    } else if (n < 0 && n >= -32) {
      b[this.pos++] = n & 0xff;
    } else if (n >= 0 && n <= 0xff) {
      b[this.pos++] = 0xcc;
      b[this.pos++] = n;
    } else if (n >= 0 && n <= 0xffff) {
      b[this.pos++] = 0xcd;
      this.pos = b.writeUInt16BE(n, this.pos);
    } else if (n >= 0 && n <= 0xffffffff) {
      b[this.pos++] = 0xce;
      this.pos = b.writeUInt32BE(n, this.pos);
    } else if (n < 0 && n >= -0x80) {
      b[this.pos++] = 0xd0;
      this.pos = b.writeInt8(n, this.pos);
    } else if (n < 0 && n >= -0x8000) {
      b[this.pos++] = 0xd1;
      this.pos = b.writeInt16BE(n, this.pos);
    } else if (n < 0 && n >= -0x80000000) {
      b[this.pos++] = 0xd2;
      this.pos = b.writeInt32BE(n, this.pos);
    } else {
      this.bigint(BigInt(n));
    }
  }

  private bigint(v: bigint): void {
    this.ensure(9);
    if (v >= 0n) {
      this.buf[this.pos++] = 0xcf;
      this.pos = this.buf.writeBigUInt64BE(v, this.pos);
    } else {
      this.buf[this.pos++] = 0xd3;
      this.pos = this.buf.writeBigInt64BE(v, this.pos);
    }
  }
  private float(n: number): void {
    this.ensure(9);
    this.buf[this.pos++] = 0xcb;
    this.pos = this.buf.writeDoubleBE(n, this.pos);
  }

  value(v: TfValue | undefined, type: CtyType, path: AttributePath): void {
    if (v === null || v === undefined) return this.byte(0xc0);
    if (v === UNKNOWN) return this.bytes(UNKNOWN_EXT0);
    if (type === 'dynamic') {
      const actual = inferType(v, path);
      this.byte(0x92);
      this.bin(typeJson(actual));
      return this.value(v, actual, path);
    }
    if (typeof type === 'string') {
      switch (type) {
        case 'string':
          if (typeof v !== 'string') throw mismatch(path, 'a string', v);
          return this.str(v);
        case 'bool':
          if (typeof v !== 'boolean') throw mismatch(path, 'a bool', v);
          return this.byte(v ? 0xc3 : 0xc2);
        case 'number':
          if (typeof v === 'number') {
            if (Number.isNaN(v)) throw new ValueError(path, 'NaN is not a number Terraform can hold');
            return Number.isSafeInteger(v) ? this.int(v) : this.float(v);
          }
          if (v instanceof BigNumberValue) {
            if (!isDecimalText(v.decimal)) throw new ValueError(path, `not a decimal number: ${JSON.stringify(v.decimal)}`);
            const asInt = int64OfDecimal(v.decimal);
            return asInt === undefined ? this.str(v.decimal) : this.bigint(asInt);
          }
          throw mismatch(path, 'a number', v);
      }
    }
    const [kind, arg] = type;
    switch (kind) {
      case 'list':
      case 'set': {
        if (!Array.isArray(v)) throw mismatch(path, `a ${kind}`, v);
        this.header(0x90, 15, [0xdc, 0xdd], v.length);
        v.forEach((e, i) => this.value(e, arg, child(path, { index: i })));
        return;
      }
      case 'tuple': {
        if (!Array.isArray(v)) throw mismatch(path, 'a tuple', v);
        if (v.length !== arg.length) throw new ValueError(path, `a tuple of ${arg.length} elements is required (${v.length} given)`);
        this.header(0x90, 15, [0xdc, 0xdd], v.length);
        v.forEach((e, i) => this.value(e, arg[i] as CtyType, child(path, { index: i })));
        return;
      }
      case 'map': {
        if (!isRecord(v)) throw mismatch(path, 'a map', v);
        const keys = Object.keys(v).sort();
        this.header(0x80, 15, [0xde, 0xdf], keys.length);
        for (const k of keys) {
          this.str(k);
          this.value(v[k], arg, child(path, { key: k }));
        }
        return;
      }
      case 'object': {
        if (!isRecord(v)) throw mismatch(path, 'an object', v);
        for (const k of Object.keys(v)) {
          if (!Object.hasOwn(arg, k)) throw new ValueError(child(path, { attribute: k }), 'unsupported attribute (not in the schema)');
        }
        const names = Object.keys(arg).sort();
        this.header(0x80, 15, [0xde, 0xdf], names.length);
        for (const name of names) {
          this.str(name);
          this.value(v[name], arg[name] as CtyType, child(path, { attribute: name }));
        }
        return;
      }
    }
  }
}

/** The plain unknown: extension 0 with one zero byte, as Terraform writes it. */
const UNKNOWN_EXT0 = Uint8Array.from([0xd4, 0x00, 0x00]);

function isRecord(v: TfValue): v is { [k: string]: TfValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof BigNumberValue) && v !== UNKNOWN;
}

function mismatch(path: AttributePath, wanted: string, v: TfValue): ValueError {
  const got = Array.isArray(v) ? 'an array' : v instanceof BigNumberValue ? 'a number' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
  return new ValueError(path, `${wanted} is required (got ${got})`);
}

/** The concrete type of a value held by a `dynamic` attribute (objects and tuples, never maps/lists). */
export function inferType(v: TfValue, path: AttributePath): CtyType {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || v instanceof BigNumberValue) return 'number';
  // null and unknown inside a dynamic structure keep the dynamic type.
  if (v === null || v === UNKNOWN) return 'dynamic';
  if (Array.isArray(v)) return ['tuple', v.map((e, i) => inferType(e, child(path, { index: i })))];
  const attrs: { [k: string]: CtyType } = {};
  for (const [k, e] of Object.entries(v)) attrs[k] = inferType(e, child(path, { attribute: k }));
  return ['object', attrs];
}
