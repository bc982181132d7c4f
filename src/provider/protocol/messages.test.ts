import { describe, expect, it } from 'vitest';
import { decodeAttributePath, decodeDiagnostic, encodeAttributePath, encodeDiagnostic, encodeGetProviderSchemaResponse } from './messages';
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
});
