/**
 * ValidateResourceConfig, ValidateDataResourceConfig and ValidateEphemeralResourceConfig share one
 * body: attribute and block validators at every depth, the schema's constraints, then the
 * definition's own `validate` hook on a model that may hold UNKNOWN.
 */
import type { Diagnostic, TfObject } from './contract';
import type { Problem } from './diagnostics';
import type { CompiledSchema } from './schema';
import { problemsToDiagnostics, validateAttributes } from './validate';
import { objectToModel, type Planned } from './values';

/** A definition that can validate a configuration. */
export interface Validatable {
  readonly schema: CompiledSchema;
  readonly spec: { validate?(req: { readonly config: Planned<Record<string, unknown>> }): readonly Problem[] | void };
}

/** Validates `config` against a definition; never touches the network. */
export function validateConfig(definition: Validatable, config: TfObject): Diagnostic[] {
  const diagnostics = validateAttributes(definition.schema, config);
  const model = objectToModel(definition.schema, config, 'keep') as Planned<Record<string, unknown>>;
  diagnostics.push(...problemsToDiagnostics(definition.schema, definition.spec.validate?.({ config: model })));
  return diagnostics;
}
