/**
 * The cluster side of `powerscale_user_group`: one group with its member names, read whole (every
 * page of the members list), and membership changed one member at a time through the members
 * sub-resource, as the API offers it.
 */
import { isPapiError } from '../../../papi/errors';
import { addGroupMember, getGroup, listGroupMembers, removeGroupMember, type UserGroup } from '../../../papi/groups';
import type { PapiApi } from '../../../papi/types';

/** A group and the names of its members, sorted (a set has no order). */
export interface GroupWithMembers {
  readonly group: UserGroup;
  readonly users: string[];
}

export function isNotFound(error: unknown): boolean {
  return isPapiError(error) && error.status === 404;
}

/** The group and its members; undefined when the group (or its zone) is gone. */
export async function readGroup(papi: PapiApi, zone: string, name: string, signal: AbortSignal): Promise<GroupWithMembers | undefined> {
  try {
    const group = await getGroup(papi, zone, name, signal);
    const members = await listGroupMembers(papi, zone, name, { signal });
    return { group, users: members.map((m) => m.name ?? m.id ?? '').filter((n) => n !== '').sort() };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** What one membership change did before it stopped: the members now added and removed. */
export interface MembershipChange {
  readonly added: string[];
  readonly removed: string[];
}

/** Thrown when a membership change fails part way: `done` says what already happened. */
export class MembershipError extends Error {
  constructor(
    readonly done: MembershipChange,
    readonly user: string,
    override readonly cause: unknown,
  ) {
    super(`changing the membership of ${user} failed`);
  }
}

/**
 * Adds and removes members until the group has exactly `wanted` of `current`. A member already
 * gone counts as removed (someone else removed it: the goal is reached).
 */
export async function setMembers(papi: PapiApi, zone: string, group: string, current: readonly string[], wanted: readonly string[], signal: AbortSignal): Promise<void> {
  const added: string[] = [];
  const removed: string[] = [];
  for (const user of current.filter((u) => !wanted.includes(u))) {
    try {
      await removeGroupMember(papi, zone, group, user, signal);
    } catch (error) {
      if (!isNotFound(error)) throw new MembershipError({ added, removed }, user, error);
    }
    removed.push(user);
  }
  for (const user of wanted.filter((u) => !current.includes(u))) {
    try {
      await addGroupMember(papi, zone, group, user, signal);
    } catch (error) {
      throw new MembershipError({ added, removed }, user, error);
    }
    added.push(user);
  }
}
