import { describe, expect, it } from 'vitest';
import { UNKNOWN, type SchemaBlock } from '../framework/contract';
import { fillNestedBlocks } from './block-values';

const inner: SchemaBlock = { description: '', attributes: [{ name: 'x', type: 'string', description: '', optional: true }], blockTypes: [] };
const block: SchemaBlock = {
  description: '',
  attributes: [{ name: 'id', type: 'string', description: '', computed: true }],
  blockTypes: [
    { typeName: 'one', nesting: 'single', block: inner },
    { typeName: 'grp', nesting: 'group', block: inner },
    { typeName: 'many', nesting: 'list', block: { ...inner, blockTypes: [{ typeName: 'deep', nesting: 'set', block: inner }] } },
    { typeName: 'named', nesting: 'map', block: inner },
  ],
};

describe('fillNestedBlocks', () => {
  it('makes absent or null collection blocks empty, groups objects, and leaves single blocks null', () => {
    expect(fillNestedBlocks({ id: 'a', many: null }, block)).toEqual({ id: 'a', one: null, grp: {}, many: [], named: {} });
  });

  it('fills blocks nested inside blocks and keeps unknowns as they are', () => {
    expect(fillNestedBlocks({ id: 'a', many: [{ x: 'v' }], named: UNKNOWN }, block)).toEqual({ id: 'a', one: null, grp: {}, many: [{ x: 'v', deep: [] }], named: UNKNOWN });
  });

  it('leaves a null object null', () => {
    expect(fillNestedBlocks(null, block)).toBeNull();
  });
});
