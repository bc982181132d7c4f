/**
 * The tfplugin6 (protocol 6.8), go-plugin and gRPC health messages this provider uses, encoded and
 * decoded by hand (field numbers from the protocol definition; see docs/provider-protocol.md).
 * Requests decode to plain objects whose DynamicValues are still bytes: msgpack decoding needs the
 * schema and happens in ./provider-service. Responses take values already encoded as msgpack.
 */
import type { AttributePath, ClientCapabilities, Diagnostic, NestingMode, Schema, SchemaAttribute, SchemaBlock, SchemaNestedAttributeType, SchemaNestedBlock, ServerCapabilities } from '../framework/contract';
import { typeJson } from './cty-types';
import { ProtoFields, ProtoWriter } from './wire';

// ---------------------------------------------------------------------------------------------
// Shared messages
// ---------------------------------------------------------------------------------------------

/** A DynamicValue as it arrived: msgpack bytes and/or JSON bytes (both empty means null). */
export interface DynamicValueBytes {
  msgpack: Buffer;
  json: Buffer;
}

function dynamicValue(buf: Buffer | undefined): DynamicValueBytes | undefined {
  if (!buf) return undefined;
  const f = ProtoFields.parse(buf);
  return { msgpack: f.bytes(1), json: f.bytes(2) };
}

/** DynamicValue{msgpack}; null values are sent as msgpack nil so the field is never ambiguous. */
export function encodeDynamicValue(msgpack: Uint8Array): Buffer {
  return new ProtoWriter().bytesAlways(1, msgpack).finish();
}

function clientCapabilities(buf: Buffer | undefined): ClientCapabilities {
  const f = buf ? ProtoFields.parse(buf) : undefined;
  return { deferralAllowed: f?.bool(1) ?? false, writeOnlyAttributesAllowed: f?.bool(2) ?? false };
}

export function encodeAttributePath(path: AttributePath): Buffer {
  const w = new ProtoWriter();
  for (const step of path) {
    const s = new ProtoWriter();
    // Oneof members are written even when empty or zero: presence is what selects the member.
    if ('attribute' in step) s.bytesAlways(1, Buffer.from(step.attribute, 'utf8'));
    else if ('key' in step) s.bytesAlways(2, Buffer.from(step.key, 'utf8'));
    else s.intAlways(3, step.index);
    w.message(1, s.finish());
  }
  return w.finish();
}

/** Decodes an AttributePath (only used by tests and the in-process client). */
export function decodeAttributePath(buf: Buffer): AttributePath {
  return ProtoFields.parse(buf)
    .repeated(1)
    .map((stepBuf) => {
      const s = ProtoFields.parse(stepBuf);
      const f = s.fields[s.fields.length - 1];
      if (f?.field === 1) return { attribute: s.string(1) };
      if (f?.field === 2) return { key: s.string(2) };
      return { index: s.int(3) };
    });
}

const SEVERITY = { error: 1, warning: 2 } as const;

export function encodeDiagnostic(d: Diagnostic): Buffer {
  const w = new ProtoWriter().int(1, SEVERITY[d.severity]).string(2, d.summary).string(3, d.detail);
  if (d.attribute?.length) w.message(4, encodeAttributePath(d.attribute));
  return w.finish();
}

/** Decodes a Diagnostic (tests and the in-process client). */
export function decodeDiagnostic(buf: Buffer): Diagnostic {
  const f = ProtoFields.parse(buf);
  const attr = f.message(4);
  const d: Diagnostic = { severity: f.int(1) === 2 ? 'warning' : 'error', summary: f.string(2), detail: f.string(3) };
  if (attr) d.attribute = decodeAttributePath(attr);
  return d;
}

