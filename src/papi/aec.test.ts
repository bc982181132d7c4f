import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, extractAec, httpFallbackMessage } from './aec';

describe('extractAec', () => {
  it('reads the first error of a OneFS envelope, formatted as PAPI formats it', () => {
    const body = '{\n"errors" :\n[\n\n{\n"code" : "AEC_NOT_FOUND",\n"message" : "Failed to find user for \'USER:gavagai\': No such user"\n}\n]\n}\r\n';
    expect(extractAec(body, 404)).toEqual({ code: 'AEC_NOT_FOUND', message: "Failed to find user for 'USER:gavagai': No such user" });
  });

  it('keeps only the first of several errors', () => {
    const body = { errors: [{ code: 'AEC_BAD_REQUEST', field: 'a', message: 'first' }, { code: 'AEC_CONFLICT', message: 'second' }] };
    expect(extractAec(body, 400)).toEqual({ code: 'AEC_BAD_REQUEST', message: 'first' });
  });

  it.each<[string, unknown, number, { code: string | undefined; message: string }]>([
    ['an empty body', '', 503, { code: undefined, message: 'HTTP 503 Service Unavailable' }],
    ['whitespace', ' \r\n', 502, { code: undefined, message: 'HTTP 502 Bad Gateway' }],
    ['an HTML page', '<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>', 401, { code: undefined, message: 'HTTP 401 Unauthorized' }],
    ['plain text', 'Service Unavailable. Please contact Administrator.', 503, { code: undefined, message: 'HTTP 503 Service Unavailable' }],
    ['truncated JSON', '{"errors":[{"code":"AEC_NOT', 404, { code: undefined, message: 'HTTP 404 Not Found' }],
    ['errors: []', '{"errors":[]}', 500, { code: undefined, message: 'HTTP 500 Internal Server Error' }],
    ['{}', '{}', 500, { code: undefined, message: 'HTTP 500 Internal Server Error' }],
    ['null', 'null', 500, { code: undefined, message: 'HTTP 500 Internal Server Error' }],
    ['a JSON array', '[{"code":"AEC_X","message":"m"}]', 400, { code: undefined, message: 'HTTP 400 Bad Request' }],
    ['a JSON string', '"oops"', 400, { code: undefined, message: 'HTTP 400 Bad Request' }],
    ['errors as a string', '{"errors":"nope"}', 409, { code: undefined, message: 'HTTP 409 Conflict' }],
    ['errors of non-objects', '{"errors":[null, 3, "x", []]}', 409, { code: undefined, message: 'HTTP 409 Conflict' }],
    ['an error without a message', '{"errors":[{"code":"AEC_CONFLICT"}]}', 409, { code: undefined, message: 'HTTP 409 Conflict' }],
    ['an empty message', '{"errors":[{"code":"AEC_CONFLICT","message":"  "}]}', 409, { code: undefined, message: 'HTTP 409 Conflict' }],
    ['a numeric message', '{"errors":[{"code":"AEC_CONFLICT","message":42}]}', 409, { code: undefined, message: 'HTTP 409 Conflict' }],
    ['an unknown status', '', 599, { code: undefined, message: 'HTTP 599' }],
    ['an already-parsed odd value', 12, 500, { code: undefined, message: 'HTTP 500 Internal Server Error' }],
    ['undefined', undefined, 504, { code: undefined, message: 'HTTP 504 Gateway Timeout' }],
  ])('falls back to the HTTP status for %s', (_name, body, status, expected) => {
    expect(extractAec(body, status)).toEqual(expected);
  });

  it.each<[string, unknown, { code: string | undefined; message: string }]>([
    ['an auth error without a code', '{"errors":[{"message":"authorization required"}]}', { code: undefined, message: 'authorization required' }],
    ['a top-level message (login refusal)', '{"message":"Unable to create session."}', { code: undefined, message: 'Unable to create session.' }],
    ['an integer code (the SDK swagger shape)', '{"errors":[{"code":4904,"message":"gone"}]}', { code: undefined, message: 'gone' }],
    ['a free-text code', '{"errors":[{"code":"not a code","message":"gone"}]}', { code: undefined, message: 'gone' }],
    ['a first entry without a message', '{"errors":[{"code":"AEC_X"},{"code":"AEC_NOT_FOUND","message":"second"}]}', { code: 'AEC_NOT_FOUND', message: 'second' }],
    ['a multi-line message', '{"errors":[{"code":"AEC_BAD_REQUEST","message":"line one\\n  line two"}]}', { code: 'AEC_BAD_REQUEST', message: 'line one line two' }],
    ['an empty errors list next to a top-level message', '{"errors":[],"message":"outer"}', { code: undefined, message: 'outer' }],
  ])('copes with %s', (_name, body, expected) => {
    expect(extractAec(body, 401)).toEqual(expected);
  });

  it('strips control characters and bidi overrides a cluster echoes back, keeping the readable text', () => {
    const body = JSON.stringify({ errors: [{ code: 'AEC_NOT_FOUND', message: 'Failed to find user \u001b[31mev\u202eil\u2066x\u2069\u200b\u0007 here' }] });
    const { message } = extractAec(body, 404);
    expect(message).toBe('Failed to find user [31mevilx here');
    expect(message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('cuts a runaway message', () => {
    const { message } = extractAec(JSON.stringify({ errors: [{ code: 'AEC_EXCEPTION', message: 'x'.repeat(10_000) }] }), 500);
    expect(message).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(message.endsWith('…')).toBe(true);
  });

  it('survives a hostile parsed object whose getters throw', () => {
    const hostile = {
      get errors(): unknown {
        throw new Error('boom');
      },
    };
    expect(extractAec(hostile, 500)).toEqual({ code: undefined, message: 'HTTP 500 Internal Server Error' });
  });

  it('never throws and always returns a non-empty message, whatever the body', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), fc.integer({ min: 100, max: 599 }), (body, status) => {
        const result = extractAec(body, status);
        expect(result.message.length).toBeGreaterThan(0);
        expect(result.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
        expect(result.code === undefined || /^[A-Z][A-Z0-9_]*$/.test(result.code)).toBe(true);
      }),
    );
  });

  it('names the reason phrase of common statuses', () => {
    expect(httpFallbackMessage(404)).toBe('HTTP 404 Not Found');
  });
});
