import { describe, expect, it } from 'vitest';
import { BigNumberValue, type CtyType } from '../framework/contract';
import { conformJson, parseJsonExact } from './json-value';
import { ValueError } from './value-error';

describe('exact JSON', () => {
  it('parses like JSON.parse but keeps numbers beyond 2^53 exact', () => {
    const text = '{"a":[1,2.5,"x\\n\\u00e9",true,null],"big":9007199254740993,"neg":-0.1,"__proto__":{"k":1}}';
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(v.a).toEqual([1, 2.5, 'x\né', true, null]);
    expect(v.big).toEqual(new BigNumberValue('9007199254740993'));
    expect(v.neg).toEqual(new BigNumberValue('-0.1'));
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ k: 1 });
  });

  it('rejects invalid JSON with the offset', () => {
    expect(() => parseJsonExact('{"a":}')).toThrow(/offset 5/);
    expect(() => parseJsonExact('[1,2')).toThrow(ValueError);
    expect(() => parseJsonExact('{} x')).toThrow(/trailing/);
  });
});

describe('conformJson', () => {
  const type: CtyType = ['object', { id: 'string', n: 'number', on: 'bool', inner: ['list', ['object', { x: 'string' }]] }];

  it('fills attributes missing from stored state with null', () => {
    expect(conformJson(parseJsonExact('{"id":"a"}'), type, [])).toEqual({ id: 'a', n: null, on: null, inner: null });
  });

  it('names the path of a value that does not fit', () => {
    try {
      conformJson(parseJsonExact('{"inner":[{"x":"ok"},{"y":1}]}'), type, []);
      expect.unreachable();
    } catch (e) {
      expect((e as ValueError).path).toEqual([{ attribute: 'inner' }, { index: 1 }, { attribute: 'y' }]);
      expect((e as ValueError).message).toBe('inner[1].y: unsupported attribute');
    }
  });

  it('converts primitives the way cty does', () => {
    expect(conformJson(parseJsonExact('{"id":5,"n":"12","on":"true"}'), type, [])).toEqual({ id: '5', n: 12, on: true, inner: null });
  });
});
