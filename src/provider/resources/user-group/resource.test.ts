import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { TfObject } from '../../framework/contract';
import { createProviderHarness } from '../../testing/harness';
import { userGroupDataSource } from './data-source';
import { userGroupResource } from './resource';

const CANARY = 'gr0up-c4n4ry-pässwörd';
const sim = useOneFsSimulator({ password: CANARY });
const TYPE = 'powerscale_user_group';
const harness = () => createProviderHarness(sim, { resources: [userGroupResource], dataSources: [userGroupDataSource] }, CANARY);

const config = (overrides: TfObject = {}): TfObject => ({ id: null, name: 'devs', zone: null, gid: null, users: null, sid: null, ...overrides });

function seedUsers(zone: string, ...names: string[]): void {
  for (const name of names) sim.model.addUser(zone, name);
}

describe('resource "powerscale_user_group"', () => {
  it('creates a group with its members in a zone, then plans no change', async () => {
    sim.model.addZone('z1');
    seedUsers('z1', 'alice', 'bob');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ zone: 'z1', users: ['bob', 'alice'] }));
    expect(created.diagnostics).toEqual([]);
    const group = sim.model.getGroup('z1', 'devs');
    expect(created.state).toEqual({ id: 'z1/devs', name: 'devs', zone: 'z1', gid: group.gid, users: ['alice', 'bob'], sid: group.sid });
    expect(sim.model.listGroupMembers('z1', 'devs').map((u) => u.name).sort()).toEqual(['alice', 'bob']);
    const again = await h.apply(TYPE, created.state, config({ zone: 'z1', users: ['alice', 'bob'] }));
    expect(again.planned).toEqual(created.state);
  });

  it('puts back a member removed outside Terraform and takes out one added outside', async () => {
    seedUsers('System', 'alice', 'bob', 'carol');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ users: ['alice', 'bob'] }));
    sim.model.removeGroupMember('System', 'devs', 'bob');
    sim.model.addGroupMember('System', 'devs', 'carol');
    const drifted = (await h.read(TYPE, created.state as TfObject)).newState;
    expect(drifted?.users).toEqual(['alice', 'carol']);
    const repaired = await h.apply(TYPE, drifted, config({ users: ['alice', 'bob'] }));
    expect(repaired.diagnostics).toEqual([]);
    expect(repaired.state?.users).toEqual(['alice', 'bob']);
    expect(sim.model.listGroupMembers('System', 'devs').map((u) => u.name).sort()).toEqual(['alice', 'bob']);
  });

  it('refuses to delete a group that is still users\' primary group with a diagnostic naming the group and the users, keeping it, and deletes it once they moved', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    const holders = Array.from({ length: 12 }, (_, i) => `holder${String(i).padStart(2, '0')}`);
    for (const name of holders) sim.model.addUser('System', name, { primaryGroup: 'devs' });
    sim.model.addUser('System', 'elsewhere');
    const refused = await h.destroy(TYPE, created.state as TfObject);
    expect(refused.map((d) => [d.severity, d.summary, d.attribute])).toEqual([['error', 'Group Is Still A Primary Group', [{ attribute: 'name' }]]]);
    const detail = refused[0]?.detail ?? '';
    expect(detail).toContain('group "devs" in zone "System"');
    expect(detail).toContain('12 users "holder00", "holder01"');
    expect(detail).toContain('"holder09" and 2 more');
    expect(detail).not.toContain('elsewhere');
    expect(detail).toMatch(/another primary group first/);
    expect(sim.model.findGroup('System', 'devs')).toBeDefined();
    for (const name of holders) sim.model.updateUser(sim.model.getUser('System', name), { primaryGroup: 'Isilon Users' }, false);
    expect(await h.destroy(TYPE, created.state as TfObject)).toEqual([]);
    expect(sim.model.findGroup('System', 'devs')).toBeUndefined();
  });

  it('changes the gid in place (with force) and leaves membership alone when users is omitted', async () => {
    seedUsers('System', 'alice');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ gid: 7000 }));
    expect(created.state).toMatchObject({ gid: 7000, users: [] });
    sim.model.addGroupMember('System', 'devs', 'alice');
    const refreshed = (await h.read(TYPE, created.state as TfObject)).newState;
    const changed = await h.apply(TYPE, refreshed, config({ gid: 7001 }));
    expect(changed.diagnostics).toEqual([]);
    expect(changed.requiresReplace).toEqual([]);
    expect(changed.state).toMatchObject({ gid: 7001, users: ['alice'] });
    expect(sim.model.getGroup('System', 'devs').gid).toBe(7001);
  });

  it('names the unknown user at users, and records the group with the members it did add', async () => {
    seedUsers('System', 'alice');
    const h = await harness();
    const failed = await h.apply(TYPE, null, config({ users: ['alice', 'nobody'] }));
    expect(failed.diagnostics[0]).toMatchObject({ summary: 'Unable to Create User Group', attribute: [{ attribute: 'users' }] });
    expect(failed.diagnostics[0]?.detail).toContain("Failed to find user for 'USER:nobody': No such user");
    expect(failed.state).toMatchObject({ id: 'System/devs', users: ['alice'] });
    expect(sim.model.listGroupMembers('System', 'devs').map((u) => u.name)).toEqual(['alice']);
  });

  it('reads every page of a large membership', async () => {
    const names = Array.from({ length: 2500 }, (_, i) => `m${String(i).padStart(4, '0')}`);
    seedUsers('System', ...names);
    sim.model.addGroup('System', 'big');
    for (const name of names) sim.model.addGroupMember('System', 'big', name);
    const h = await harness();
    const imported = await h.importAndRead(TYPE, 'System/big');
    expect(imported.state?.users).toHaveLength(2500);
    // 2,500 members in pages of 1,000: three calls, the last without resume.
    expect(sim.stats().onefs.routes['GET /platform/1/auth/groups/{group}/members']).toBe(3);
  });

  it('drops a group deleted outside on read, deletes one already gone, and destroys a live one', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    sim.model.removeGroup('System', 'devs');
    expect((await h.read(TYPE, created.state as TfObject)).newState).toBeNull();
    expect(await h.destroy(TYPE, created.state as TfObject)).toEqual([]);
    const again = await h.apply(TYPE, null, config());
    expect(await h.destroy(TYPE, again.state as TfObject)).toEqual([]);
    expect(sim.model.findGroup('System', 'devs')).toBeUndefined();
  });

  it('imports <zone>/<name> to the created state, and refuses a malformed id', async () => {
    sim.model.addZone('z1');
    seedUsers('z1', 'alice');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ zone: 'z1', users: ['alice'] }));
    expect((await h.importAndRead(TYPE, 'z1/devs')).state).toEqual(created.state);
    for (const id of ['devs', 'z1/', 'bad zone/devs']) expect((await h.importAndRead(TYPE, id)).diagnostics[0]?.summary, id).toBe('Invalid Import ID');
  });

  it('refuses bad names, members and gids at validation, naming the attribute', async () => {
    const h = await harness();
    expect((await h.validate('resource', TYPE, config({ name: 'a b' })))[0]?.attribute).toEqual([{ attribute: 'name' }]);
    expect((await h.validate('resource', TYPE, config({ users: ['ok', 'bad:name'] })))[0]?.attribute).toEqual([{ attribute: 'users' }]);
    expect((await h.validate('resource', TYPE, config({ gid: -1 })))[0]?.attribute).toEqual([{ attribute: 'gid' }]);
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });
});

