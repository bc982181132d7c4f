import { describe, expect, it } from 'vitest';
import { decodeAttributePath, decodeDiagnostic, encodeAttributePath, encodeDiagnostic, encodeGetProviderSchemaResponse, encodeSchema } from './messages';
import { ProtoFields } from './wire';

describe('tfplugin6 messages', () => {
  it('round-trips attribute paths, including the oneof member index 0 and empty names', () => {
    const path = [{ attribute: 'rule' }, { index: 0 }, { key: '' }, { index: 12 }];
    expect(decodeAttributePath(encodeAttributePath(path))).toEqual(path);
  });

  it('encodes diagnostics with severity ERROR=1 / WARNING=2 and an optional path', () => {
    const d = encodeDiagnostic({ severity: 'warning', summary: 's', detail: 'd', attribute: [{ attribute: 'a' }] });
    expect(ProtoFields.parse(d).int(1)).toBe(2);
    expect(decodeDiagnostic(d)).toEqual({ severity: 'warning', summary: 's', detail: 'd', attribute: [{ attribute: 'a' }] });
    expect(decodeDiagnostic(encodeDiagnostic({ severity: 'error', summary: 'e', detail: '' }))).toEqual({ severity: 'error', summary: 'e', detail: '' });
  });

  it('always sends the provider schema, even when it is empty', () => {
    const empty = { version: 0, block: { attributes: [], blockTypes: [], description: '' } };
    const res = ProtoFields.parse(encodeGetProviderSchemaResponse({ provider: empty, resourceSchemas: {}, dataSourceSchemas: {}, serverCapabilities: { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false }, diagnostics: [] }));
    expect(res.message(1)).toBeDefined();
    expect(ProtoFields.parse(res.message(6) as Buffer).bool(2)).toBe(true);
  });

  it('sends a nested attribute as nested_type (field 10) with its nesting, and no type bytes', () => {
    const inner = { name: 'name', type: 'string' as const, description: '', required: true };
    const acl = { name: 'acl', type: ['list', ['object', { name: 'string' }]] as const, description: '', optional: true, nestedType: { nesting: 'list' as const, attributes: [inner] } };
    const block = ProtoFields.parse(ProtoFields.parse(encodeSchema({ version: 0, block: { attributes: [acl as never], blockTypes: [], description: '' } })).message(2) as Buffer);
    const attribute = ProtoFields.parse(block.repeated(2)[0] as Buffer);
    expect(attribute.bytes(2).length).toBe(0);
    const object = ProtoFields.parse(attribute.message(10) as Buffer);
    expect(object.int(3)).toBe(2);
    expect(ProtoFields.parse(object.repeated(1)[0] as Buffer).string(1)).toBe('name');
  });
});
