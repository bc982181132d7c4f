import { describe, expect, it } from 'vitest';
import { PapiError } from '../../../papi/errors';
import { ErrorAtAttribute } from '../../framework';
import { blameSetting, planUpdate, restorePlanOf } from './singleton';

const KEYS = ['a', 'b', 'c'] as const;
const actual = { a: 'x', b: 1, c: true };

describe('settings singleton rules', () => {
  it('writes what differs, remembers newly managed settings, and puts back and forgets released ones', () => {
    const step = planUpdate(KEYS, { a: 'y', b: 1, c: null }, actual, { restore: { c: false } });
    expect(step.patch).toEqual({ a: 'y', c: false });
    expect(step.next).toEqual({ restore: { a: 'x', b: 1 } });
  });

  it('keeps the first remembered value when a managed setting changes again', () => {
    expect(planUpdate(KEYS, { a: 'z', b: null, c: null }, actual, { restore: { a: 'original' } }).next).toEqual({ restore: { a: 'original' } });
  });

  it('remembers nothing for an imported resource (no private state)', () => {
    const step = planUpdate(KEYS, { a: 'y', b: null, c: null }, actual, undefined);
    expect(step).toEqual({ patch: { a: 'y' }, next: undefined });
  });

  it('reads back only a well-formed restore plan, dropping values that are not settings', () => {
    expect(restorePlanOf(undefined)).toBeUndefined();
    expect(restorePlanOf({ restore: [1] })).toBeUndefined();
    expect(restorePlanOf({ restore: { a: 'x', b: { nested: 1 }, c: null, d: 3 } })).toEqual({ restore: { a: 'x', d: 3 } });
  });

  it('points a 400 that names a setting at its attribute, and leaves other errors alone', () => {
    const bad = new PapiError({ status: 400, code: 'AEC_BAD_REQUEST', message: 'Field: http_port expected an integer from 1024 to 65535, got 80.', method: 'PUT', path: '/platform/10/protocols/s3/settings/global' });
    const blamed = blameSetting(bad, { httpPort: 'http_port', httpsPort: 'https_port' });
    expect(blamed).toBeInstanceOf(ErrorAtAttribute);
    expect((blamed as ErrorAtAttribute).attribute).toBe('httpPort');
    const other = new PapiError({ status: 500, code: 'AEC_EXCEPTION', message: 'http_port', method: 'PUT', path: '/x' });
    expect(blameSetting(other, { httpPort: 'http_port' })).toBe(other);
  });
});
