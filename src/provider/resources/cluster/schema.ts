/** Schema and model of `powerscale_cluster`. */
import { matches, useStateForUnknown, type ModelOf, type ObjectSchemaSpec, type SameModel } from '../../framework';

/** `powerscale_cluster` in camelCase. Values not known yet (computed, before create) are null. */
export interface ClusterModel {
  /** Same as `guid`. */
  id: string | null;
  guid: string | null;
  name: string | null;
  onefsVersion: string | null;
  apiVersion: string | null;
  /** Optional guard: the guid the endpoint must answer with. */
  expectedGuid: string | null;
}

/** OneFS GUIDs are 36 hexadecimal characters (onefs-papi.md §4). */
export const GUID_PATTERN = /^[0-9a-fA-F]{36}$/;

export const clusterSchema = {
  description:
    'The cluster behind the provider endpoint. Creating it logs in and records the identity; every refresh checks that the endpoint still answers as the same cluster, so that a changed endpoint can never apply changes to another cluster. Destroying it only forgets it.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The cluster GUID.', planModifiers: [useStateForUnknown()] },
    guid: { type: 'string', computed: true, description: 'The cluster GUID (36 hexadecimal characters).', planModifiers: [useStateForUnknown()] },
    name: { type: 'string', computed: true, description: 'The cluster name.' },
    onefsVersion: { type: 'string', computed: true, description: 'The OneFS release, e.g. `9.5.0.0`.' },
    apiVersion: { type: 'string', computed: true, description: 'The newest Platform API version the cluster serves (`/platform/latest`), e.g. `16`.' },
    expectedGuid: {
      type: 'string',
      optional: true,
      description: 'When set, plans and applies fail unless the endpoint answers with this GUID: a guard against pointing a configuration at the wrong cluster.',
      validators: [matches(GUID_PATTERN, 'a cluster GUID: 36 hexadecimal characters')],
    },
  },
} satisfies ObjectSchemaSpec<ClusterModel>;

/** Compile-time proof that the hand-written model and the schema agree. */
export const clusterModelMatchesSchema: SameModel<ClusterModel, ModelOf<typeof clusterSchema>> = true;
