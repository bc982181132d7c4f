import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator({ users: ['alice'] });
const { call, errorsOf } = platformCaller(sim);

interface UserBody {
  name: string;
  uid: { id: string };
  sid: { id: string };
  home_directory: string;
  provider: string;
}

describe('auth user routes', () => {
  it('lists the admin (uid 10) and the seeded users of the System zone, and the users of another zone with ?zone=', async () => {
    sim.model.addZone('tenant1');
    sim.model.addUser('tenant1', 'carol');
    const session = await sim.login();
    const system = (await (await call('/platform/1/auth/users', session)).json()) as { total: number; users: UserBody[] };
    expect(system.users.map((u) => [u.name, u.uid.id])).toEqual([
      ['admin', 'UID:10'],
      ['alice', 'UID:2000'],
    ]);
    expect(system.total).toBe(2);
    const tenant = (await (await call('/platform/1/auth/users?zone=tenant1', session)).json()) as { users: UserBody[] };
    expect(tenant.users).toMatchObject([{ name: 'carol', home_directory: '/ifs/tenant1/home/carol', provider: 'lsa-local-provider:tenant1' }]);
    expect(tenant.users[0]?.sid.id).toMatch(/^SID:S-1-5-21-\d+-\d+-\d+-2001$/);
  });

  it('finds one user by USER:<name>, UID:<n> or a bare name, and answers the real 404 otherwise', async () => {
    const session = await sim.login();
    for (const id of ['USER:alice', 'UID:2000', 'alice']) {
      const body = (await (await call(`/platform/1/auth/users/${id}`, session)).json()) as { users: UserBody[] };
      expect(body.users).toMatchObject([{ name: 'alice', uid: { id: 'UID:2000' } }]);
    }
    const missing = await call('/platform/1/auth/users/UID:4242', session);
    expect(missing.status).toBe(404);
    expect(await errorsOf(missing)).toEqual([{ code: 'AEC_NOT_FOUND', message: "Failed to find user for 'UID:4242': No such user" }]);
  });
});

describe('OneFsModel across areas', () => {
  it('removes a zone with its users and their keys, and a user with its key', () => {
    sim.model.addZone('tenant1');
    sim.model.addUser('tenant1', 'carol');
    const key = sim.model.createKey('tenant1', 'carol', { force: false, existingKeyExpiryMinutes: 0 });
    sim.model.removeZone('tenant1');
    expect(sim.model.s3Authenticate(key.access_id, key.secret_key)).toBe(false);
    expect(sim.model.findUser('tenant1', 'carol')).toBeUndefined();
    const own = sim.model.createKey('System', 'alice', { force: false, existingKeyExpiryMinutes: 0 });
    sim.model.removeUser('System', 'alice');
    expect(sim.model.s3Authenticate(own.access_id, own.secret_key)).toBe(false);
    expect(() => sim.model.removeZone('System')).toThrow('The System zone cannot be deleted.');
  });
});
