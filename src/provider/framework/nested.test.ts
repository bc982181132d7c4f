import { describe, expect, it } from 'vitest';
import { UNKNOWN, type TfObject } from './contract';
import { checkPlanValid, planResourceChange } from './plan';
import { requiresReplace, requiresReplaceIf, useStateForUnknown } from './plan-modifiers';
import { compileSchema, toContractSchema } from './schema';
import { validateAttributes } from './validate';
import { lengthBetween, oneOf, validator } from './validators';
import { jsonToObject, modelToObject, nullWriteOnly, objectToModel } from './values';

// A bucket-like schema: a list-nested `acl` whose objects hold a single-nested `grantee` (depth 2),
// a map-nested `rules`, a set-nested `tags`, repeated `rule` blocks holding a nested block, and
// write-only attributes at the top and inside a nested object.
const schema = compileSchema('test_bucket', {
  description: 'a bucket',
  attributes: {
    id: { type: 'string', computed: true, description: 'id', planModifiers: [useStateForUnknown()] },
    name: { type: 'string', required: true, description: 'name', planModifiers: [requiresReplace()] },
    size: {
      type: 'number',
      optional: true,
      description: 'size',
      planModifiers: [requiresReplaceIf('shrinkReplaces', 'Shrinking replaces.', (r) => typeof r.plan === 'number' && typeof r.prior === 'number' && r.plan < r.prior)],
    },
    ownerInfo: { type: ['object', { display_name: 'string', user_id: 'number' }], optional: true, description: 'a plain object type' },
    tokenWo: { type: 'string', optional: true, writeOnly: true, sensitive: true, description: 'write-only' },
    acl: {
      optional: true,
      description: 'grants',
      validators: [validator('at most 2 grants', (v) => (Array.isArray(v) && v.length > 2 ? 'At most 2 grants.' : undefined))],
      nested: {
        nesting: 'list',
        attributes: {
          permission: { type: 'string', required: true, description: 'p', validators: [oneOf('READ', 'WRITE')] },
          grantId: { type: 'string', computed: true, description: 'server-side id', planModifiers: [useStateForUnknown()] },
          grantee: {
            required: true,
            description: 'who',
            nested: {
              nesting: 'single',
              attributes: {
                name: { type: 'string', required: true, description: 'n', validators: [lengthBetween(1, 5)], planModifiers: [requiresReplace()] },
                granteeType: { type: 'string', optional: true, computed: true, default: 'user', description: 't' },
                secretWo: { type: 'string', optional: true, writeOnly: true, description: 'write-only inside' },
              },
            },
          },
        },
      },
    },
    rules: { optional: true, description: 'by name', nested: { nesting: 'map', attributes: { days: { type: 'number', required: true, description: 'd' } } } },
    tags: { optional: true, description: 'set', nested: { nesting: 'set', attributes: { key: { type: 'string', required: true, description: 'k' } } } },
  },
  blocks: {
    rule: {
      nesting: 'list',
      description: 'rules',
      maxItems: 3,
      attributes: { port: { type: 'number', required: true, description: 'port' } },
      blocks: { options: { nesting: 'single', description: 'opts', attributes: { mode: { type: 'string', optional: true, computed: true, default: 'fast', description: 'm' } } } },
    },
  },
});

const nulls: TfObject = { id: null, name: null, size: null, owner_info: null, token_wo: null, acl: null, rules: null, tags: null, rule: [] };

function grant(permission: string, name: string, extra: TfObject = {}): TfObject {
  return { permission, grant_id: null, grantee: { name, grantee_type: null, secret_wo: null, ...extra } };
}

