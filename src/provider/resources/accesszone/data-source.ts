/**
 * `data "powerscale_accesszone"`: the cluster's access zones, all of them or those named in
 * `names`, as Dell's provider offers them (names follow the 9.5 API schema). Each zone's
 * `ifs_restricted` personas are objects inside the zone objects (a nested attribute at depth 2).
 */
import { PapiDecodeError } from '../../../papi/decode';
import { getZone, listZones, type AccessZone } from '../../../papi/zones';
import type { PapiApi } from '../../../papi/types';
import { defineDataSource, DiagnosticError, sizeBetween, type ModelOf, type ObjectSchemaSpec } from '../../framework';

const text = (description: string) => ({ type: 'string', computed: true, description }) as const;
const integer = (description: string) => ({ type: 'number', computed: true, description }) as const;

export const accessZoneDataSchema = {
  description: 'The access zones of the cluster: all of them, or those named in `names` (each must exist).',
  attributes: {
    id: text('Always `accesszones` (a data source has no remote id).'),
    names: {
      type: ['set', 'string'],
      optional: true,
      description: 'Zone names to read (for example `["System"]`). Default: every zone. A name that does not exist is an error.',
      validators: [sizeBetween(1, 1024)],
    },
    zones: {
      computed: true,
      description: 'The zones, in the order the cluster lists them.',
      nested: {
        nesting: 'list',
        attributes: {
          id: text('The system-assigned id of the zone.'),
          zoneId: integer('The integer id of the zone (`zone_id`).'),
          name: text('The zone name.'),
          path: text('The base directory of the zone, under /ifs.'),
          groupnet: text('The groupnet of the zone.'),
          system: { type: 'bool', computed: true, description: 'True for the built-in System zone.' },
          authProviders: { type: ['list', 'string'], computed: true, description: 'The authentication providers of the zone, e.g. `lsa-local-provider:System`.' },
          ifsRestricted: {
            computed: true,
            description: 'Users and groups with read and write access to /ifs.',
            nested: {
              nesting: 'list',
              attributes: {
                id: text('The serialized persona: `UID:0`, `USER:name`, `GID:0`, `GROUP:wheel` or `SID:S-1-1`.'),
                name: text('The persona name.'),
                type: text('The persona type (`user`, `group`, ...).'),
              },
            },
          },
          alternateSystemProvider: text('The alternate system provider.'),
          systemProvider: text('The system provider.'),
          cacheEntryExpiry: integer('Seconds a user or group stays cached.'),
          negativeCacheEntryExpiry: integer('Seconds a negative cache entry stays valid.'),
          homeDirectoryUmask: integer('Permissions removed from automatically created home directories (a umask, decimal).'),
          skeletonDirectory: text('The skeleton directory of new home directories.'),
          netbiosName: text('The NetBIOS name.'),
          mapUntrusted: text('The NetBIOS domain untrusted domains are mapped to.'),
          userMappingRules: { type: ['list', 'string'], computed: true, description: 'The ID mapping rules of the zone.' },
        },
      },
    },
  },
} satisfies ObjectSchemaSpec;

/** The data source's model, derived from its schema. */
export type AccessZoneDataModel = ModelOf<typeof accessZoneDataSchema>;

type ZoneModel = NonNullable<AccessZoneDataModel['zones']>[number];

function toModel(z: AccessZone): ZoneModel {
  return { ...z, ifsRestricted: z.ifsRestricted.map((p) => ({ ...p })) };
}

async function readZones(papi: PapiApi, names: readonly string[] | null, signal: AbortSignal): Promise<AccessZone[]> {
  if (names === null) return listZones(papi, signal);
  // One request per name keeps the cluster's own 404 for a missing zone; few names are ever given.
  return Promise.all(names.map((name) => getZone(papi, name, signal)));
}

export const accessZoneDataSource = defineDataSource<AccessZoneDataModel>({
  typeName: 'powerscale_accesszone',
  title: 'Access Zones',
  schema: accessZoneDataSchema,
  async read({ config, papi, signal }) {
    try {
      const zones = await readZones(papi, config.names, signal);
      return { ...config, id: 'accesszones', zones: zones.map(toModel) };
    } catch (error) {
      if (error instanceof PapiDecodeError) {
        throw new DiagnosticError({ summary: 'Unexpected Cluster Response', detail: `${error.message}. Check that endpoint points at a OneFS 9.x cluster's Platform API.` });
      }
      throw error;
    }
  },
});
