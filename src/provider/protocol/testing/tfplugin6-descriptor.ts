/**
 * An independent description of every protobuf message the provider sends or receives (tfplugin6
 * protocol 6.8, google.protobuf.Timestamp, grpc.health.v1, go-plugin's `plugin.Empty`), written for
 * this project as a protobufjs JSON descriptor from the protocol's field numbers. Tests encode and
 * decode with protobufjs reflection over it, so a wrong field number in the hand-written codec
 * (../messages.ts) fails even though the codec agrees with itself; a second test compares this
 * descriptor with the upstream `.proto` field by field when that file is available. Test-only.
 */
import type { INamespace } from 'protobufjs';

type FieldSpec = [type: string, id: number, rule?: 'repeated' | 'optional'] | [type: 'map', id: number, keyType: string, valueType: string];

/** `{ name: ['string', 1] }` → protobufjs fields. */
function fields(spec: Record<string, FieldSpec>): Record<string, { type: string; id: number; rule?: string; keyType?: string }> {
  const out: Record<string, { type: string; id: number; rule?: string; keyType?: string }> = {};
  for (const [name, f] of Object.entries(spec)) {
    if (f[0] === 'map') out[name] = { type: f[3] as string, id: f[1], keyType: f[2] as string };
    else if (f[2] === 'repeated') out[name] = { type: f[0], id: f[1], rule: 'repeated' };
    // proto3 `optional` only adds presence tracking; the wire format is that of a plain field.
    else out[name] = { type: f[0], id: f[1] };
  }
  return out;
}

const diagnostics = (id: number): FieldSpec => ['Diagnostic', id, 'repeated'];
const requestResponse = (request: Record<string, FieldSpec>, response: Record<string, FieldSpec>, extra: Record<string, object> = {}) => ({
  nested: { Request: { fields: fields(request) }, Response: { fields: fields(response) }, ...extra },
});