describe('data "powerscale_user_group"', () => {
  it('reads a group by zone and name with all its members', async () => {
    sim.model.addZone('z1');
    seedUsers('z1', 'alice', 'bob');
    const group = sim.model.addGroup('z1', 'devs', 4100);
    sim.model.addGroupMember('z1', 'devs', 'bob');
    sim.model.addGroupMember('z1', 'devs', 'alice');
    const { state, diagnostics } = await (await harness()).readDataSource(TYPE, { id: null, name: 'devs', zone: 'z1', gid: null, sid: null, users: null });
    expect(diagnostics).toEqual([]);
    expect(state).toEqual({ id: 'z1/devs', name: 'devs', zone: 'z1', gid: 4100, sid: group.sid, users: ['alice', 'bob'] });
  });

  it('fails for a group that does not exist, at name', async () => {
    const { state, diagnostics } = await (await harness()).readDataSource(TYPE, { id: null, name: 'nope', zone: null, gid: null, sid: null, users: null });
    expect(state).toBeNull();
    expect(diagnostics[0]).toMatchObject({ summary: 'Group Not Found', attribute: [{ attribute: 'name' }] });
  });

  it('names the malformed member of an unexpected response', async () => {
    sim.model.addGroup('System', 'devs');
    sim.server.use(http.get('*/platform/1/auth/groups/:id', () => Response.json({ groups: [{ id: 'devs', name: 'devs', type: 'group', gid: { id: 'seven' }, sid: {} }] })));
    const { diagnostics } = await (await harness()).readDataSource(TYPE, { id: null, name: 'devs', zone: null, gid: null, sid: null, users: null });
    expect(diagnostics[0]).toMatchObject({ summary: 'Unexpected Cluster Response' });
    expect(diagnostics[0]?.detail).toContain('gid.id');
  });
});
