/**
 * OneFS API area "auth groups": the local groups of each zone, their members, the wire bodies and
 * the `/platform/1/auth/groups` routes (list with `filter`/`limit`/`resume`, create, get/modify/
 * delete by `GROUP:<name>`, `GID:<n>`, `SID:<sid>` or bare name, and the `members` sub-resource).
 * Members are local users of the same zone, kept by name; the model resolves them (a removed user
 * leaves every group, a removed zone takes its groups), so this table knows no other area.
 */
import type { RequestHandler } from 'msw';
import { SYSTEM_ZONE, USER_NAME_PATTERN } from '../../onefs/rules';
import type { OneFsContext } from './context';
import { aec, parseJsonObject } from './errors';
import { listQuery } from './paging';
import { booleanArg, param, resource, zoneOf } from './platform-resource';
import { papiEmpty, papiJson } from './wire';

export interface LocalGroup {
  name: string;
  zone: string;
  gid: number;
  sid: string;
  /** True when OneFS picked the gid. */
  generatedGid: boolean;
  /** Member user names, in the order they were added. */
  members: Set<string>;
}

/** The first gid handed to a created group (OneFS allocates local ids from its own range). */
const FIRST_GID = 2000;
/** The schema's bounds of `gid`. */
const MAX_GID = 4294967295;

/** `Failed to find group for 'GROUP:<name>': No such group` (reference/onefs-papi.md, error table). */
export function noSuchGroup(id: string): ReturnType<typeof aec> {
  return aec('AEC_NOT_FOUND', `Failed to find group for '${id}': No such group`);
}

/** Local groups per zone. A zone's table exists from `openZone` to `closeZone`. */
export class GroupTable {
  readonly #groups = new Map<string, Map<string, LocalGroup>>();
  #nextGid = FIRST_GID;

  constructor(private readonly sidPrefix: string) {}

  openZone(zone: string): void {
    this.#groups.set(zone, new Map());
  }

  closeZone(zone: string): void {
    this.#groups.delete(zone);
  }

