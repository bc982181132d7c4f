import { describe, expect, it } from 'vitest';
import { BigNumberValue } from '../framework/contract';
import { int64OfDecimal, numberFromBigInt, numberFromDecimal } from './numbers';

describe('exact numbers', () => {
  it('uses a JS number only when the double equals the decimal exactly', () => {
    expect(numberFromDecimal('42')).toBe(42);
    expect(numberFromDecimal('-2.5')).toBe(-2.5);
    expect(numberFromDecimal('1e3')).toBe(1000);
    expect(numberFromDecimal('0.1')).toEqual(new BigNumberValue('0.1'));
    expect(numberFromDecimal('9007199254740993')).toEqual(new BigNumberValue('9007199254740993'));
    expect(numberFromDecimal('9007199254740992')).toBe(9007199254740992);
    expect(numberFromDecimal('1e400')).toEqual(new BigNumberValue('1e400'));
    expect(numberFromDecimal('1e-99999999')).toEqual(new BigNumberValue('1e-99999999'));
  });

  it('refuses text that is not a decimal number', () => {
    expect(() => numberFromDecimal('12abc')).toThrow(/not a number/);
    expect(() => numberFromDecimal('NaN')).toThrow(/not a number/);
  });

  it('keeps int64 values beyond 2^53 as decimal text', () => {
    expect(numberFromBigInt(2n ** 53n)).toEqual(new BigNumberValue('9007199254740992'));
    expect(numberFromBigInt(-5n)).toBe(-5);
  });

  it('recognises integers that fit int64 or uint64 for compact encoding', () => {
    expect(int64OfDecimal('18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(int64OfDecimal('18446744073709551616')).toBeUndefined();
    expect(int64OfDecimal('1.5')).toBeUndefined();
    expect(int64OfDecimal('2e3')).toBe(2000n);
  });
});
