/**
 * The data-source RPCs of the framework server: ValidateDataResourceConfig and ReadDataSource.
 */
import type { Diagnostic, ProviderServer, ReadDataSourceResponse, TfObject } from './contract';
import type { DataSourceDefinition } from './data-source';
import type { ServerCore } from './server-core';
import { validateConfig } from './server-validate';
import { containsUnknown, modelToObject, nullWriteOnly, objectToModel, ValueConversionError } from './values';
import type { CompiledSchema } from './schema';

export type { DataSourceDefinition } from './data-source';

/**
 * A handler's model as the object Terraform stores for a data source or an ephemeral result:
 * configured (non-computed) top-level arguments exactly as configured, write-only attributes null,
 * nothing unknown.
 */
export function encodeReadResult(schema: CompiledSchema, result: unknown, config: TfObject): TfObject {
  if (result === null || typeof result !== 'object') throw new ValueConversionError([], 'the handler returned no object');
  const state = nullWriteOnly(schema, modelToObject(schema, result as Record<string, unknown>));
  for (const a of schema.attributes) if (!a.spec.computed) state[a.name] = a.spec.writeOnly ? null : (config[a.name] ?? null);
  for (const [name, value] of Object.entries(state)) {
    if (containsUnknown(value)) throw new ValueConversionError([{ attribute: name }], 'the value is still unknown after the read');
  }
  return state;
}

/** The data-source members of a ProviderServer. */
export function createDataSourceRpcs(core: ServerCore, definitions: readonly DataSourceDefinition[]): Pick<ProviderServer, 'validateDataResourceConfig' | 'readDataSource'> {
  const byName = new Map(definitions.map((d) => [d.typeName, d]));
  return {
    validateDataResourceConfig(typeName, config) {
      return core.guard('Validate', typeName, (d) => d, async () => {
        const definition = byName.get(typeName);
        return definition ? validateConfig(definition, config) : core.unknownType('data source', typeName);
      });
    },

    readDataSource(req, signal) {
      const fallback = (d: Diagnostic[]): ReadDataSourceResponse => ({ state: null, diagnostics: d });
      return core.scoped(signal, (linked) =>
        core.guard('Read', req.typeName, fallback, async () => {
          const definition = byName.get(req.typeName);
          if (!definition) return fallback(core.unknownType('data source', req.typeName));
          const config = objectToModel(definition.schema, req.config, 'null');
          try {
            const result = await definition.spec.read(core.request({ config }, linked));
            return { state: encodeReadResult(definition.schema, result, req.config), diagnostics: [] };
          } catch (error) {
            return fallback(core.failed('Read', definition.title, error, definition.schema, definition.typeName));
          }
        }),
      );
    },
  };
}