  list(zone: string): LocalGroup[] {
    return [...(this.#groups.get(zone)?.values() ?? [])];
  }

  find(zone: string, name: string): LocalGroup | undefined {
    return this.#groups.get(zone)?.get(name);
  }

  /** The group named by `GROUP:<name>`, `GID:<n>`, `SID:<sid>` or a bare name; 404 otherwise. */
  resolve(zone: string, id: string): LocalGroup {
    const gid = /^GID:(\d+)$/.exec(id);
    const sid = /^SID:(.+)$/.exec(id);
    const found = gid ? this.list(zone).find((g) => g.gid === Number(gid[1])) : sid ? this.list(zone).find((g) => g.sid === sid[1]) : this.find(zone, id.replace(/^GROUP:/, ''));
    if (!found) throw noSuchGroup(gid || sid || id.startsWith('GROUP:') ? id : `GROUP:${id}`);
    return found;
  }

  /** Adds a group (next free gid unless given); 400 for a bad name or gid, 409 for a taken name or gid. */
  add(zone: string, name: string, gid?: number): LocalGroup {
    if (!USER_NAME_PATTERN.test(name)) throw aec('AEC_BAD_REQUEST', `Invalid group name '${name}'.`, 'name');
    if (this.find(zone, name)) throw aec('AEC_CONFLICT', `Group '${name}' already exists`);
    if (gid !== undefined) this.#checkGid(zone, gid);
    let chosen = gid;
    if (chosen === undefined) {
      while (this.list(zone).some((g) => g.gid === this.#nextGid)) this.#nextGid++;
      chosen = this.#nextGid++;
    }
    const group: LocalGroup = { name, zone, gid: chosen, sid: `${this.sidPrefix}-${chosen}`, generatedGid: gid === undefined, members: new Set() };
    this.#groups.get(zone)?.set(name, group);
    return group;
  }

  /** Changes the gid (the caller has checked `force`); 409 when another group has it. */
  setGid(group: LocalGroup, gid: number): void {
    if (gid === group.gid) return;
    this.#checkGid(group.zone, gid);
    group.gid = gid;
    group.generatedGid = false;
  }

  #checkGid(zone: string, gid: number): void {
    if (!Number.isInteger(gid) || gid < 0 || gid > MAX_GID) throw aec('AEC_BAD_REQUEST', `Field: gid must be an integer from 0 to ${MAX_GID}.`, 'gid');
    if (this.list(zone).some((g) => g.gid === gid)) throw aec('AEC_CONFLICT', `Group already exists with gid '${gid}'`);
  }

  remove(zone: string, name: string): void {
    this.#groups.get(zone)?.delete(name);
  }

  /** Takes a removed user out of every group of the zone. */
  forgetMember(zone: string, user: string): void {
    for (const group of this.list(zone)) group.members.delete(user);
  }

  clear(): void {
    this.#groups.clear();
    this.#nextGid = FIRST_GID;
  }
}

/** What a group's body needs from other areas: the cluster name. */
export interface GroupBodyContext {
  clusterName: string;
}

/** One group as `/platform/N/auth/groups` returns it (`AuthGroupExtended`). */
export function groupBody(group: LocalGroup, where: GroupBodyContext): Record<string, unknown> {
  return {
    dn: `CN=${group.name},CN=Users,DC=${where.clusterName.toUpperCase()}`,
    domain: where.clusterName.toUpperCase(),
    generated_gid: group.generatedGid,
    gid: { id: `GID:${group.gid}`, name: group.name, type: 'group' },
    id: group.name,
    member_of: [],
    name: group.name,
    object_history: [],
    provider: `lsa-local-provider:${group.zone}`,
    sam_account_name: group.name,
    sid: { id: `SID:${group.sid}`, name: group.name, type: 'group' },
    type: 'group',
  };
}

function optionalGid(body: Record<string, unknown>): number | undefined {
  const gid = body.gid;
  if (gid === undefined) return undefined;
  if (typeof gid !== 'number' || !Number.isInteger(gid)) throw aec('AEC_BAD_REQUEST', `Field: gid expected type integer, got ${JSON.stringify(gid)}.`, 'gid');
  return gid;
}

/** The user a member persona names: `{"id":"USER:<name>"|"UID:<n>"}` or `{"name","type":"user"}`. */
function memberIdOf(body: Record<string, unknown>): string {
  if (typeof body.id === 'string' && body.id !== '') return body.id;
  if (typeof body.name === 'string' && body.name !== '' && (body.type === undefined || body.type === 'user')) return `USER:${body.name}`;
  throw aec('AEC_BAD_REQUEST', 'A member needs an id (USER:<name>, UID:<n>) or a name with type "user".', 'id');
}

/** The auth-groups area's routes. */
export function groupRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/auth/groups', 1, {
      GET: ({ url }) => {
        const query = listQuery(url, ['zone', 'filter']);
        const prefix = query.get('filter') ?? '';
        const all = model.listGroups(query.get('zone') || SYSTEM_ZONE).filter((g) => g.name.startsWith(prefix));
        const { items, resume } = query.page(all);
        return papiJson(200, { groups: items.map((g) => model.groupBody(g)), ...(resume === undefined ? {} : { resume }) });
      },
      POST: async ({ request, url }) => {
        const body = parseJsonObject(await request.text());
        if (typeof body.name !== 'string' || body.name === '') throw aec('AEC_ARG_REQUIRED', 'Field: name required.', 'name');
        const members = Array.isArray(body.members) ? body.members : [];
        const group = model.addGroup(zoneOf(url), body.name, optionalGid(body));
        for (const member of members) model.addGroupMember(zoneOf(url), group.name, memberIdOf(member as Record<string, unknown>));
        return papiJson(201, { id: `SID:${group.sid}` });
      },
    }),
    resource(ctx, '/auth/groups/:id', 1, {
      GET: ({ url, params }) => papiJson(200, { groups: [model.groupBody(model.getGroup(zoneOf(url), param(params, 'id')))] }),
      PUT: async ({ request, url, params }) => {
        const group = model.getGroup(zoneOf(url), param(params, 'id'));
        const gid = optionalGid(parseJsonObject(await request.text()));
        if (gid !== undefined && gid !== group.gid && !booleanArg(url, 'force')) {
          // The schema's words: the force option is required for group ID changes. Message believed.
          throw aec('AEC_BAD_REQUEST', 'Changing the group ID requires the force option.', 'gid');
        }
        if (gid !== undefined) model.setGroupGid(group, gid);
        return papiEmpty(204);
      },
      DELETE: ({ url, params }) => {
        model.removeGroup(zoneOf(url), param(params, 'id'));
        return papiEmpty(204);
      },
    }),
    resource(ctx, '/auth/groups/:group/members', 1, {
      GET: ({ url, params }) => {
        const query = listQuery(url, ['zone', 'resolve_names']);
        const all = model.listGroupMembers(query.get('zone') || SYSTEM_ZONE, param(params, 'group'));
        const { items, resume } = query.page(all);
        return papiJson(200, { members: items.map((u) => ({ id: `UID:${u.uid}`, name: u.name, type: 'user' })), ...(resume === undefined ? {} : { resume }) });
      },
      POST: async ({ request, url, params }) => {
        const user = model.addGroupMember(zoneOf(url), param(params, 'group'), memberIdOf(parseJsonObject(await request.text())));
        return papiJson(201, { id: `UID:${user.uid}` });
      },
    }),
    resource(ctx, '/auth/groups/:group/members/:member', 1, {
      DELETE: ({ url, params }) => {
        model.removeGroupMember(zoneOf(url), param(params, 'group'), param(params, 'member'));
        return papiEmpty(204);
      },
    }),
  ];
}
