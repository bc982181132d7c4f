import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigNumberValue, UNKNOWN, type CtyType, type TfValue } from '../framework/contract';
import { decodeMsgpack, encodeMsgpack } from './msgpack';
import { ValueError } from './value-error';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');

const thing: CtyType = [
  'object',
  {
    id: 'string',
    count: 'number',
    enabled: 'bool',
    tags: ['map', 'string'],
    ports: ['list', 'number'],
    nested: ['object', { a: 'string', b: ['set', 'string'] }],
    pair: ['tuple', ['string', 'number']],
    anything: 'dynamic',
  },
];

function caught(fn: () => unknown): ValueError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValueError) return e;
    throw e;
  }
  throw new Error('expected a ValueError');
}

describe('cty msgpack codec', () => {
  it('writes an unknown as extension 0 with one zero byte', () => {
    expect(hex(encodeMsgpack(UNKNOWN, 'string'))).toBe('d40000');
    expect(decodeMsgpack(bytes('d40000'), 'string')).toBe(UNKNOWN);
  });

  it('reads every extension code, including refined unknowns (ext 12), as unknown', () => {
    // ext 12 with refinements {1: true, 2: "ab"} (fixext 8 would not fit; use ext8)
    const refinements = bytes('82 01 c3 02 a2 6162');
    const ext12 = Buffer.concat([bytes('c7'), Buffer.from([refinements.length, 12]), refinements]);
    expect(decodeMsgpack(ext12, 'string')).toBe(UNKNOWN);
    expect(decodeMsgpack(bytes('d5 07 0000'), 'number')).toBe(UNKNOWN);
    expect(decodeMsgpack(Buffer.concat([bytes('92'), ext12, bytes('01')]), ['list', 'number'])).toEqual([UNKNOWN, 1]);
  });

  it('writes every attribute of an object, null for the ones the value leaves out', () => {
    const encoded = encodeMsgpack({ id: 'x' }, thing);
    const back = decodeMsgpack(encoded, thing) as Record<string, TfValue>;
    expect(Object.keys(back).sort()).toEqual(['anything', 'count', 'enabled', 'id', 'nested', 'pair', 'ports', 'tags']);
    expect(back).toMatchObject({ id: 'x', count: null, nested: null, anything: null });
    expect(encoded[0]).toBe(0x88); // a map of 8 entries
  });

  it('round-trips nested values, nulls and unknowns', () => {
    const value: TfValue = {
      id: 'abc',
      count: 3,
      enabled: UNKNOWN,
      tags: { b: 'two', a: null, c: UNKNOWN },
      ports: [80, 443, UNKNOWN],
      nested: { a: null, b: ['x', 'y'] },
      pair: ['p', -1.5],
      anything: { deep: [1, 'two', true, null], n: new BigNumberValue('0.1') },
    };
    expect(decodeMsgpack(encodeMsgpack(value, thing), thing)).toEqual(value);
  });

  it('keeps integers beyond 2^53 exact in both directions', () => {
    const big = new BigNumberValue('9007199254740993');
    const encoded = encodeMsgpack(big, 'number');
    expect(hex(encoded)).toBe('cf0020000000000001'); // uint64, not a rounded float
    expect(decodeMsgpack(encoded, 'number')).toEqual(big);
    expect(decodeMsgpack(bytes('d3 ffdfffffffffffff'), 'number')).toEqual(new BigNumberValue('-9007199254740993'));
    expect(decodeMsgpack(bytes('cf ffffffffffffffff'), 'number')).toEqual(new BigNumberValue('18446744073709551615'));
  });

  it('accepts numbers as int, float64 or decimal string, as Terraform may send any', () => {
    expect(decodeMsgpack(bytes('2a'), 'number')).toBe(42);
    expect(decodeMsgpack(bytes('d0 80'), 'number')).toBe(-128);
    expect(decodeMsgpack(bytes('cb 3ff8000000000000'), 'number')).toBe(1.5);
    expect(decodeMsgpack(Buffer.concat([bytes('a3'), Buffer.from('2.5')]), 'number')).toBe(2.5);
    // 0.1 has no exact double: it stays decimal text so Terraform gets back exactly what it sent.
    expect(decodeMsgpack(Buffer.concat([bytes('a3'), Buffer.from('0.1')]), 'number')).toEqual(new BigNumberValue('0.1'));
    const huge = '123456789012345678901234567890.5';
    expect(decodeMsgpack(encodeMsgpack(new BigNumberValue(huge), 'number'), 'number')).toEqual(new BigNumberValue(huge));
  });

  it('encodes the full range of small and large integers compactly and exactly', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(decodeMsgpack(encodeMsgpack(n, 'number'), 'number')).toBe(n);
    }
    expect(hex(encodeMsgpack(-1, 'number'))).toBe('ff');
  });

  it('encodes a dynamic value as a [type JSON, value] pair', () => {
    const encoded = encodeMsgpack(['a', 1], 'dynamic');
    expect(encoded[0]).toBe(0x92);
    expect(encoded.subarray(1, 3).toString('hex')).toBe('c41d'); // bin8, 29 bytes of type JSON
    expect(encoded.subarray(3, 3 + 29).toString()).toBe('["tuple",["string","number"]]');
    expect(decodeMsgpack(encoded, 'dynamic')).toEqual(['a', 1]);
  });

  it('names the attribute path of a value that does not fit the type when decoding', () => {
    // {"nested": {"a": 5}} where nested.a must be a string
    const input = Buffer.concat([bytes('81 a6'), Buffer.from('nested'), bytes('81 a1'), Buffer.from('a'), bytes('05')]);
    const err = caught(() => decodeMsgpack(input, thing));
    expect(err.path).toEqual([{ attribute: 'nested' }, { attribute: 'a' }]);
    expect(err.message).toBe('nested.a: expected string, got msgpack integer');
  });

  it('names the path of a list element and of a map key', () => {
    const list = Buffer.concat([bytes('81 a5'), Buffer.from('ports'), bytes('92 01 a1'), Buffer.from('x')]);
    expect(caught(() => decodeMsgpack(list, thing)).path).toEqual([{ attribute: 'ports' }, { index: 1 }]);
    const map = Buffer.concat([bytes('81 a4'), Buffer.from('tags'), bytes('81 a1'), Buffer.from('k'), bytes('c3')]);
    expect(caught(() => decodeMsgpack(map, thing)).path).toEqual([{ attribute: 'tags' }, { key: 'k' }]);
  });

  it('rejects an attribute the schema does not have, naming it', () => {
    const input = Buffer.concat([bytes('81 a5'), Buffer.from('bogus'), bytes('c0')]);
    const err = caught(() => decodeMsgpack(input, thing));
    expect(err.path).toEqual([{ attribute: 'bogus' }]);
    expect(err.message).toContain('unsupported attribute');
    expect(caught(() => encodeMsgpack({ bogus: 1 }, thing)).path).toEqual([{ attribute: 'bogus' }]);
  });

  it('reports truncated and trailing bytes instead of crashing', () => {
    expect(caught(() => decodeMsgpack(bytes('a5 6162'), 'string')).message).toContain('truncated');
    expect(caught(() => decodeMsgpack(bytes('c0 c0'), 'string')).message).toContain('trailing');
    expect(caught(() => decodeMsgpack(Buffer.alloc(0), 'string')).message).toContain('truncated');
  });

  it('names the path of a value the provider produced with the wrong type', () => {
    const err = caught(() => encodeMsgpack({ nested: { a: 'ok', b: ['x', 7] } } as TfValue, thing));
    expect(err.path).toEqual([{ attribute: 'nested' }, { attribute: 'b' }, { index: 1 }]);
    expect(err.message).toContain('a string is required (got a number)');
  });

  it('keeps a map key named __proto__ as an ordinary key', () => {
    const input = Buffer.concat([bytes('81 a9'), Buffer.from('__proto__'), bytes('a1'), Buffer.from('x')]);
    const v = decodeMsgpack(input, ['map', 'string']) as Record<string, TfValue>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('round-trips arbitrary values of a nested type (property)', () => {
    const leaf = fc.oneof(fc.constant(null), fc.constant(UNKNOWN), fc.string());
    const num = fc.oneof(
      fc.constant(null),
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)).map((b) => new BigNumberValue(b.toString())),
    );
    const type: CtyType = ['object', { s: 'string', n: 'number', l: ['list', 'string'], m: ['map', 'number'] }];
    const value = fc.record({ s: leaf, n: num, l: fc.array(leaf), m: fc.dictionary(fc.string(), num) });
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeMsgpack(encodeMsgpack(v as TfValue, type), type)).toEqual(v);
      }),
    );
  });
});

describe('cty msgpack decoder limits', () => {
  it('rejects a value nested thousands of levels deep with a ValueError, not a stack overflow', () => {
    // 5000 nested one-element arrays of a dynamic list type: [["list","dynamic"], [ ... ]]
    let type: CtyType = 'string';
    for (let i = 0; i < 5000; i++) type = ['list', type];
    const bytes: number[] = [];
    for (let i = 0; i < 5000; i++) bytes.push(0x91); // fixarray of one element
    bytes.push(0xa1, 0x78); // "x"
    let error: unknown;
    try {
      decodeMsgpack(Uint8Array.from(bytes), type);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect(String((error as Error).message)).toMatch(/nested more than 512 levels/);
  });
});
