import { describe, expect, expectTypeOf, it } from 'vitest';
import { BigNumberValue, UNKNOWN, type TfObject } from './contract';
import { alsoRequires, atLeastOneOf, conflictsWith, exactlyOneOf } from './constraints';
import type { ModelOf, SameModel } from './model';
import { compileSchema, type ObjectSchemaSpec } from './schema';
import { validateAttributes } from './validate';
import { numberValidator, sizeBetween, stringValidator } from './validators';

const userSchema = {
  description: 'a user',
  attributes: {
    name: { type: 'string', required: true, description: 'n', validators: [stringValidator('a short name', (s) => (s.length <= 4 ? undefined : 'Expected at most 4 characters.'))] },
    uid: { type: 'number', optional: true, description: 'u', validators: [numberValidator('a positive uid', (n) => (n > 0 ? undefined : 'Expected a positive number.'))] },
    enabled: { type: 'bool', optional: true, description: 'e' },
    triggers: { type: ['map', 'string'], optional: true, description: 't' },
    owner: { type: ['object', { display_name: 'string' }], optional: true, description: 'o' },
    passwordWo: { type: 'string', optional: true, writeOnly: true, description: 'p' },
    passwordSecretName: { type: 'string', optional: true, description: 's' },
    passwordWoVersion: { type: 'number', optional: true, description: 'v' },
    groups: {
      optional: true,
      description: 'g',
      validators: [sizeBetween(0, 2)],
      nested: { nesting: 'list', attributes: { name: { type: 'string', required: true, description: 'n' }, ids: { optional: true, description: 'i', nested: { nesting: 'map', attributes: { gid: { type: 'number', required: true, description: 'g' } } } } } },
    },
  },
  blocks: { home: { nesting: 'single', description: 'h', attributes: { path: { type: 'string', optional: true, description: 'p' } } } },
  constraints: [conflictsWith('passwordWo', 'passwordSecretName'), alsoRequires('passwordWo', 'passwordWoVersion')],
} satisfies ObjectSchemaSpec;

type UserModel = ModelOf<typeof userSchema>;

interface HandWritten {
  name: string | null;
  uid: number | null;
  enabled: boolean | null;
  triggers: Record<string, string> | null;
  owner: { displayName: string | null } | null;
  passwordWo: string | null;
  passwordSecretName: string | null;
  passwordWoVersion: number | null;
  groups: { name: string | null; ids: Record<string, { gid: number | null }> | null }[] | null;
  home: { path: string | null } | null;
}

const schema = compileSchema('test_user', userSchema);
const nulls: TfObject = { name: 'ann', uid: null, enabled: null, triggers: null, owner: null, password_wo: null, password_secret_name: null, password_wo_version: null, groups: null, home: null };

describe('typed models', () => {
  it('derives the model from the schema at every depth, with camelCase keys inside object types', () => {
    const proof: SameModel<UserModel, HandWritten> = true;
    expect(proof).toBe(true);
    expectTypeOf<UserModel['groups']>().toEqualTypeOf<{ name: string | null; ids: Record<string, { gid: number | null }> | null }[] | null>();
    expectTypeOf<SameModel<UserModel, Omit<HandWritten, 'uid'>>>().toEqualTypeOf<false>();
  });
});

describe('typed validators and constraints', () => {
  it('hands typed values to validator callbacks and refuses other types', () => {
    const v = numberValidator('a positive number', (n) => (n > 0 ? undefined : 'no'));
    expect(v.validate(new BigNumberValue('12345678901234567890'))).toBeUndefined();
    expect(v.validate('x')).toBe('Expected a number.');
    expect(stringValidator('s', () => undefined).validate(1)).toBe('Expected a string.');
  });

  it('checks collection sizes of nested attributes', () => {
    const d = validateAttributes(schema, { ...nulls, groups: [{ name: 'a', ids: null }, { name: 'b', ids: null }, { name: 'c', ids: null }] });
    expect(d).toHaveLength(1);
    expect(d[0]?.detail).toContain('Expected between 0 and 2 elements, got 3.');
  });

  it.each<[string, TfObject, string[]]>([
    ['accepts a config that keeps every rule', { ...nulls, password_wo: 'p', password_wo_version: 1 }, []],
    ['refuses two conflicting attributes, naming both and pointing at the second', { ...nulls, password_wo: 'p', password_wo_version: 1, password_secret_name: 's' }, ['Conflicting Attributes: password_secret_name']],
    ['refuses an attribute set without the one it requires', { ...nulls, password_wo: 'p' }, ['Missing Attribute: password_wo']],
    ['treats unknown values as maybe set', { ...nulls, password_wo: 'p', password_wo_version: UNKNOWN, password_secret_name: UNKNOWN }, []],
  ])('%s', (_name, config, expected) => {
    const d = validateAttributes(schema, config);
    expect(d.map((x) => `${x.summary}: ${x.attribute?.map((s) => ('attribute' in s ? s.attribute : '')).join('.') ?? ''}`)).toEqual(expected);
  });

  it('requires exactly one or at least one of a group, unless one is still unknown', () => {
    const s = compileSchema<{ a: string | null; b: string | null }>('t', {
      description: 't',
      attributes: { a: { type: 'string', optional: true, description: 'a' }, b: { type: 'string', optional: true, description: 'b' } },
      constraints: [exactlyOneOf('a', 'b'), atLeastOneOf('a', 'b')],
    });
    expect(validateAttributes(s, { a: null, b: null }).map((d) => d.detail)).toEqual(['Exactly one of `a`, `b` must be set; none is.', 'At least one of `a`, `b` must be set; none is.']);
    expect(validateAttributes(s, { a: UNKNOWN, b: null })).toEqual([]);
    expect(validateAttributes(s, { a: 'x', b: 'y' }).map((d) => d.summary)).toEqual(['Conflicting Attributes']);
  });

  it('fails at definition time when a constraint names an attribute the schema lacks', () => {
    expect(() => compileSchema('t', { description: 't', attributes: { a: { type: 'string', optional: true, description: 'a' } }, constraints: [conflictsWith('a', 'nope')] })).toThrow(/conflictsWith names nope/);
  });
});