describe('nested schemas', () => {
  it('compiles nested attributes at depth 2 into nested_type with implied object types', () => {
    const contract = toContractSchema(schema);
    const acl = contract.block.attributes.find((a) => a.name === 'acl');
    expect(acl?.nestedType?.nesting).toBe('list');
    const grantee = acl?.nestedType?.attributes.find((a) => a.name === 'grantee');
    expect(grantee?.nestedType?.nesting).toBe('single');
    expect(grantee?.nestedType?.attributes.map((a) => a.name)).toEqual(['name', 'grantee_type', 'secret_wo']);
    expect(grantee?.nestedType?.attributes.find((a) => a.name === 'secret_wo')?.writeOnly).toBe(true);
    expect(acl?.type).toEqual(['list', ['object', { permission: 'string', grant_id: 'string', grantee: ['object', { name: 'string', grantee_type: 'string', secret_wo: 'string' }] }]]);
    expect(contract.block.blockTypes[0]).toMatchObject({ typeName: 'rule', nesting: 'list', maxItems: 3 });
    expect(contract.block.blockTypes[0]?.block.blockTypes[0]).toMatchObject({ typeName: 'options', nesting: 'single' });
  });

  it('rejects computed attributes and defaults inside sets at definition time', () => {
    expect(() =>
      compileSchema('bad', { description: 'b', attributes: { s: { optional: true, description: 's', nested: { nesting: 'set', attributes: { c: { type: 'string', computed: true, description: 'c' } } } } } }),
    ).toThrow(/bad\.s\.c: an attribute inside a set cannot be computed/);
  });

  it('converts casing once at every depth, including keys of plain object types, and never map keys', () => {
    const obj: TfObject = {
      ...nulls,
      name: 'b',
      owner_info: { display_name: 'Ann', user_id: 7 },
      acl: [grant('READ', 'ann', { grantee_type: 'user' })],
      rules: { keep_me: { days: 3 } },
      rule: [{ port: 80, options: { mode: 'fast' } }],
    };
    const model = objectToModel(schema, obj, 'null');
    expect(model).toMatchObject({
      ownerInfo: { displayName: 'Ann', userId: 7 },
      acl: [{ permission: 'READ', grantId: null, grantee: { name: 'ann', granteeType: 'user', secretWo: null } }],
      rules: { keep_me: { days: 3 } },
      rule: [{ port: 80, options: { mode: 'fast' } }],
      tags: null,
    });
    expect(modelToObject(schema, model)).toEqual(obj);
  });

  it('gives repeated blocks to the model as arrays and back as empty lists, never null', () => {
    expect(objectToModel(schema, { ...nulls, rule: null }, 'null').rule).toEqual([]);
    expect(modelToObject(schema, { name: 'x' }).rule).toEqual([]);
  });

  it('nulls write-only attributes at every depth, in plans, results and stored state', () => {
    const obj: TfObject = { ...nulls, token_wo: 't', acl: [grant('READ', 'ann', { secret_wo: 's' })] };
    const cleaned = nullWriteOnly(schema, obj);
    expect(cleaned.token_wo).toBeNull();
    expect((cleaned.acl as TfObject[])[0]?.grantee).toMatchObject({ secret_wo: null });
    expect(obj.token_wo).toBe('t'); // the input is not changed
    const stored = jsonToObject(schema, { name: 'b', token_wo: 'x', acl: [{ permission: 'READ', grant_id: 'g', grantee: { name: 'a', grantee_type: 'user', secret_wo: 'leak' } }] });
    expect(stored.token_wo).toBeNull();
    expect((stored.acl as TfObject[])[0]?.grantee).toMatchObject({ secret_wo: null });
  });

  it('runs validators at every depth with paths Terraform can follow', () => {
    const config: TfObject = { ...nulls, name: 'b', acl: [grant('READ', 'ann'), grant('OWN', 'toolongname'), grant('READ', 'x')] };
    const d = validateAttributes(schema, config);
    expect(d.map((x) => x.attribute)).toEqual([
      [{ attribute: 'acl' }],
      [{ attribute: 'acl' }, { index: 1 }, { attribute: 'permission' }],
      [{ attribute: 'acl' }, { index: 1 }, { attribute: 'grantee' }, { attribute: 'name' }],
    ]);
    expect(d[1]?.detail).toContain('acl[1].permission');
  });

  it('refuses values for computed-only attributes inside nested objects', () => {
    const config: TfObject = { ...nulls, name: 'b', acl: [{ ...grant('READ', 'ann'), grant_id: 'mine' }] };
    expect(validateAttributes(schema, config)[0]).toMatchObject({ summary: 'Invalid Configuration for Read-Only Attribute', attribute: [{ attribute: 'acl' }, { index: 0 }, { attribute: 'grant_id' }] });
  });

  it('plans defaults and unknowns inside nested attributes and blocks on create', () => {
    const config: TfObject = { ...nulls, name: 'b', token_wo: 't', acl: [grant('READ', 'ann', { secret_wo: 's' })], rule: [{ port: 1, options: { mode: null } }] };
    const { planned, requiresReplace: replace } = planResourceChange({ schema, prior: null, proposed: config, config });
    expect(planned.id).toBe(UNKNOWN);
    expect(planned.token_wo).toBeNull();
    expect(planned.acl).toEqual([{ permission: 'READ', grant_id: UNKNOWN, grantee: { name: 'ann', grantee_type: 'user', secret_wo: null } }]);
    expect(planned.rule).toEqual([{ port: 1, options: { mode: 'fast' } }]);
    expect(replace).toEqual([]);
    expect(checkPlanValid(schema, config, planned)).toEqual([]);
    expect(config.token_wo).toBe('t'); // inputs are not changed
  });

  it('keeps nested useStateForUnknown values by list index and lists nested requiresReplace paths', () => {
    const prior: TfObject = { ...nulls, id: 'i1', name: 'b', size: 10, acl: [{ permission: 'READ', grant_id: 'g0', grantee: { name: 'ann', grantee_type: 'user', secret_wo: null } }] };
    const config: TfObject = { ...nulls, name: 'b', size: 10, acl: [grant('WRITE', 'bob')] };
    const proposed: TfObject = { ...config, id: 'i1', acl: [{ permission: 'WRITE', grant_id: 'g0', grantee: { name: 'bob', grantee_type: null, secret_wo: null } }] };
    const { planned, requiresReplace: replace } = planResourceChange({ schema, prior, proposed, config });
    expect(planned.id).toBe('i1');
    expect(planned.acl).toEqual([{ permission: 'WRITE', grant_id: 'g0', grantee: { name: 'bob', grantee_type: 'user', secret_wo: null } }]);
    expect(replace).toEqual([[{ attribute: 'acl' }, { index: 0 }, { attribute: 'grantee' }, { attribute: 'name' }]]);
  });

  it('replaces only when a requiresReplaceIf test says so', () => {
    const prior: TfObject = { ...nulls, id: 'i1', name: 'b', size: 10 };
    const plan = (size: number) => {
      const config: TfObject = { ...nulls, name: 'b', size };
      return planResourceChange({ schema, prior, proposed: { ...config, id: 'i1' }, config }).requiresReplace;
    };
    expect(plan(20)).toEqual([]);
    expect(plan(5)).toEqual([[{ attribute: 'size' }]]);
  });

  it('reports a hook that planned a changed configured value inside a nested object as a provider bug', () => {
    const config: TfObject = { ...nulls, name: 'b', acl: [grant('READ', 'ann')] };
    const bad: TfObject = { ...config, id: UNKNOWN, acl: [{ permission: 'WRITE', grant_id: UNKNOWN, grantee: { name: 'ann', grantee_type: 'user', secret_wo: null } }] };
    expect(checkPlanValid(schema, config, bad).map((d) => d.attribute)).toEqual([[{ attribute: 'acl' }, { index: 0 }, { attribute: 'permission' }]]);
  });
});
