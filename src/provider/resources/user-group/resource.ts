/**
 * `resource "powerscale_user_group"`: a local group of an access zone, as Dell's provider names
 * it, and (when `users` is set) exactly its member users.
 *
 * - `name` and `zone` force replacement; `gid` changes in place (with `force`, which the API
 *   requires for a gid change);
 * - membership goes through the members sub-resource one user at a time; a change that fails part
 *   way records what was done (PartialStateError), so the next plan finishes it;
 * - read follows every page of the members list, so a member removed outside Terraform shows as a
 *   change to put back; a gone group (or zone) leaves the state;
 * - delete tolerates "already gone".
 */
import { createGroup, deleteGroup, setGroupGid } from '../../../papi/groups';
import { defineResource, ErrorAtAttribute, PartialStateError, type HandlerContext } from '../../framework';
import { isNotFound, MembershipError, readGroup, setMembers, type GroupWithMembers } from './members';
import { groupId, parseImportId, SYSTEM_ZONE } from './naming';
import { userGroupSchema, type UserGroupModel } from './schema';

function toModel(zone: string, found: GroupWithMembers): UserGroupModel {
  return { id: groupId(zone, found.group.name), name: found.group.name, zone, gid: found.group.gid, users: found.users, sid: found.group.sid };
}

function where(model: UserGroupModel): { zone: string; name: string } {
  return { zone: model.zone ?? SYSTEM_ZONE, name: model.name ?? '' };
}

/** Applies `wanted` membership; on a failure part way, the state records the members as they now are. */
async function applyMembers(ctx: HandlerContext, base: UserGroupModel, current: readonly string[], wanted: readonly string[]): Promise<void> {
  const { zone, name } = where(base);
  try {
    await setMembers(ctx.papi, zone, name, current, wanted, ctx.signal);
  } catch (error) {
    if (!(error instanceof MembershipError)) throw error;
    const now = current.filter((u) => !error.done.removed.includes(u)).concat(error.done.added).sort();
    // A user the cluster does not know is a configuration problem: point at users.
    const cause = isNotFound(error.cause) ? new ErrorAtAttribute('users', error.cause) : error.cause;
    throw new PartialStateError<UserGroupModel>({ ...base, users: now }, cause);
  }
}

async function reread(ctx: HandlerContext, zone: string, name: string, fallback: UserGroupModel): Promise<UserGroupModel> {
  const found = await readGroup(ctx.papi, zone, name, ctx.signal);
  if (found === undefined) throw new PartialStateError<UserGroupModel>(fallback, new Error(`the group ${name} of zone ${zone} could not be read back after the change`));
  return toModel(zone, found);
}

export const userGroupResource = defineResource<UserGroupModel>({
  typeName: 'powerscale_user_group',
  title: 'User Group',
  schema: userGroupSchema,

  async create(req) {
    const { plan } = req;
    const { zone, name } = where(plan);
    try {
      await createGroup(req.papi, zone, { name, gid: plan.gid ?? undefined }, req.signal);
    } catch (error) {
      throw isNotFound(error) ? new ErrorAtAttribute('zone', error) : error;
    }
    const created = await reread(req, zone, name, { ...plan, id: groupId(zone, name), users: [] });
    await applyMembers(req, created, created.users ?? [], plan.users ?? created.users ?? []);
    return reread(req, zone, name, created);
  },

  async read({ state, papi, signal }) {
    const { zone, name } = where(state);
    const found = await readGroup(papi, zone, name, signal);
    return found === undefined ? null : toModel(zone, found);
  },

  async update(req) {
    const { plan, prior } = req;
    const { zone, name } = where(prior);
    if (plan.gid !== null && plan.gid !== prior.gid) await setGroupGid(req.papi, zone, name, plan.gid, req.signal);
    const base = { ...prior, gid: plan.gid ?? prior.gid };
    if (plan.users !== null) await applyMembers(req, base, prior.users ?? [], plan.users);
    return reread(req, zone, name, base);
  },

  async delete({ state, papi, signal }) {
    const { zone, name } = where(state);
    try {
      await deleteGroup(papi, zone, name, signal);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },

  importState({ id }) {
    const { zone, name } = parseImportId(id);
    return { id: groupId(zone, name), zone, name };
  },
});
