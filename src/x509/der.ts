/**
 * A minimal DER (ASN.1 Distinguished Encoding Rules) writer and reader: just enough to build and
 * take apart X.509 certificates. Everything is byte arrays; no ASN.1 schema machinery, because a
 * certificate needs about a dozen element kinds and start-up time matters (the provider builds one
 * on every launch).
 */

/** Encodes a tag-length-value element. `tag` is the full identifier octet (e.g. 0x30 SEQUENCE). */
export function tlv(tag: number, content: Uint8Array): Buffer {
  const len = content.length;
  let header: number[];
  if (len < 0x80) {
    header = [tag, len];
  } else {
    const lenBytes: number[] = [];
    for (let n = len; n > 0; n = Math.floor(n / 256)) lenBytes.unshift(n & 0xff);
    header = [tag, 0x80 | lenBytes.length, ...lenBytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

/** SEQUENCE of already-encoded elements. */
export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** SET of already-encoded elements (callers pass them in DER order; we only ever use one item). */
export function set(...items: Uint8Array[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

/** INTEGER from unsigned big-endian magnitude bytes; adds the 0x00 sign byte when needed. */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsPad = trimmed.length === 0 || (trimmed[0] ?? 0) >= 0x80;
  return tlv(0x02, needsPad ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** INTEGER for a small non-negative number. */
export function smallInteger(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return unsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]));
}

export function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** OBJECT IDENTIFIER from dotted text, e.g. "2.5.4.3". */
export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => Number(p));
  const [first = 0, second = 0, ...rest] = parts;
  const out: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export function octetString(content: Uint8Array): Buffer {
  return tlv(0x04, content);
}

/** BIT STRING with `unusedBits` trailing padding bits in the last byte. */
export function bitString(content: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
}

export function utf8String(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, 'utf8'));
}

/** Context-specific constructed tag [n] EXPLICIT around one element. */
export function explicit(n: number, content: Uint8Array): Buffer {
  return tlv(0xa0 | n, content);
}

/**
 * A certificate time: UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5).
 * Seconds precision, always UTC.
 */
export function time(date: Date): Buffer {
  // From the getUTC* fields, not toISOString(): the first toISOString() of a process costs about
  // 1 ms (more on a busy machine), and the provider makes its AutoMTLS certificate on every start.
  const two = (n: number) => String(n).padStart(2, '0');
  const digits = `${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`; // YYYYMMDDHHMMSSZ
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii')) : tlv(0x18, Buffer.from(digits, 'ascii'));
}

/** One decoded element: its tag, its content bytes, and the whole encoding (header included). */
export interface DerElement {
  tag: number;
  content: Buffer;
  raw: Buffer;
}

/** Reads the element starting at `offset`. Throws on truncated or indefinite-length input. */
export function readElement(buf: Buffer, offset = 0): DerElement {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) throw new Error('DER: truncated header');
  let len = first;
  let headerLen = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: unsupported length encoding');
    len = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[offset + 2 + i];
      if (b === undefined) throw new Error('DER: truncated length');
      len = len * 256 + b;
    }
    headerLen += n;
  }
  const end = offset + headerLen + len;
  if (end > buf.length) throw new Error('DER: truncated content');
  return { tag, content: buf.subarray(offset + headerLen, end), raw: buf.subarray(offset, end) };
}

/** The children of a constructed element (SEQUENCE, SET, explicit tag). */
export function children(el: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let off = 0; off < el.content.length; ) {
    const child = readElement(el.content, off);
    out.push(child);
    off += child.raw.length;
  }
  return out;
}
