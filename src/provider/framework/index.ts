export { BigNumberValue, isUnknown, UNKNOWN, UnknownValue } from './contract';
export type { AttributePath, CtyType, Diagnostic, ProviderServer, TfObject, TfValue } from './contract';
export { DiagnosticError, ErrorAtAttribute, errorDiagnostic, PartialStateError, warningDiagnostic } from './diagnostics';
export type { ErrorDescriber, Operation, Problem } from './diagnostics';
export { createSilentLog, silentLog } from './logger';
export type { Log, LogFields } from './logger';
export { requiresReplace, requiresReplaceIf, useStateForUnknown } from './plan-modifiers';
export type { PlanModifier, PlanModifierRequest, PlanModifierResult } from './plan-modifiers';
export { defineProvider } from './provider';
export type { ConfigureRequest, ProviderDefinition, ProviderSession, ProviderSpec } from './provider';
export { defineResource, withPrivate, WithPrivate } from './resource';
export type {
  CreateRequest,
  DeleteRequest,
  HandlerContext,
  HandlerResult,
  ImportRequest,
  ModifyPlanRequest,
  ModifyPlanResult,
  ReadRequest,
  ResourceClients,
  ResourceDefinition,
  ResourceSpec,
  UpdateRequest,
  UpgradeStateRequest,
  ValidateRequest,
} from './resource';
export type { AttributeNesting, AttributeSpec, BlockNesting, BlockSpec, NestedAttributeSpec, NestedObjectSpec, ObjectSchemaSpec, PrimitiveAttributeSpec } from './schema';
export { createFrameworkServer } from './server';
export type { FrameworkServerOptions } from './server';
export { intBetween, lengthBetween, listValidator, mapValidator, matches, numberValidator, oneOf, sizeBetween, stringValidator, validator } from './validators';
export type { Validator } from './validators';
export type { Planned } from './values';
export { alsoRequires, atLeastOneOf, conflictsWith, exactlyOneOf } from './constraints';
export type { Constraint } from './constraints';
export type { AttributeValueOf, BlockValueOf, CamelCase, ModelOf, NestedModelOf, SameModel, ValueOf } from './model';
export { defineDataSource } from './data-source';
export type { DataSourceDefinition, DataSourceReadRequest, DataSourceSpec } from './data-source';
export { defineEphemeralResource } from './ephemeral';
export type { EphemeralLeaseRequest, EphemeralOpenRequest, EphemeralOpenResult, EphemeralRenewResult, EphemeralResourceDefinition, EphemeralResourceSpec } from './ephemeral';
export { compileSchema } from './schema';