/** The descriptor root (load with `protobuf.Root.fromJSON`). */
export const tfplugin6Descriptor: INamespace = {
  nested: {
    google: { nested: { protobuf: { nested: { Timestamp: { fields: fields({ seconds: ['int64', 1], nanos: ['int32', 2] }) } } } } },
    plugin: { nested: { Empty: { fields: {} } } },
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: { fields: fields({ service: ['string', 1] }) },
                HealthCheckResponse: { fields: fields({ status: ['ServingStatus', 1] }), nested: { ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } } } },
              },
            },
          },
        },
      },
    },
    tfplugin6: {
      nested: {
        DynamicValue: { fields: fields({ msgpack: ['bytes', 1], json: ['bytes', 2] }) },
        Diagnostic: {
          fields: fields({ severity: ['Severity', 1], summary: ['string', 2], detail: ['string', 3], attribute: ['AttributePath', 4] }),
          nested: { Severity: { values: { INVALID: 0, ERROR: 1, WARNING: 2 } } },
        },
        AttributePath: {
          fields: fields({ steps: ['Step', 1, 'repeated'] }),
          nested: {
            Step: {
              oneofs: { selector: { oneof: ['attribute_name', 'element_key_string', 'element_key_int'] } },
              fields: fields({ attribute_name: ['string', 1], element_key_string: ['string', 2], element_key_int: ['int64', 3] }),
            },
          },
        },
        StringKind: { values: { PLAIN: 0, MARKDOWN: 1 } },
        RawState: { fields: fields({ json: ['bytes', 1], flatmap: ['map', 2, 'string', 'string'] }) },
        ClientCapabilities: { fields: fields({ deferral_allowed: ['bool', 1], write_only_attributes_allowed: ['bool', 2] }) },
        ServerCapabilities: { fields: fields({ plan_destroy: ['bool', 1], get_provider_schema_optional: ['bool', 2], move_resource_state: ['bool', 3] }) },
        Schema: {
          fields: fields({ version: ['int64', 1], block: ['Block', 2] }),
          nested: {
            Block: {
              fields: fields({ version: ['int64', 1], attributes: ['Attribute', 2, 'repeated'], block_types: ['NestedBlock', 3, 'repeated'], description: ['string', 4], description_kind: ['StringKind', 5], deprecated: ['bool', 6] }),
            },
            Attribute: {
              fields: fields({
                name: ['string', 1],
                type: ['bytes', 2],
                nested_type: ['Object', 10],
                description: ['string', 3],
                required: ['bool', 4],
                optional: ['bool', 5],
                computed: ['bool', 6],
                sensitive: ['bool', 7],
                description_kind: ['StringKind', 8],
                deprecated: ['bool', 9],
                write_only: ['bool', 11],
              }),
            },
            NestedBlock: {
              fields: fields({ type_name: ['string', 1], block: ['Block', 2], nesting: ['NestingMode', 3], min_items: ['int64', 4], max_items: ['int64', 5] }),
              nested: { NestingMode: { values: { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4, GROUP: 5 } } },
            },
            Object: {
              fields: fields({ attributes: ['Attribute', 1, 'repeated'], nesting: ['NestingMode', 3] }),
              nested: { NestingMode: { values: { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4 } } },
            },
          },
        },
        GetMetadata: requestResponse(
          {},
          { server_capabilities: ['ServerCapabilities', 1], diagnostics: diagnostics(2), data_sources: ['DataSourceMetadata', 3, 'repeated'], resources: ['ResourceMetadata', 4, 'repeated'], ephemeral_resources: ['EphemeralMetadata', 6, 'repeated'] },
          {
            DataSourceMetadata: { fields: fields({ type_name: ['string', 1] }) },
            ResourceMetadata: { fields: fields({ type_name: ['string', 1] }) },
            EphemeralMetadata: { fields: fields({ type_name: ['string', 1] }) },
          },
        ),
        GetProviderSchema: requestResponse(
          {},
          {
            provider: ['Schema', 1],
            resource_schemas: ['map', 2, 'string', 'Schema'],
            data_source_schemas: ['map', 3, 'string', 'Schema'],
            diagnostics: diagnostics(4),
            server_capabilities: ['ServerCapabilities', 6],
            ephemeral_resource_schemas: ['map', 8, 'string', 'Schema'],
          },
        ),
        ValidateProviderConfig: requestResponse({ config: ['DynamicValue', 1] }, { diagnostics: diagnostics(2) }),
        ValidateResourceConfig: requestResponse({ type_name: ['string', 1], config: ['DynamicValue', 2], client_capabilities: ['ClientCapabilities', 3] }, { diagnostics: diagnostics(1) }),
        ValidateDataResourceConfig: requestResponse({ type_name: ['string', 1], config: ['DynamicValue', 2] }, { diagnostics: diagnostics(1) }),
        ValidateEphemeralResourceConfig: requestResponse({ type_name: ['string', 1], config: ['DynamicValue', 2] }, { diagnostics: diagnostics(1) }),
        UpgradeResourceState: requestResponse({ type_name: ['string', 1], version: ['int64', 2], raw_state: ['RawState', 3] }, { upgraded_state: ['DynamicValue', 1], diagnostics: diagnostics(2) }),
        ConfigureProvider: requestResponse({ terraform_version: ['string', 1], config: ['DynamicValue', 2], client_capabilities: ['ClientCapabilities', 3] }, { diagnostics: diagnostics(1) }),
        ReadResource: requestResponse(
          { type_name: ['string', 1], current_state: ['DynamicValue', 2], private: ['bytes', 3], provider_meta: ['DynamicValue', 4], client_capabilities: ['ClientCapabilities', 5] },
          { new_state: ['DynamicValue', 1], diagnostics: diagnostics(2), private: ['bytes', 3] },
        ),
        PlanResourceChange: requestResponse(
          { type_name: ['string', 1], prior_state: ['DynamicValue', 2], proposed_new_state: ['DynamicValue', 3], config: ['DynamicValue', 4], prior_private: ['bytes', 5], provider_meta: ['DynamicValue', 6], client_capabilities: ['ClientCapabilities', 7] },
          { planned_state: ['DynamicValue', 1], requires_replace: ['AttributePath', 2, 'repeated'], planned_private: ['bytes', 3], diagnostics: diagnostics(4), legacy_type_system: ['bool', 5] },
        ),
        ApplyResourceChange: requestResponse(
          { type_name: ['string', 1], prior_state: ['DynamicValue', 2], planned_state: ['DynamicValue', 3], config: ['DynamicValue', 4], planned_private: ['bytes', 5], provider_meta: ['DynamicValue', 6] },
          { new_state: ['DynamicValue', 1], private: ['bytes', 2], diagnostics: diagnostics(3), legacy_type_system: ['bool', 4] },
        ),
        ImportResourceState: requestResponse(
          { type_name: ['string', 1], id: ['string', 2], client_capabilities: ['ClientCapabilities', 3] },
          { imported_resources: ['ImportedResource', 1, 'repeated'], diagnostics: diagnostics(2) },
          { ImportedResource: { fields: fields({ type_name: ['string', 1], state: ['DynamicValue', 2], private: ['bytes', 3] }) } },
        ),
        ReadDataSource: requestResponse(
          { type_name: ['string', 1], config: ['DynamicValue', 2], provider_meta: ['DynamicValue', 3], client_capabilities: ['ClientCapabilities', 4] },
          { state: ['DynamicValue', 1], diagnostics: diagnostics(2) },
        ),
        OpenEphemeralResource: requestResponse(
          { type_name: ['string', 1], config: ['DynamicValue', 2], client_capabilities: ['ClientCapabilities', 3] },
          { diagnostics: diagnostics(1), renew_at: ['google.protobuf.Timestamp', 2, 'optional'], result: ['DynamicValue', 3], private: ['bytes', 4, 'optional'] },
        ),
        RenewEphemeralResource: requestResponse(
          { type_name: ['string', 1], private: ['bytes', 2, 'optional'] },
          { diagnostics: diagnostics(1), renew_at: ['google.protobuf.Timestamp', 2, 'optional'], private: ['bytes', 3, 'optional'] },
        ),
        CloseEphemeralResource: requestResponse({ type_name: ['string', 1], private: ['bytes', 2, 'optional'] }, { diagnostics: diagnostics(1) }),
        StopProvider: requestResponse({}, { Error: ['string', 1] }),
      },
    },
  },
};

/** The tfplugin6 messages of the descriptor, by full name (`GetMetadata.Response`), for the upstream comparison. */
export function describedMessages(): string[] {
  const out: string[] = [];
  const walk = (ns: INamespace, prefix: string): void => {
    for (const [name, inner] of Object.entries(ns.nested ?? {})) {
      const full = prefix ? `${prefix}.${name}` : name;
      if ('fields' in inner) out.push(full);
      if ('nested' in inner && inner.nested) walk(inner as INamespace, full);
    }
  };
  walk(tfplugin6Descriptor.nested?.tfplugin6 as INamespace, '');
  return out;
}
