/**
 * Properties of `extractAec` over arbitrary bodies and statuses (issue 9, bad input): it never
 * throws, what it returns is always fit for a one-line diagnostic, and a real envelope's code and
 * message survive whatever surrounds them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, extractAec, httpFallbackMessage } from './aec';

const AEC_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
// Everything a terminal, a log line or Terraform's diagnostic renderer would treat as a line break.
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A status as a transport may report it: any HTTP status, or 0 for "no response". */
const status = fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constant(0), fc.integer({ min: 600, max: 999 }));

/** Strings with the characters that break naive parsers: quotes, controls, surrogate pairs, lone surrogates. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\r', '\u2028', '\u0085', '\u0000', '😀', '\ud800', '\udc00', ' ', 'é', '{', '}') }),
);

/** An `errors` entry as a broken or hostile server might send it. */
const errorEntry = fc.oneof(
  fc.record({ code: fc.oneof(nastyString, fc.integer(), fc.constant(null)), message: fc.oneof(nastyString, fc.integer(), fc.constant(null), fc.constant([])) }, { requiredKeys: [] }),
  fc.anything(),
);

/** Bodies shaped like envelopes often enough to reach every branch, and anything else too. */
const body = fc.oneof(
  nastyString,
  fc.json(),
  fc.anything(),
  fc.record({ errors: fc.oneof(fc.array(errorEntry), fc.anything()), message: fc.oneof(nastyString, fc.anything()) }, { requiredKeys: [] }),
  fc.record({ errors: fc.array(errorEntry) }).map((v) => JSON.stringify(v)),
  fc.tuple(fc.constantFrom('', ' ', '\ufeff', '\r\n', '<html>'), fc.json()).map(([prefix, json]) => prefix + json),
);

describe('extractAec on arbitrary input', () => {
  it('never throws and always returns a short, single-line, well-formed message and a symbol-or-undefined code', () => {
    fc.assert(
      fc.property(body, status, (b, s) => {
        const { code, message } = extractAec(b, s);
        expect(typeof message).toBe('string');
        expect(message.trim()).not.toBe('');
        expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
        expect(LINE_BREAK.test(message)).toBe(false);
        // A lone surrogate would reach Terraform as U+FFFD (or break a strict UTF-8 decoder).
        expect(LONE_SURROGATE.test(message)).toBe(false);
        if (code !== undefined) expect(code).toMatch(AEC_CODE);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the HTTP status whenever the body holds no usable message', () => {
    const useless = fc.oneof(
      fc.constantFrom('', '   ', '{}', '{"errors":[]}', 'null', '[]', '<html><body>Service Unavailable</body></html>'),
      fc.string().filter((s) => !s.trim().startsWith('{')),
      fc.record({ errors: fc.array(fc.record({ code: fc.string(), message: fc.constantFrom('', ' \n\t ', 7, null) })) }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(useless, status, (b, s) => {
        const result = extractAec(b, s);
        expect(result).toEqual({ code: undefined, message: httpFallbackMessage(s) });
        expect(result.message).toContain(String(s));
      }),
    );
  });

  it("returns a real envelope's code and message, normalised to one line, whatever the message holds", () => {
    const code = fc.stringMatching(/^AEC_[A-Z0-9_]{1,40}$/);
    const message = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 800 })).filter((m) => m.trim() !== '');
    fc.assert(
      fc.property(code, message, status, fc.constantFrom('', ' ', '\r\n', '\n\n'), (c, m, s, pad) => {
        const text = `${pad}${JSON.stringify({ errors: [{ code: c, field: 'x', message: m }, { code: 'AEC_OTHER', message: 'second' }] })}${pad}`;
        const result = extractAec(text, s);
        expect(result.code).toBe(c);
        // Runs of whitespace (NEL included) become one space.
        const oneLine = m.replace(/[\s\u0085]+/g, ' ').trim();
        if (oneLine.length <= MAX_MESSAGE_LENGTH) {
          expect(result.message).toBe(oneLine);
        } else {
          expect(result.message.endsWith('…')).toBe(true);
          expect(oneLine.startsWith(result.message.slice(0, -1))).toBe(true);
          expect(LONE_SURROGATE.test(result.message)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answer for a body as text and for the same body already parsed', () => {
    fc.assert(
      fc.property(fc.json(), status, (text, s) => {
        const parsed: unknown = JSON.parse(text);
        const fromText = extractAec(text, s);
        // Only objects are envelopes; a parsed top-level string must not be re-parsed as JSON.
        if (typeof parsed === 'object' && parsed !== null) expect(extractAec(parsed, s)).toEqual(fromText);
      }),
    );
  });
});

describe('extractAec found by these properties', () => {
  it('never cuts an emoji in half when it shortens a runaway message', () => {
    const { message } = extractAec({ errors: [{ code: 'AEC_EXCEPTION', message: `${'x'.repeat(MAX_MESSAGE_LENGTH - 2)}😀😀😀` }] }, 500);
    expect(LONE_SURROGATE.test(message)).toBe(false);
    expect(message.endsWith('…')).toBe(true);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });

  it('treats a lone surrogate and a NEL line break in a cluster message as replacement character and space', () => {
    expect(extractAec('{"errors":[{"code":"AEC_X","message":"bad\\ud800 name\\u0085next"}]}', 400)).toEqual({ code: 'AEC_X', message: 'bad\ufffd name next' });
    expect(extractAec('{"errors":[{"code":"AEC_X","message":"\\u0085"}]}', 400)).toEqual({ code: undefined, message: 'HTTP 400 Bad Request' });
  });
});
