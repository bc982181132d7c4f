import { describe, expect, it } from 'vitest';
import { FaultBook, FaultSpecError, parseFaultSpec } from './faults';

describe('parseFaultSpec', () => {
  it('defaults count to 1 and upper-cases the method', () => {
    expect(parseFaultSpec({ method: 'get', status: 503 })).toEqual({ count: 1, method: 'GET', status: 503 });
  });

  it.each([
    [{}, /needs "status", "delayMs" or "drop"/],
    [{ status: 503, extra: 1 }, /unknown member\(s\): extra/],
    [{ status: 99 }, /"status" must be an integer from 200 to 599/],
    [{ drop: 'yes' }, /"drop" must be a boolean/],
    [{ count: 0, status: 500 }, /"count"/],
    [{ body: {} , delayMs: 5 }, /"body" needs "status"/],
    [{ path: '/(/', status: 500 }, /not a valid regular expression/],
    [[], /JSON object/],
  ])('rejects %j', (input, message) => {
    expect(() => parseFaultSpec(input)).toThrow(FaultSpecError);
    expect(() => parseFaultSpec(input)).toThrow(message);
  });
});

describe('FaultBook', () => {
  it('matches service, method and a path substring, and consumes count matches', () => {
    const book = new FaultBook();
    book.add(parseFaultSpec({ service: 'onefs', method: 'POST', path: '/protocols/s3/keys/', count: 2, status: 503 }));
    expect(book.take('dap', 'POST', '/platform/10/protocols/s3/keys/alice')).toBeUndefined();
    expect(book.take('onefs', 'GET', '/platform/10/protocols/s3/keys/alice')).toBeUndefined();
    expect(book.take('onefs', 'POST', '/platform/10/protocols/s3/keys/alice?force=true')?.status).toBe(503);
    expect(book.take('onefs', 'POST', '/platform/10/protocols/s3/keys/bob')?.remaining).toBe(0);
    expect(book.take('onefs', 'POST', '/platform/10/protocols/s3/keys/bob')).toBeUndefined();
    expect(book.list()).toEqual([]);
  });

  it('treats /…/ as a regular expression and a leading-slash path as a substring', () => {
    const book = new FaultBook();
    book.add(parseFaultSpec({ path: '/^\\/platform\\/latest$/', status: 500 }));
    book.add(parseFaultSpec({ path: '/platform/latest', status: 502 }));
    expect(book.take('onefs', 'GET', '/platform/latest')?.status).toBe(500);
    expect(book.take('onefs', 'GET', '/platform/latest/')?.status).toBe(502);
  });

  it('applies faults in the order they were added', () => {
    const book = new FaultBook();
    book.add(parseFaultSpec({ status: 500 }));
    book.add(parseFaultSpec({ status: 503 }));
    expect([book.take('x', 'GET', '/')?.status, book.take('x', 'GET', '/')?.status]).toEqual([500, 503]);
  });
});
