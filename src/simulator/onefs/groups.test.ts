import { describe, expect, it } from 'vitest';
import { useOneFsSimulator, type TestSession } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator();
const { call, errorsOf } = platformCaller(sim);
const json = { 'Content-Type': 'application/json' };

async function body<T>(response: Response): Promise<T> {
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

async function listAll(session: TestSession, first: string, key: string): Promise<{ pages: number; items: Array<{ name: string }> }> {
  const items: Array<{ name: string }> = [];
  let pages = 0;
  let path = first;
  for (;;) {
    const page = await body<Record<string, unknown> & { resume?: string }>(await call(path, session));
    pages++;
    items.push(...(page[key] as Array<{ name: string }>));
    if (page.resume === undefined) return { pages, items };
    path = `${first.split('?')[0]}?resume=${encodeURIComponent(page.resume)}`;
  }
}

describe('auth group routes', () => {
  it('creates a group (201 {id}), reads it by name, GROUP:, GID: and SID:, and refuses a taken name or gid', async () => {
    sim.model.addZone('z1');
    const session = await sim.login();
    const created = await call('/platform/1/auth/groups?zone=z1', session, { method: 'POST', headers: json, body: JSON.stringify({ name: 'devs', gid: 3000 }) });
    expect(created.status).toBe(201);
    const group = sim.model.getGroup('z1', 'devs');
    expect(await created.json()).toEqual({ id: `SID:${group.sid}` });
    for (const id of ['devs', 'GROUP:devs', 'GID:3000', `SID:${group.sid}`]) {
      const read = await body<{ groups: Array<Record<string, unknown>> }>(await call(`/platform/1/auth/groups/${encodeURIComponent(id)}?zone=z1`, session));
      expect(read.groups).toMatchObject([{ id: 'devs', name: 'devs', type: 'group', gid: { id: 'GID:3000' }, provider: 'lsa-local-provider:z1', generated_gid: false }]);
    }
    const taken = await call('/platform/1/auth/groups?zone=z1', session, { method: 'POST', headers: json, body: JSON.stringify({ name: 'devs' }) });
    expect(taken.status).toBe(409);
    expect(await errorsOf(taken)).toEqual([{ code: 'AEC_CONFLICT', message: "Group 'devs' already exists" }]);
    const gid = await call('/platform/1/auth/groups?zone=z1', session, { method: 'POST', headers: json, body: JSON.stringify({ name: 'ops', gid: 3000 }) });
    expect(await errorsOf(gid)).toEqual([{ code: 'AEC_CONFLICT', message: "Group already exists with gid '3000'" }]);
    const missing = await call('/platform/1/auth/groups/nope', session);
    expect(missing.status).toBe(404);
    expect(await errorsOf(missing)).toEqual([{ code: 'AEC_NOT_FOUND', message: "Failed to find group for 'GROUP:nope': No such group" }]);
  });

  it('changes the gid only with force, and deletes (then 404)', async () => {
    sim.model.addGroup('System', 'g');
    const session = await sim.login();
    const put = (query: string) => call(`/platform/1/auth/groups/g${query}`, session, { method: 'PUT', headers: json, body: JSON.stringify({ gid: 4242 }) });
    expect((await put('')).status).toBe(400);
    expect((await put('?force=true')).status).toBe(204);
    expect(sim.model.getGroup('System', 'g').gid).toBe(4242);
    expect((await call('/platform/1/auth/groups/GID:4242', session, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/platform/1/auth/groups/g', session, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses (409) to delete a group that is some user\'s primary group, naming the users, and deletes it once none is', async () => {
    sim.model.addGroup('System', 'staff');
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) sim.model.addUser('System', name, { primaryGroup: 'staff' });
    const session = await sim.login();
    const refused = await call('/platform/1/auth/groups/staff', session, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await errorsOf(refused)).toEqual([{ code: 'AEC_CONFLICT', message: "Group 'staff' is the primary group of user(s) 'u1', 'u2', 'u3', 'u4', 'u5' and 1 more and cannot be deleted." }]);
    expect(sim.model.findGroup('System', 'staff')).toBeDefined();
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5']) sim.model.removeUser('System', name);
    sim.model.updateUser(sim.model.getUser('System', 'u6'), { primaryGroup: 'Isilon Users' }, false);
    expect((await call('/platform/1/auth/groups/staff', session, { method: 'DELETE' })).status).toBe(204);
  });

  it('adds, lists and removes members through the members sub-resource; a removed user leaves the group', async () => {
    sim.model.addUser('System', 'alice');
    const bob = sim.model.addUser('System', 'bob');
    sim.model.addGroup('System', 'g');
    const session = await sim.login();
    const add = (member: unknown) => call('/platform/1/auth/groups/g/members', session, { method: 'POST', headers: json, body: JSON.stringify(member) });
    expect(await body(await add({ id: 'USER:alice' }))).toEqual({ id: `UID:${sim.model.getUser('System', 'alice').uid}` });
    await body(await add({ name: 'bob', type: 'user' }));
    const unknown = await add({ id: 'USER:carol' });
    expect(unknown.status).toBe(404);
    expect(await errorsOf(unknown)).toEqual([{ code: 'AEC_NOT_FOUND', message: "Failed to find user for 'USER:carol': No such user" }]);
    const members = await body<{ members: unknown[] }>(await call('/platform/1/auth/groups/g/members', session));
    expect(members).toEqual({ members: [expect.objectContaining({ name: 'alice', type: 'user' }), { id: `UID:${bob.uid}`, name: 'bob', type: 'user' }] });

    expect((await call(`/platform/1/auth/groups/g/members/UID:${bob.uid}`, session, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/platform/1/auth/groups/g/members/USER:bob', session, { method: 'DELETE' })).status).toBe(404);
    sim.model.removeUser('System', 'alice');
    expect(await body(await call('/platform/1/auth/groups/g/members', session))).toEqual({ members: [] });
  });

  it('pages groups and members with limit and resume to the end, keeping zone and filter in the token', async () => {
    sim.model.addZone('big');
    for (let i = 0; i < 25; i++) sim.model.addGroup('big', `team${String(i).padStart(2, '0')}`);
    sim.model.addGroup('big', 'other');
    for (let i = 0; i < 7; i++) sim.model.addGroupMember('big', 'team00', sim.model.addUser('big', `u${i}`).name);
    const session = await sim.login();
    const groups = await listAll(session, '/platform/1/auth/groups?zone=big&filter=team&limit=10', 'groups');
    expect(groups.pages).toBe(3);
    expect(groups.items.map((g) => g.name)).toEqual(Array.from({ length: 25 }, (_, i) => `team${String(i).padStart(2, '0')}`));
    const members = await listAll(session, '/platform/1/auth/groups/team00/members?zone=big&limit=3', 'members');
    expect(members.pages).toBe(3);
    expect(members.items.map((m) => m.name)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    const unpaged = await body<Record<string, unknown>>(await call('/platform/1/auth/groups?zone=big', session));
    expect(Object.keys(unpaged)).toEqual(['groups']);
    expect((await call('/platform/1/auth/groups?limit=0', session)).status).toBe(400);
    expect((await call('/platform/1/auth/groups?resume=garbage', session)).status).toBe(400);
  });

  it('removes a zone with its groups', async () => {
    sim.model.addZone('gone');
    sim.model.addGroup('gone', 'g');
    sim.model.removeZone('gone');
    sim.model.addZone('gone');
    expect(sim.model.findGroup('gone', 'g')).toBeUndefined();
  });
});
