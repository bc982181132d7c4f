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
 * - delete tolerates "already gone"; a refusal while the group is some user's primary group becomes
 *   a diagnostic naming those users (found by listing the zone's users after the refusal, so that
 *   it holds whatever words the cluster uses, and costs nothing when the delete succeeds).
 */
import { isPapiError } from '../../../papi/errors';
import { createGroup, deleteGroup, getGroup, setGroupGid } from '../../../papi/groups';
import type { PapiApi } from '../../../papi/types';
import { listUsers } from '../../../papi/users';
import { DiagnosticError, defineResource, ErrorAtAttribute, PartialStateError, type HandlerContext } from '../../framework';
import { isNotFound, MembershipError, readGroup, setMembers, type GroupWithMembers } from './members';
import { createOutcomeUnknown, refuseExisting } from '../create-outcome';
import { groupId, parseImportId, SYSTEM_ZONE } from './naming';
import { userGroupSchema, type UserGroupModel } from './schema';

function toModel(zone: string, found: GroupWithMembers): UserGroupModel {
  return { id: groupId(zone, found.group.name), name: found.group.name, zone, gid: found.group.gid, users: found.users, sid: found.group.sid };
}

async function groupExists(papi: PapiApi, zone: string, name: string, signal: AbortSignal): Promise<boolean> {
  try {
    await getGroup(papi, zone, name, signal);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
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

/** Users named in a diagnostic; the rest are counted. */
const NAMED_USERS = 10;

/**
 * After the cluster refused to delete `name`: the diagnostic naming the users whose primary group
 * it is, or the cluster's own error when there are none (or they cannot be listed).
 */
async function explainRefusedDelete(papi: PapiApi, zone: string, name: string, error: unknown, signal: AbortSignal): Promise<unknown> {
  if (!isPapiError(error) || (error.status !== 409 && error.status !== 403)) return error;
  let holders: string[];
  try {
    holders = (await listUsers(papi, zone, { signal })).filter((u) => u.primaryGroup === name).map((u) => u.name);
  } catch {
    return error;
  }
  if (holders.length === 0) return error;
  const named = holders.slice(0, NAMED_USERS).map((u) => JSON.stringify(u)).join(', ');
  const more = holders.length > NAMED_USERS ? ` and ${holders.length - NAMED_USERS} more` : '';
  return new DiagnosticError({
    summary: 'Group Is Still A Primary Group',
    detail:
      `The cluster refused to delete group ${JSON.stringify(name)} in zone ${JSON.stringify(zone)} (HTTP ${error.status}${error.code ? `, ${error.code}` : ''}): it is the primary group of ${holders.length === 1 ? 'user' : `${holders.length} users`} ${named}${more}. ` +
      'Give those users another primary group first (primary_group of their powerscale_user, or `isi auth users modify <user> --primary-group`), or delete them. ' +
      'For users managed in this configuration, set primary_group = powerscale_user_group.<name>.name so that Terraform changes or destroys them before the group. The group was kept.',
    attribute: 'name',
  });
}

export const userGroupResource = defineResource<UserGroupModel>({
  typeName: 'powerscale_user_group',
  title: 'User Group',
  schema: userGroupSchema,

  async create(req) {
    const { plan } = req;
    const { zone, name } = where(plan);
    refuseExisting(await groupExists(req.papi, zone, name, req.signal), { title: 'User Group', what: `a group named ${JSON.stringify(name)} in zone ${JSON.stringify(zone)}`, attribute: 'name', importId: groupId(zone, name) });
    try {
      await createGroup(req.papi, zone, { name, gid: plan.gid ?? undefined }, req.signal);
    } catch (error) {
      // No clear answer: the group may exist now (see ../create-outcome).
      if (createOutcomeUnknown(error)) throw new PartialStateError<UserGroupModel>({ ...plan, id: groupId(zone, name), users: [] }, error);
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
      if (!isNotFound(error)) throw await explainRefusedDelete(papi, zone, name, error, signal);
    }
  },

  importState({ id }) {
    const { zone, name } = parseImportId(id);
    return { id: groupId(zone, name), zone, name };
  },
});
