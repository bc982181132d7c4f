/**
 * Local groups (OneFS 9.5 API schema: `/platform/1/auth/groups`, `/platform/1/auth/groups/{id}`
 * and the members sub-resource `/platform/1/auth/groups/{Group}/members[/{GroupMemberId}]`). A
 * group is named as `GROUP:<name>` so that a name that looks like another persona form (`GID:1`)
 * can never be taken for it; every call carries `?zone=`, and goes to the client's choice for the
 * `groups` area (./versions.ts: 1 on every release of the reference). Wire JSON stays here:
 * callers get camelCase {@link UserGroup} models. Lists follow `resume` to the end.
 */
import { BodyReader, PapiDecodeError } from './decode';
import { listAll, type ListOptions } from './paging';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** `/platform/<version>/auth/groups`. */
export function groupsPath(version: number): string {
  return `/platform/${version}/auth/groups`;
}

async function groupsPathOf(papi: PapiApi, signal: AbortSignal | undefined): Promise<string> {
  return groupsPath(await apiVersionOf(papi, 'groups', signal));
}

/** One local group (`AuthGroupExtended`, the members the provider uses). */
export interface UserGroup {
  readonly name: string;
  /** The numeric group id, from the `gid` persona (`GID:<n>`). */
  readonly gid: number;
  /** The security identifier, from the `sid` persona (`SID:S-1-5-...` without the prefix). */
  readonly sid: string | null;
  readonly provider: string | null;
}

/** One member persona (`AuthAccessAccessItemFileGroup`). */
export interface GroupMember {
  /** Serialized persona, e.g. `UID:2000`. */
  readonly id: string | null;
  readonly name: string | null;
  readonly type: string | null;
}

function groupPath(groups: string, name: string): string {
  return `${groups}/${encodeURIComponent(`GROUP:${name}`)}`;
}

function membersPath(groups: string, group: string): string {
  return `${groupPath(groups, group)}/members`;
}

/** `GID:2000` → 2000; anything else is a decode error naming the member. */
function personaNumber(method: string, path: string, field: string, id: string | null, prefix: string): number {
  const match = id === null ? null : new RegExp(`^${prefix}:(\\d+)$`).exec(id);
  if (!match) throw new PapiDecodeError(method, path, field, `a ${prefix}:<n> persona`);
  return Number(match[1]);
}

function decodeGroup(path: string): (g: BodyReader) => UserGroup {
  return (g) => {
    const gid = g.object('gid');
    const sid = g.object('sid').optionalString('id');
    return {
      name: g.string('name'),
      gid: personaNumber('GET', path, 'gid.id', gid.optionalString('id'), 'GID'),
      sid: sid === null ? null : sid.replace(/^SID:/, ''),
      provider: g.optionalString('provider'),
    };
  };
}

function decodeMember(m: BodyReader): GroupMember {
  return { id: m.optionalString('id'), name: m.optionalString('name'), type: m.optionalString('type') };
}

/** One group of `zone`; a missing group (or zone) is the cluster's 404 (PapiError). */
export async function getGroup(papi: PapiApi, zone: string, name: string, signal?: AbortSignal): Promise<UserGroup> {
  const path = groupPath(await groupsPathOf(papi, signal), name);
  const groups = BodyReader.of('GET', path, await papi.get(path, { query: { zone }, signal })).objects('groups', decodeGroup(path));
  const [group] = groups;
  if (group === undefined) throw new PapiDecodeError('GET', path, 'groups', 'a list with one group');
  return group;
}

/** Every group of `zone` whose name starts with `filter` (all when omitted), following `resume`. */
export async function listGroups(papi: PapiApi, zone: string, options: ListOptions & { filter?: string } = {}): Promise<UserGroup[]> {
  const path = await groupsPathOf(papi, options.signal);
  return listAll(papi, path, 'groups', decodeGroup(path), { ...options, query: { zone, filter: options.filter } });
}

/** Creates a group (gid chosen by the cluster when omitted); 409 when the name or gid is taken. */
export async function createGroup(papi: PapiApi, zone: string, input: { name: string; gid?: number }, signal?: AbortSignal): Promise<void> {
  const json: Record<string, unknown> = { name: input.name };
  if (input.gid !== undefined) json.gid = input.gid;
  await papi.post(await groupsPathOf(papi, signal), { query: { zone }, json, signal });
}

/** Changes the gid; `force` is required by the cluster for a gid change (it can cost file access). */
export async function setGroupGid(papi: PapiApi, zone: string, name: string, gid: number, signal?: AbortSignal): Promise<void> {
  await papi.put(groupPath(await groupsPathOf(papi, signal), name), { query: { zone, force: true }, json: { gid }, signal });
}

/** Deletes a group; a missing group is the cluster's 404 (PapiError). */
export async function deleteGroup(papi: PapiApi, zone: string, name: string, signal?: AbortSignal): Promise<void> {
  await papi.delete(groupPath(await groupsPathOf(papi, signal), name), { query: { zone }, signal });
}

/** Every member of a group, names resolved, following `resume`. */
export async function listGroupMembers(papi: PapiApi, zone: string, group: string, options: ListOptions = {}): Promise<GroupMember[]> {
  return listAll(papi, membersPath(await groupsPathOf(papi, options.signal), group), 'members', decodeMember, { ...options, query: { zone, resolve_names: true } });
}

/** Adds the local user `user` to the group; the cluster's 404 when the user does not exist. */
export async function addGroupMember(papi: PapiApi, zone: string, group: string, user: string, signal?: AbortSignal): Promise<void> {
  await papi.post(membersPath(await groupsPathOf(papi, signal), group), { query: { zone }, json: { id: `USER:${user}` }, signal });
}

/** Removes the user `user` from the group; the cluster's 404 when it is not a member. */
export async function removeGroupMember(papi: PapiApi, zone: string, group: string, user: string, signal?: AbortSignal): Promise<void> {
  await papi.delete(`${membersPath(await groupsPathOf(papi, signal), group)}/${encodeURIComponent(`USER:${user}`)}`, { query: { zone }, signal });
}