function writeDiagnostics(w: ProtoWriter, field: number, diags: Diagnostic[]): ProtoWriter {
  for (const d of diags) w.message(field, encodeDiagnostic(d));
  return w;
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const NESTING: Record<NestingMode, number> = { single: 1, list: 2, set: 3, map: 4, group: 5 };

const OBJECT_NESTING: Record<SchemaNestedAttributeType['nesting'], number> = { single: 1, list: 2, set: 3, map: 4 };

/** Schema.Object: a nested attribute's attributes and nesting (min/max items are deprecated upstream). */
function encodeNestedType(o: SchemaNestedAttributeType): Buffer {
  const w = new ProtoWriter();
  for (const a of o.attributes) w.message(1, encodeAttribute(a));
  return w.int(3, OBJECT_NESTING[o.nesting]).finish();
}

function encodeAttribute(a: SchemaAttribute): Buffer {
  const w = new ProtoWriter().string(1, a.name);
  // Terraform rejects an attribute with both a type and a nested type.
  if (a.nestedType) w.message(10, encodeNestedType(a.nestedType));
  else w.bytesAlways(2, typeJson(a.type));
  return w
    .string(3, a.description)
    .bool(4, a.required)
    .bool(5, a.optional)
    .bool(6, a.computed)
    .bool(7, a.sensitive)
    .bool(9, a.deprecated)
    .bool(11, a.writeOnly)
    .finish();
}

function encodeNestedBlock(nb: SchemaNestedBlock): Buffer {
  return new ProtoWriter()
    .string(1, nb.typeName)
    .message(2, encodeBlock(nb.block))
    .int(3, NESTING[nb.nesting])
    .int(4, nb.minItems)
    .int(5, nb.maxItems)
    .finish();
}

function encodeBlock(b: SchemaBlock): Buffer {
  const w = new ProtoWriter();
  for (const a of b.attributes) w.message(2, encodeAttribute(a));
  for (const nb of b.blockTypes) w.message(3, encodeNestedBlock(nb));
  return w.string(4, b.description).bool(6, b.deprecated).finish();
}

export function encodeSchema(s: Schema): Buffer {
  return new ProtoWriter().int(1, s.version).message(2, encodeBlock(s.block)).finish();
}

function encodeServerCapabilities(c: ServerCapabilities): Buffer {
  return new ProtoWriter().bool(1, c.planDestroy).bool(2, c.getProviderSchemaOptional).bool(3, c.moveResourceState).finish();
}

function writeSchemaMap(w: ProtoWriter, field: number, schemas: Record<string, Schema>): void {
  for (const [name, schema] of Object.entries(schemas)) {
    w.message(field, new ProtoWriter().string(1, name).message(2, encodeSchema(schema)).finish());
  }
}

export interface GetProviderSchemaResponse {
  provider: Schema;
  resourceSchemas: Record<string, Schema>;
  dataSourceSchemas: Record<string, Schema>;
  ephemeralResourceSchemas?: Record<string, Schema>;
  serverCapabilities: ServerCapabilities;
  diagnostics: Diagnostic[];
}

export function encodeGetProviderSchemaResponse(r: GetProviderSchemaResponse): Buffer {
  const w = new ProtoWriter().message(1, encodeSchema(r.provider));
  writeSchemaMap(w, 2, r.resourceSchemas);
  writeSchemaMap(w, 3, r.dataSourceSchemas);
  writeDiagnostics(w, 4, r.diagnostics);
  w.message(6, encodeServerCapabilities(r.serverCapabilities));
  writeSchemaMap(w, 8, r.ephemeralResourceSchemas ?? {});
  return w.finish();
}

export function encodeGetMetadataResponse(r: { serverCapabilities: ServerCapabilities; diagnostics: Diagnostic[]; resources: string[]; dataSources: string[]; ephemeralResources?: string[] }): Buffer {
  const w = new ProtoWriter().message(1, encodeServerCapabilities(r.serverCapabilities));
  writeDiagnostics(w, 2, r.diagnostics);
  for (const t of r.dataSources) w.message(3, new ProtoWriter().string(1, t).finish());
  for (const t of r.resources) w.message(4, new ProtoWriter().string(1, t).finish());
  for (const t of r.ephemeralResources ?? []) w.message(6, new ProtoWriter().string(1, t).finish());
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export function decodeValidateProviderConfigRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { config: dynamicValue(f.message(1)) };
}

export function decodeValidateResourceConfigRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { typeName: f.string(1), config: dynamicValue(f.message(2)), clientCapabilities: clientCapabilities(f.message(3)) };
}

export function decodeValidateDataResourceConfigRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { typeName: f.string(1), config: dynamicValue(f.message(2)) };
}

export function decodeUpgradeResourceStateRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  const raw = f.message(3);
  const rf = raw ? ProtoFields.parse(raw) : undefined;
  return { typeName: f.string(1), version: f.int(2), rawStateJson: rf?.bytes(1) ?? Buffer.alloc(0), hasFlatmap: (rf?.repeated(2).length ?? 0) > 0 };
}

export function decodeConfigureProviderRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { terraformVersion: f.string(1), config: dynamicValue(f.message(2)), clientCapabilities: clientCapabilities(f.message(3)) };
}

export function decodeReadResourceRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { typeName: f.string(1), currentState: dynamicValue(f.message(2)), private: f.bytes(3), clientCapabilities: clientCapabilities(f.message(5)) };
}

export function decodePlanResourceChangeRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return {
    typeName: f.string(1),
    priorState: dynamicValue(f.message(2)),
    proposedNewState: dynamicValue(f.message(3)),
    config: dynamicValue(f.message(4)),
    priorPrivate: f.bytes(5),
    clientCapabilities: clientCapabilities(f.message(7)),
  };
}

export function decodeApplyResourceChangeRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return {
    typeName: f.string(1),
    priorState: dynamicValue(f.message(2)),
    plannedState: dynamicValue(f.message(3)),
    config: dynamicValue(f.message(4)),
    plannedPrivate: f.bytes(5),
  };
}

export function decodeImportResourceStateRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { typeName: f.string(1), id: f.string(2), clientCapabilities: clientCapabilities(f.message(3)) };
}

export function decodeReadDataSourceRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { typeName: f.string(1), config: dynamicValue(f.message(2)), clientCapabilities: clientCapabilities(f.message(4)) };
}

export function decodeValidateEphemeralResourceConfigRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { typeName: f.string(1), config: dynamicValue(f.message(2)) };
}

export function decodeOpenEphemeralResourceRequest(buf: Buffer) {
  const f = ProtoFields.parse(buf);
  return { typeName: f.string(1), config: dynamicValue(f.message(2)), clientCapabilities: clientCapabilities(f.message(3)) };
}

/** Renew and Close requests share their layout: type_name = 1, optional bytes private = 2. */
export function decodeEphemeralLeaseRequest(buf: Buffer): { typeName: string; private?: Buffer } {
  const f = ProtoFields.parse(buf);
  const present = f.fields.some((x) => x.field === 2);
  return present ? { typeName: f.string(1), private: f.bytes(2) } : { typeName: f.string(1) };
}

