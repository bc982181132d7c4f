import { describe, expect, it } from 'vitest';
import { ProtoDecodeError, ProtoFields, ProtoWriter, readFields } from './wire';

describe('protobuf wire codec', () => {
  it('round-trips varints, strings, bytes and sub-messages', () => {
    const sub = new ProtoWriter().string(1, 'inner').finish();
    const buf = new ProtoWriter().int(1, 300).int(2, -1).int(3, 2n ** 62n).bool(4, true).string(5, 'héllo').bytes(6, Buffer.from([1, 2])).message(7, sub).finish();
    const f = ProtoFields.parse(buf);
    expect(f.int(1)).toBe(300);
    expect(f.int(2)).toBe(-1);
    expect(f.bool(4)).toBe(true);
    expect(f.string(5)).toBe('héllo');
    expect([...f.bytes(6)]).toEqual([1, 2]);
    expect(ProtoFields.parse(f.message(7) as Buffer).string(1)).toBe('inner');
    expect(f.message(99)).toBeUndefined();
    expect(buf.subarray(0, 3).toString('hex')).toBe('08ac02'); // field 1, varint 300
  });

  it('skips proto3 defaults but writes oneof zeros when asked', () => {
    expect(new ProtoWriter().int(1, 0).bool(2, false).string(3, '').finish().length).toBe(0);
    expect(new ProtoWriter().intAlways(3, 0).finish().toString('hex')).toBe('1800');
  });

  it('returns fixed-width and unknown fields without failing', () => {
    const fields = readFields(Buffer.from('0d01020304' + '1101020304050607080a00', 'hex'));
    expect(fields.map((f) => f.field)).toEqual([1, 2, 1]);
  });

  it('throws ProtoDecodeError on truncated input', () => {
    expect(() => readFields(Buffer.from('0a05616263', 'hex'))).toThrow(ProtoDecodeError);
    expect(() => readFields(Buffer.from('08', 'hex'))).toThrow(/truncated varint/);
  });
});
