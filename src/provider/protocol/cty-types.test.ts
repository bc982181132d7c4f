import { describe, expect, it } from 'vitest';
import type { SchemaBlock } from '../framework/contract';
import { impliedType, parseTypeJson, typeJson } from './cty-types';

describe('impliedType', () => {
  it('maps nested blocks by nesting mode: single/group to object, list/set to collections, map to map', () => {
    const inner: SchemaBlock = { attributes: [{ name: 'x', type: 'string', description: '', optional: true }], blockTypes: [], description: '' };
    const block: SchemaBlock = {
      description: '',
      attributes: [{ name: 'id', type: 'string', description: '', computed: true }],
      blockTypes: [
        { typeName: 'one', nesting: 'single', block: inner },
        { typeName: 'grp', nesting: 'group', block: inner },
        { typeName: 'many', nesting: 'list', block: inner },
        { typeName: 'uniq', nesting: 'set', block: inner },
        { typeName: 'named', nesting: 'map', block: inner },
      ],
    };
    const obj = ['object', { x: 'string' }];
    expect(impliedType(block)).toEqual(['object', { id: 'string', one: obj, grp: obj, many: ['list', obj], uniq: ['set', obj], named: ['map', obj] }]);
  });

  it('makes a list of blocks with dynamic attributes dynamic, as cty does', () => {
    const inner: SchemaBlock = { attributes: [{ name: 'v', type: 'dynamic', description: '', optional: true }], blockTypes: [], description: '' };
    expect(impliedType({ attributes: [], description: '', blockTypes: [{ typeName: 'l', nesting: 'list', block: inner }] })).toEqual(['object', { l: 'dynamic' }]);
  });
});

describe('type JSON', () => {
  it('writes types exactly as cty does and reads them back', () => {
    expect(typeJson(['map', ['list', 'number']]).toString()).toBe('["map",["list","number"]]');
    expect(typeJson('string').toString()).toBe('"string"');
    expect(parseTypeJson('["object",{"a":["tuple",["bool","dynamic"]]}]')).toEqual(['object', { a: ['tuple', ['bool', 'dynamic']] }]);
    expect(() => parseTypeJson('["object",{"a":"string"},["a"]]')).toThrow(/unsupported type/);
  });
});
