import { describe, expect, it } from 'vitest';
import type { ProviderSchemaResponse } from '../src/provider/framework/contract';
import { createProviderServer } from '../src/provider/server';
import { DOCS_DIR, renderDocs, staleFiles, typeName } from './gen-docs';

const small: ProviderSchemaResponse = {
  provider: {
    version: 0,
    block: {
      description: 'A test provider.',
      attributes: [
        { name: 'endpoint', type: 'string', description: 'Where | to go.', required: true },
        { name: 'password', type: 'string', description: 'Secret.', optional: true, sensitive: true },
      ],
      blockTypes: [{ typeName: 'store', nesting: 'single', block: { description: 'The store.', attributes: [{ name: 'path', type: 'string', description: 'A file.', optional: true }], blockTypes: [] } }],
    },
  },
  resourceSchemas: {
    thing_key: {
      version: 0,
      block: {
        description: 'A key.',
        attributes: [
          { name: 'user', type: 'string', description: 'Owner.', required: true },
          { name: 'triggers', type: ['map', 'string'], description: 'Rotate on change.', optional: true },
          { name: 'secret_name', type: 'string', description: 'Name in the store.', optional: true, computed: true },
          { name: 'access_id', type: 'string', description: 'Access id.', computed: true },
        ],
        blockTypes: [],
      },
    },
  },
  dataSourceSchemas: {},
  serverCapabilities: { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false },
  diagnostics: [],
};

describe('renderDocs', () => {
  const files = renderDocs(small);

  it('writes one file per resource plus the provider page linking them', () => {
    expect([...files.keys()]).toEqual(['README.md', 'thing_key.md']);
    expect(files.get('README.md')).toContain('- [`thing_key`](thing_key.md)');
  });

  it('separates arguments from read-only attributes, required first', () => {
    const doc = files.get('thing_key.md') ?? '';
    const args = doc.slice(doc.indexOf('## Arguments'), doc.indexOf('## Attributes'));
    expect(args.indexOf('`user`')).toBeLessThan(args.indexOf('`secret_name`'));
    expect(args).toContain('| `triggers` | `map(string)` | optional | Rotate on change. |');
    expect(args).toContain('| `secret_name` | `string` | optional, computed | Name in the store. |');
    expect(doc.slice(doc.indexOf('## Attributes'))).toContain('| `access_id` | `string` | computed | Access id. |');
  });

  it('documents data sources, ephemeral resources and nested attributes at every depth', () => {
    const persona = { name: 'name', type: 'string' as const, description: 'Persona.', computed: true };
    const zones = { name: 'zones', type: 'dynamic' as const, description: 'Zones.', computed: true, nestedType: { nesting: 'list' as const, attributes: [{ name: 'restricted', type: 'dynamic' as const, description: 'Who.', computed: true, nestedType: { nesting: 'list' as const, attributes: [persona] } }] } };
    const docs = renderDocs({
      ...small,
      dataSourceSchemas: { thing_zone: { version: 0, block: { description: 'Zones.', attributes: [zones], blockTypes: [] } } },
      ephemeralResourceSchemas: { thing_secret: { version: 0, block: { description: 'A secret.', attributes: [{ name: 'value', type: 'string', description: 'V.', computed: true, sensitive: true }], blockTypes: [] } } },
    });
    expect(docs.get('README.md')).toContain('- [`thing_zone`](data.thing_zone.md)');
    expect(docs.get('README.md')).toContain('- [`thing_secret`](ephemeral.thing_secret.md)');
    const zoneDoc = docs.get('data.thing_zone.md') ?? '';
    expect(zoneDoc).toContain('| `zones` | `list(object)` | computed | Zones. |');
    expect(zoneDoc).toContain('#### Nested attribute `zones.restricted`');
    expect(zoneDoc).toContain('| `name` | `string` | computed | Persona. |');
    expect(docs.get('ephemeral.thing_secret.md')).toContain('never written to plan or state');
  });

  it('marks sensitive attributes, documents nested blocks and escapes table cells', () => {
    const doc = files.get('README.md') ?? '';
    expect(doc).toContain('| `password` | `string` | optional (**sensitive**) | Secret. |');
    expect(doc).toContain('### Block `store`');
    expect(doc).toContain('Where \\| to go.');
  });

  it('spells nested types as Terraform does', () => {
    expect(typeName(['list', ['map', 'number']])).toBe('list(map(number))');
    expect(typeName(['object', { a: 'string', b: 'bool' }])).toBe('object({a=string, b=bool})');
  });
});

describe('docs/resources', () => {
  it('matches the schema the provider serves (run "npm run docs" after changing a description)', () => {
    expect(staleFiles(DOCS_DIR, renderDocs(createProviderServer().getProviderSchema()))).toEqual([]);
  });
});
