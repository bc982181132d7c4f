import { describe, expect, it } from 'vitest';
import { UNKNOWN, type TfObject } from './contract';
import { checkPlanValid, planResourceChange } from './plan';
import { requiresReplace, useStateForUnknown } from './plan-modifiers';
import { compileSchema } from './schema';

const schema = compileSchema('test_thing', {
  description: 'a thing',
  attributes: {
    id: { type: 'string', description: 'id', computed: true, planModifiers: [useStateForUnknown()] },
    name: { type: 'string', description: 'name', required: true },
    zone: { type: 'string', description: 'zone', optional: true, computed: true, default: 'System', planModifiers: [requiresReplace()] },
    version: { type: 'string', description: 'changes on every update', computed: true },
    note: { type: 'string', description: 'note', optional: true },
    token: { type: 'string', description: 'write-only', optional: true, writeOnly: true },
  },
});

const prior: TfObject = { id: 'x1', name: 'a', zone: 'System', version: 'v1', note: null, token: null };

describe('planResourceChange', () => {
  it.each<[string, { prior: TfObject | null; config: TfObject; proposed: TfObject }, TfObject, string[]]>([
    [
      'marks computed attributes unknown on create and applies defaults',
      { prior: null, config: { id: null, name: 'a', zone: null, version: null, note: null, token: 's3cr3t' }, proposed: { id: null, name: 'a', zone: null, version: null, note: null, token: 's3cr3t' } },
      { id: UNKNOWN, name: 'a', zone: 'System', version: UNKNOWN, note: null, token: null },
      [],
    ],
    [
      'keeps the prior state when nothing changes',
      { prior, config: { id: null, name: 'a', zone: null, version: null, note: null, token: null }, proposed: { ...prior } },
      prior,
      [],
    ],
    [
      'keeps useStateForUnknown values and unknowns other computed values on an update',
      { prior, config: { id: null, name: 'b', zone: null, version: null, note: null, token: null }, proposed: { ...prior, name: 'b' } },
      { id: 'x1', name: 'b', zone: 'System', version: UNKNOWN, note: null, token: null },
      [],
    ],
    [
      'lists a changed requiresReplace attribute',
      { prior, config: { id: null, name: 'a', zone: 'Other', version: null, note: null, token: null }, proposed: { ...prior, zone: 'Other' } },
      { id: 'x1', name: 'a', zone: 'Other', version: UNKNOWN, note: null, token: null },
      ['zone'],
    ],
    [
      'lists a requiresReplace attribute whose config value is not known yet',
      { prior, config: { id: null, name: 'a', zone: UNKNOWN, version: null, note: null, token: null }, proposed: { ...prior, zone: UNKNOWN } },
      { id: 'x1', name: 'a', zone: UNKNOWN, version: UNKNOWN, note: null, token: null },
      ['zone'],
    ],
    [
      'nulls a write-only value even when only it is set',
      { prior, config: { id: null, name: 'a', zone: null, version: null, note: null, token: 'new' }, proposed: { ...prior, token: 'new' } },
      prior,
      [],
    ],
  ])('%s', (_name, input, planned, replace) => {
    const out = planResourceChange({ schema, ...input });
    expect(out.planned).toEqual(planned);
    expect(out.requiresReplace.map((p) => p.map((s) => ('attribute' in s ? s.attribute : '?')).join('.'))).toEqual(replace);
  });

  it('does not modify the proposed object it is given', () => {
    const proposed = { id: null, name: 'a', zone: null, version: null, note: null, token: 't' };
    const copy = { ...proposed };
    planResourceChange({ schema, prior: null, proposed, config: proposed });
    expect(proposed).toEqual(copy);
  });

  it('plans nested block attributes: defaults and unknown computed values inside a single block', () => {
    const withBlock = compileSchema('test_block', {
      description: 'b',
      attributes: { name: { type: 'string', description: 'n', required: true } },
      blocks: {
        options: {
          nesting: 'single',
          description: 'o',
          attributes: {
            mode: { type: 'string', description: 'm', optional: true, computed: true, default: 'fast' },
            etag: { type: 'string', description: 'e', computed: true },
          },
        },
      },
    });
    const config = { name: 'n', options: { mode: null, etag: null } };
    const out = planResourceChange({ schema: withBlock, prior: null, proposed: config, config });
    expect(out.planned).toEqual({ name: 'n', options: { mode: 'fast', etag: UNKNOWN } });
  });
});

describe('checkPlanValid', () => {
  it('reports a planned value that differs from config, naming the attribute', () => {
    const config = { id: null, name: 'a', zone: null, version: null, note: 'n', token: null };
    const diags = checkPlanValid(schema, config, { ...config, note: 'changed' });
    expect(diags).toHaveLength(1);
    expect(diags[0]?.attribute).toEqual([{ attribute: 'note' }]);
    expect(diags[0]?.detail).toMatch(/bug in the provider/);
  });

  it('reports a planned write-only value', () => {
    const config = { id: null, name: 'a', zone: null, version: null, note: null, token: 'x' };
    expect(checkPlanValid(schema, config, config)[0]?.attribute).toEqual([{ attribute: 'token' }]);
  });

  it('accepts unknown or chosen values for computed attributes the config leaves null', () => {
    const config = { id: null, name: 'a', zone: null, version: null, note: null, token: null };
    expect(checkPlanValid(schema, config, { ...config, id: UNKNOWN, zone: 'System', version: 'v' })).toEqual([]);
  });
});

describe('compileSchema', () => {
  it.each([
    ['no mode', { type: 'string', description: 'x' }],
    ['required and computed', { type: 'string', description: 'x', required: true, computed: true }],
    ['a default without computed', { type: 'string', description: 'x', optional: true, default: 'a' }],
    ['a computed write-only attribute', { type: 'string', description: 'x', optional: true, computed: true, writeOnly: true }],
  ] as const)('rejects an attribute with %s', (_name, spec) => {
    expect(() => compileSchema('t', { description: 't', attributes: { a: spec } })).toThrow(/schema t\.a/);
  });

  it('derives snake_case Terraform names from camelCase model keys', () => {
    const s = compileSchema('t', { description: 't', attributes: { expectedGuid: { type: 'string', description: 'g', optional: true } } });
    expect(s.attributes[0]?.name).toBe('expected_guid');
  });
});
