/**
 * `data "powerscale_user_group"`: one local group by zone and name, with every member (the members
 * list is read to its last page). A group that does not exist is the cluster's error.
 */
import { PapiDecodeError } from '../../../papi/decode';
import { defineDataSource, DiagnosticError } from '../../framework';
import { readGroup } from './members';
import { groupId, SYSTEM_ZONE } from './naming';
import { userGroupDataSchema, type UserGroupDataModel } from './schema';

export const userGroupDataSource = defineDataSource<UserGroupDataModel>({
  typeName: 'powerscale_user_group',
  title: 'User Group',
  schema: userGroupDataSchema,
  async read({ config, papi, signal }) {
    const zone = config.zone ?? SYSTEM_ZONE;
    const name = config.name ?? '';
    let found;
    try {
      found = await readGroup(papi, zone, name, signal);
    } catch (error) {
      if (error instanceof PapiDecodeError) throw new DiagnosticError({ summary: 'Unexpected Cluster Response', detail: `${error.message}. Check that endpoint points at a OneFS 9.x cluster's Platform API.` });
      throw error;
    }
    if (found === undefined) {
      throw new DiagnosticError({ summary: 'Group Not Found', detail: `The cluster has no local group ${JSON.stringify(name)} in access zone ${JSON.stringify(zone)} (or no such zone).`, attribute: 'name' });
    }
    return { ...config, id: groupId(zone, found.group.name), gid: found.group.gid, sid: found.group.sid, users: found.users };
  },
});
