import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeValue, changedAttributes, code, formatSafeValue } from './values';

describe('attributeValue', () => {
  it('masks an attribute marked sensitive, even when only part of it is', () => {
    expect(attributeValue({ tags: { a: 'x', b: 'y' } }, 'tags', { tags: { b: true } })).toEqual({ kind: 'masked' });
  });

  it('masks every attribute when the whole object is marked sensitive', () => {
    expect(attributeValue({ user: 'alice' }, 'user', true)).toEqual({ kind: 'masked' });
  });

  it('masks attributes named like secrets even when the provider forgot to mark them', () => {
    expect(attributeValue({ secret_key: 'k', password: 'p' }, 'secret_key', {})).toEqual({ kind: 'masked' });
    expect(attributeValue({ secret_key: 'k', password: 'p' }, 'password', {})).toEqual({ kind: 'masked' });
  });

  it('shows secret names and timestamps, which are not secrets', () => {
    expect(attributeValue({ secret_name: 's3-alice' }, 'secret_name', {})).toEqual({ kind: 'value', text: 's3-alice' });
    expect(attributeValue({ secret_key_timestamp: 5 }, 'secret_key_timestamp', {})).toEqual({ kind: 'value', text: '5' });
  });

  it('reports unknown values as unknown', () => {
    expect(attributeValue({}, 'access_id', {}, { access_id: true })).toEqual({ kind: 'unknown' });
  });
});

describe('changedAttributes', () => {
  it('never reveals a sensitive value, whatever the values and markers', () => {
    const canary = fc.string({ minLength: 1 }).map((s) => `CANARY${s}`);
    fc.assert(
      fc.property(canary, canary, fc.constantFrom('input', 'anything', 'x_y'), (before, after, name) => {
        const diffs = changedAttributes({ before: { [name]: before }, after: { [name]: after }, afterUnknown: {}, beforeSensitive: { [name]: true }, afterSensitive: { [name]: true } });
        const text = diffs.map((d) => `${formatSafeValue(d.before)} ${formatSafeValue(d.after)}`).join(' ');
        expect(text).not.toContain('CANARY');
      }),
    );
  });

  it('leaves out attributes that do not change', () => {
    expect(changedAttributes({ before: { a: 1, b: 2 }, after: { a: 1, b: 3 }, afterUnknown: {}, beforeSensitive: {}, afterSensitive: {} }).map((d) => d.name)).toEqual(['b']);
  });
});

describe('code', () => {
  it('keeps a table cell intact whatever the text holds', () => {
    expect(code('a|b\nc')).toBe('`a\\|b c`');
    expect(code('x`y')).toBe('`` x`y ``');
  });
});
