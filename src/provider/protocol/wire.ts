/**
 * Protocol Buffers wire format, by hand: a writer and a reader for the three wire types the
 * Terraform messages use (varint, 64-bit is never used, length-delimited). No reflection and no
 * .proto parsing at run time, because every provider start pays for what it loads.
 */

const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
}

/** Appends fields to a growing buffer. Proto3 defaults (0, false, '', empty) are skipped by the helpers. */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];
  private length = 0;

  private flushScratch(): void {
    if (this.scratch.length) {
      this.chunks.push(Uint8Array.from(this.scratch));
      this.length += this.scratch.length;
      this.scratch = [];
    }
  }

  private varint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value < 0x80000000) {
      let n = value;
      while (n > 0x7f) {
        this.scratch.push((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      this.scratch.push(n);
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private tag(field: number, wire: WireType): void {
    this.varint((field << 3) | wire);
  }

  /** int64/int32/enum field; negative numbers take ten bytes, as protobuf specifies. */
  int(field: number, value: number | bigint | undefined): this {
    if (value === undefined || value === 0 || value === 0n) return this;
    this.tag(field, WireType.Varint);
    this.varint(value);
    return this;
  }

  /** An integer written even when 0 (a oneof member must be present to say which one is set). */
  intAlways(field: number, value: number | bigint): this {
    this.tag(field, WireType.Varint);
    this.varint(value);
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.tag(field, WireType.Varint);
    this.scratch.push(1);
    return this;
  }

  bytes(field: number, value: Uint8Array | undefined): this {
    if (!value || value.length === 0) return this;
    return this.bytesAlways(field, value);
  }

  /** A length-delimited field written even when empty (present sub-messages, map entries). */
  bytesAlways(field: number, value: Uint8Array): this {
    this.tag(field, WireType.LengthDelimited);
    this.varint(value.length);
    this.flushScratch();
    this.chunks.push(value);
    this.length += value.length;
    return this;
  }

  string(field: number, value: string | undefined): this {
    if (!value) return this;
    return this.bytesAlways(field, Buffer.from(value, 'utf8'));
  }

  /** A sub-message; `undefined` means absent. */
  message(field: number, value: Uint8Array | undefined): this {
    return value === undefined ? this : this.bytesAlways(field, value);
  }

  finish(): Buffer {
    this.flushScratch();
    return Buffer.concat(this.chunks, this.length);
  }
}

/** One decoded field: its number and either a varint (as bigint) or the raw bytes. */
export type ProtoField = { field: number; varint: bigint; bytes?: undefined } | { field: number; bytes: Buffer; varint?: undefined };

/**
 * Splits a message into fields. Unknown fields are returned like any other (callers ignore them),
 * fixed32/fixed64 are returned as bytes. Throws `ProtoDecodeError` on malformed input.
 */
export function readFields(buf: Uint8Array): ProtoField[] {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const out: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = b[pos++];
      if (byte === undefined) throw new ProtoDecodeError('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtoDecodeError('varint too long');
    }
  };
  while (pos < b.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new ProtoDecodeError('field number 0');
    switch (wire) {
      case WireType.Varint:
        out.push({ field, varint: varint() });
        break;
      case WireType.Fixed64:
      case WireType.Fixed32: {
        const n = wire === WireType.Fixed64 ? 8 : 4;
        if (pos + n > b.length) throw new ProtoDecodeError('truncated fixed field');
        out.push({ field, bytes: b.subarray(pos, pos + n) });
        pos += n;
        break;
      }
      case WireType.LengthDelimited: {
        const len = Number(varint());
        if (pos + len > b.length) throw new ProtoDecodeError(`truncated field ${field}`);
        out.push({ field, bytes: b.subarray(pos, pos + len) });
        pos += len;
        break;
      }
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wire}`);
    }
  }
  return out;
}

/** Malformed protobuf input. Terraform never sends it; the gRPC layer answers INTERNAL. */
export class ProtoDecodeError extends Error {
  override name = 'ProtoDecodeError';
}

/** Field accessors over `readFields` output: last value wins, as protobuf specifies for scalars. */
export class ProtoFields {
  constructor(readonly fields: ProtoField[]) {}

  static parse(buf: Uint8Array): ProtoFields {
    return new ProtoFields(readFields(buf));
  }

  private last(field: number): ProtoField | undefined {
    for (let i = this.fields.length - 1; i >= 0; i--) {
      const f = this.fields[i];
      if (f && f.field === field) return f;
    }
    return undefined;
  }

  string(field: number): string {
    const f = this.last(field);
    return f?.bytes ? f.bytes.toString('utf8') : '';
  }

  bytes(field: number): Buffer {
    const f = this.last(field);
    return f?.bytes ?? Buffer.alloc(0);
  }

  /** A sub-message, or undefined when absent. */
  message(field: number): Buffer | undefined {
    return this.last(field)?.bytes;
  }

  repeated(field: number): Buffer[] {
    const out: Buffer[] = [];
    for (const f of this.fields) if (f.field === field && f.bytes) out.push(f.bytes);
    return out;
  }

  /** int64 as a JS number (schema versions and similar small values). */
  int(field: number): number {
    const f = this.last(field);
    return f?.varint === undefined ? 0 : Number(BigInt.asIntN(64, f.varint));
  }

  bool(field: number): boolean {
    const f = this.last(field);
    return f?.varint !== undefined && f.varint !== 0n;
  }
}
