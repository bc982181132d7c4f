import { describe, expect, it } from 'vitest';
import type { ProviderSchemaResponse } from '../src/provider/framework/contract';
import { createProviderServer } from '../src/provider/server';
import { intBetween, requiresReplace } from '../src/provider/framework';
import { compileSchema } from '../src/provider/framework/schema';
import { collectExtras, hclLiteral, importCommand, missingExamples, type DocExtras } from './doc-extras';
import { DOCS_DIR, providerExtras, renderDocs, staleFiles, typeName } from './gen-docs';

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

describe('renderDocs with extras (examples, defaults, rules, replacement, import)', () => {
  const compiled = compileSchema('thing_key', {
    description: 'A key.',
    attributes: {
      user: { type: 'string', required: true, description: 'Owner.', planModifiers: [requiresReplace()] },
      expiry: { type: 'number', optional: true, computed: true, default: 0, description: 'Minutes.', validators: [intBetween(0, 1440)] },
      accessId: { type: 'string', computed: true, description: 'Access id.' },
    },
  });
  const page = (example?: string, importExample?: string) => ({
    ...collectExtras({ provider: { schema: compiled }, resources: [{ typeName: 'thing_key', schema: compiled, spec: { importState: () => ({}) } }], dataSources: [], ephemeralResources: [], defaultTimeoutSeconds: 42 }, '/nonexistent').resources.thing_key!,
    ...(example !== undefined ? { example } : {}),
    ...(importExample !== undefined ? { importExample } : {}),
  });
  const extras = (p: ReturnType<typeof page>): DocExtras => ({ provider: { attributes: new Map(), example: 'terraform {}\n' }, resources: { thing_key: p }, dataSources: {}, ephemeralResources: {}, defaultTimeoutSeconds: 42 });
  const schema: ProviderSchemaResponse = {
    ...small,
    resourceSchemas: {
      thing_key: {
        version: 0,
        block: {
          description: 'A key.',
          attributes: [
            { name: 'user', type: 'string', description: 'Owner.', required: true },
            { name: 'expiry', type: 'number', description: 'Minutes.', optional: true, computed: true },
            { name: 'access_id', type: 'string', description: 'Access id.', computed: true },
          ],
          blockTypes: [],
        },
      },
    },
  };

  it('shows the example, the default, the rules and which arguments force replacement', () => {
    const doc = renderDocs(schema, extras(page('resource "thing_key" "a" {\n  user = "a"\n}\n', 'import {\n  to = thing_key.a\n  id = "System/a"\n}\n'))).get('thing_key.md') ?? '';
    expect(doc).toContain('## Example usage\n\n```hcl\nresource "thing_key" "a" {\n  user = "a"\n}\n```');
    expect(doc).toContain('| `user` | `string` | required (**forces replacement**) | Owner. |');
    expect(doc).toContain('| `expiry` | `number` | optional, computed | Minutes. Default: `0`. Valid: a whole number from 0 to 1440. |');
    expect(doc).toContain('Changing `user` destroys the object and creates a new one');
    expect(doc).toContain('[the provider configuration](README.md#provider-configuration)');
  });

  it('documents import with the import block and the command, and timeouts with the provider default', () => {
    const doc = renderDocs(schema, extras(page(undefined, 'import {\n  to = thing_key.a\n  id = "System/a"\n}\n'))).get('thing_key.md') ?? '';
    expect(doc).toContain('```hcl\nimport {\n  to = thing_key.a\n  id = "System/a"\n}\n```');
    expect(doc).toContain('terraform import thing_key.a System/a');
    expect(doc).toContain('## Timeouts');
    expect(doc).toContain('(default 42)');
    const notImportable = renderDocs(schema, extras({ ...page(), importable: false })).get('thing_key.md') ?? '';
    expect(notImportable).toContain('`thing_key` cannot be imported.');
  });

  it('names the example files a page lacks', () => {
    expect(missingExamples(extras(page()))).toEqual(['resources/thing_key/import.tf', 'resources/thing_key/main.tf']);
    expect(missingExamples(extras(page('x', 'y')))).toEqual([]);
  });

  it('spells defaults as HCL and import commands as the CLI takes them', () => {
    expect(hclLiteral('System')).toBe('"System"');
    expect(hclLiteral(['a', 1, true])).toBe('["a", 1, true]');
    expect(importCommand('import {\n  to = a.b\n  id = "x y"\n}')).toBe('terraform import a.b "x y"');
    expect(importCommand('import {\n  to = a.b\n  id = local.id\n}')).toBeUndefined();
  });
});

describe('docs/resources', () => {
  it('matches the schema the provider serves and examples/ (run "npm run docs" after changing a description or an example)', async () => {
    expect(staleFiles(DOCS_DIR, renderDocs(createProviderServer().getProviderSchema(), await providerExtras()))).toEqual([]);
  });

  it('has an example file for every page and an import example for every importable resource', async () => {
    expect(missingExamples(await providerExtras())).toEqual([]);
  });
});
