import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../simulator/testing';
import { createPapiClient } from './client';
import { PapiDecodeError } from './decode';
import { addGroupMember, createGroup, deleteGroup, getGroup, listGroupMembers, listGroups, removeGroupMember, setGroupGid } from './groups';
import { createZone, deleteZone, getZone, updateZone } from './zones';

const sim = useOneFsSimulator();
const papi = () => createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });

describe('local groups over PAPI', () => {
  it('creates, reads, re-ids and deletes a group in a zone', async () => {
    sim.model.addZone('z1');
    const client = papi();
    await createGroup(client, 'z1', { name: 'devs', gid: 5000 });
    expect(await getGroup(client, 'z1', 'devs')).toEqual({ name: 'devs', gid: 5000, sid: sim.model.getGroup('z1', 'devs').sid, provider: 'lsa-local-provider:z1' });
    await setGroupGid(client, 'z1', 'devs', 5001);
    expect((await getGroup(client, 'z1', 'devs')).gid).toBe(5001);
    await deleteGroup(client, 'z1', 'devs');
    await expect(getGroup(client, 'z1', 'devs')).rejects.toMatchObject({ status: 404, code: 'AEC_NOT_FOUND' });
  });

  it('follows resume to the end of groups and members lists', async () => {
    for (let i = 0; i < 5; i++) sim.model.addGroup('System', `g${i}`);
    for (let i = 0; i < 5; i++) sim.model.addUser('System', `u${i}`);
    const client = papi();
    for (let i = 0; i < 5; i++) await addGroupMember(client, 'System', 'g0', `u${i}`);
    const before = sim.stats().onefs.requests;
    expect((await listGroups(client, 'System', { pageSize: 2, filter: 'g' })).map((g) => g.name)).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
    expect((await listGroupMembers(client, 'System', 'g0', { pageSize: 2 })).map((m) => m.name)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(sim.stats().onefs.requests - before).toBe(6);
    await removeGroupMember(client, 'System', 'g0', 'u3');
    expect((await listGroupMembers(client, 'System', 'g0')).map((m) => m.name)).toEqual(['u0', 'u1', 'u2', 'u4']);
  });

  it('stops on a resume token that repeats instead of looping', async () => {
    sim.server.use(http.get('*/platform/1/auth/groups', () => Response.json({ groups: [], resume: 'again' })));
    await expect(listGroups(papi(), 'System')).rejects.toBeInstanceOf(PapiDecodeError);
  });
});

describe('access zone writes over PAPI', () => {
  it('creates with create_path, modifies by id and deletes a zone', async () => {
    const client = papi();
    expect(await createZone(client, { name: 'tz', path: '/ifs/data/tz', createPath: true })).toBe('tz');
    const zone = await getZone(client, 'tz');
    expect(zone).toMatchObject({ path: '/ifs/data/tz', groupnet: 'groupnet0', authProviders: ['lsa-local-provider:tz'] });
    await updateZone(client, zone.zoneId, { path: '/ifs/data/tz2', createPath: true, authProviders: ['lsa-file-provider:System'] });
    expect(await getZone(client, 'tz')).toMatchObject({ path: '/ifs/data/tz2', authProviders: ['lsa-file-provider:System', 'lsa-local-provider:tz'] });
    await deleteZone(client, zone.zoneId);
    await expect(getZone(client, 'tz')).rejects.toMatchObject({ status: 404 });
  });
});
