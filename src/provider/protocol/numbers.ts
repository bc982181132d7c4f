/**
 * Exact cty numbers. Terraform numbers are arbitrary-precision decimals; a JS number is used only
 * when it holds the value exactly, otherwise the decimal text travels as a `BigNumberValue`, so that
 * 9007199254740993 or 0.1 (which no double holds exactly) come back to Terraform unchanged.
 */
import { BigNumberValue } from '../framework/contract';

const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Whether `text` is a decimal number in JSON syntax (what cty and Terraform produce). */
export function isDecimalText(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * The value of a decimal text: a JS number when that double equals the decimal exactly, else a
 * BigNumberValue carrying the text. Throws on text that is not a decimal number.
 */
export function numberFromDecimal(text: string): number | BigNumberValue {
  if (!DECIMAL.test(text)) throw new Error(`not a number: ${JSON.stringify(text)}`);
  const n = Number(text);
  if (Number.isFinite(n) && normalise(exactDecimalOf(n)) === normalise(text)) return n;
  return new BigNumberValue(text);
}

/** A number from a msgpack int64/uint64: a JS number when safe, else its exact decimal text. */
export function numberFromBigInt(v: bigint): number | BigNumberValue {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : new BigNumberValue(v.toString());
}

/** The integer a decimal text denotes, when it is an integer that fits int64/uint64; else undefined. */
export function int64OfDecimal(text: string): bigint | undefined {
  const norm = normalise(text);
  if (norm.includes('.')) return undefined;
  const v = BigInt(norm);
  return v >= -(2n ** 63n) && v < 2n ** 64n ? v : undefined;
}

/** The exact decimal expansion of a finite double (every double has a finite one). */
function exactDecimalOf(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  // toFixed is exact up to 100 digits; a double needing more cannot equal a shorter decimal text
  // anyway, and the comparison then fails as it should.
  return Math.abs(n) < 1e21 ? n.toFixed(100) : BigInt(Math.trunc(n)).toString();
}

/** Canonical plain-decimal form: no exponent, no redundant zeros, no "-0". */
function normalise(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign = '', intPart = '', fracPart = '', expPart] = m;
  // Such texts are never exact doubles; refusing them keeps a hostile exponent from allocating.
  if (expPart && Math.abs(Number(expPart)) > 1000) return `${text}(unnormalised)`;
  let digits = intPart + fracPart;
  let point = intPart.length + (expPart ? Number(expPart) : 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  const whole = digits.slice(0, point).replace(/^0+/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const body = frac ? `${whole}.${frac}` : whole;
  return body === '0' ? '0' : sign + body;
}