/** grpc.health.v1.HealthCheckRequest{service = 1}. */
export function decodeHealthCheckRequest(buf: Buffer): { service: string } {
  return { service: ProtoFields.parse(buf).string(1) };
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** A response that is only diagnostics, at the field number that message uses. */
export function encodeDiagnosticsOnly(field: number, diags: Diagnostic[]): Buffer {
  return writeDiagnostics(new ProtoWriter(), field, diags).finish();
}

export function encodeUpgradeResourceStateResponse(r: { upgradedState?: Uint8Array; diagnostics: Diagnostic[] }): Buffer {
  const w = new ProtoWriter();
  if (r.upgradedState) w.message(1, encodeDynamicValue(r.upgradedState));
  return writeDiagnostics(w, 2, r.diagnostics).finish();
}

export function encodeReadResourceResponse(r: { newState?: Uint8Array; private: Uint8Array; diagnostics: Diagnostic[] }): Buffer {
  const w = new ProtoWriter();
  if (r.newState) w.message(1, encodeDynamicValue(r.newState));
  writeDiagnostics(w, 2, r.diagnostics);
  return w.bytes(3, r.private).finish();
}

export function encodePlanResourceChangeResponse(r: PlanResponseParts): Buffer {
  const w = new ProtoWriter();
  if (r.plannedState) w.message(1, encodeDynamicValue(r.plannedState));
  for (const p of r.requiresReplace) w.message(2, encodeAttributePath(p));
  w.bytes(3, r.plannedPrivate);
  return writeDiagnostics(w, 4, r.diagnostics).finish();
}

export function encodeApplyResourceChangeResponse(r: { newState?: Uint8Array; private: Uint8Array; diagnostics: Diagnostic[] }): Buffer {
  const w = new ProtoWriter();
  if (r.newState) w.message(1, encodeDynamicValue(r.newState));
  w.bytes(2, r.private);
  return writeDiagnostics(w, 3, r.diagnostics).finish();
}

export function encodeImportResourceStateResponse(r: { importedResources: { typeName: string; state: Uint8Array; private: Uint8Array }[]; diagnostics: Diagnostic[] }): Buffer {
  const w = new ProtoWriter();
  for (const ir of r.importedResources) {
    w.message(1, new ProtoWriter().string(1, ir.typeName).message(2, encodeDynamicValue(ir.state)).bytes(3, ir.private).finish());
  }
  return writeDiagnostics(w, 2, r.diagnostics).finish();
}

export function encodeReadDataSourceResponse(r: { state?: Uint8Array; diagnostics: Diagnostic[] }): Buffer {
  const w = new ProtoWriter();
  if (r.state) w.message(1, encodeDynamicValue(r.state));
  return writeDiagnostics(w, 2, r.diagnostics).finish();
}

/** google.protobuf.Timestamp{seconds = 1, nanos = 2}. */
function encodeTimestamp(at: Date): Buffer {
  const ms = at.getTime();
  const seconds = Math.floor(ms / 1000);
  return new ProtoWriter().int(1, seconds).int(2, (ms - seconds * 1000) * 1_000_000).finish();
}

export function encodeOpenEphemeralResourceResponse(r: { result?: Uint8Array; private?: Uint8Array; renewAt?: Date; diagnostics: Diagnostic[] }): Buffer {
  const w = writeDiagnostics(new ProtoWriter(), 1, r.diagnostics);
  if (r.renewAt) w.message(2, encodeTimestamp(r.renewAt));
  if (r.result) w.message(3, encodeDynamicValue(r.result));
  // `optional bytes`: presence matters, so an empty private value is still written.
  if (r.private !== undefined) w.bytesAlways(4, r.private);
  return w.finish();
}

export function encodeRenewEphemeralResourceResponse(r: { private?: Uint8Array; renewAt?: Date; diagnostics: Diagnostic[] }): Buffer {
  const w = writeDiagnostics(new ProtoWriter(), 1, r.diagnostics);
  if (r.renewAt) w.message(2, encodeTimestamp(r.renewAt));
  if (r.private !== undefined) w.bytesAlways(3, r.private);
  return w.finish();
}

/** StopProvider.Response{Error = 1}: empty on success. */
export function encodeStopProviderResponse(error: string): Buffer {
  return new ProtoWriter().string(1, error).finish();
}

/** grpc.health.v1.HealthCheckResponse{status = 1}; SERVING = 1. */
export function encodeHealthCheckResponse(status: 'SERVING' | 'NOT_SERVING'): Buffer {
  return new ProtoWriter().int(1, status === 'SERVING' ? 1 : 2).finish();
}

/** google.protobuf.Empty / plugin.Empty. */
export const EMPTY = Buffer.alloc(0);

/** The parts of a PlanResourceChange response, filled in as the RPC progresses. */
export interface PlanResponseParts {
  plannedState?: Uint8Array;
  requiresReplace: AttributePath[];
  plannedPrivate: Uint8Array;
  diagnostics: Diagnostic[];
}
