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
    const system = (await (await call('/platform/1/auth/users', session)).json()) as { resume: unknown; users: UserBody[] };
    expect(system.users.map((u) => [u.name, u.uid.id])).toEqual([
      ['admin', 'UID:10'],
      ['alice', 'UID:2000'],
    ]);
    expect(Object.keys(system).sort()).toEqual(['resume', 'users']); // the schema's AuthUsersExtended has no total
    expect(system.resume).toBeNull();
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

describe('auth user routes: create, update, delete, paging', () => {
  const json = (body: unknown, method = 'POST') => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('creates a user with its settings and password (201 {id}), answers 409 for a duplicate name or uid, and never shows the password', async () => {
    const session = await sim.login();
    const created = await call('/platform/1/auth/users', session, json({ name: 'dave', email: 'd@example.com', gecos: 'Dave', primary_group: { type: 'group', name: 'tenants' }, password: 'Pw-1-secret!', prompt_password_change: true }));
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: expect.stringMatching(/^SID:S-1-5-21-/) as unknown });
    const body = (await (await call('/platform/1/auth/users/dave', session)).json()) as { users: Record<string, unknown>[] };
    expect(body.users[0]).toMatchObject({ name: 'dave', email: 'd@example.com', gecos: 'Dave', enabled: true, password_expired: false, password_expires: true, prompt_password_change: true, gid: { name: 'tenants', type: 'group' } });
    expect(JSON.stringify(body)).not.toContain('Pw-1-secret!');
    expect(sim.model.authenticateUser('System', 'dave', 'Pw-1-secret!')).toBe(true);
    expect(sim.model.authenticateUser('System', 'dave', 'wrong')).toBe(false);
    const duplicate = await call('/platform/1/auth/users', session, json({ name: 'dave' }));
    expect(duplicate.status).toBe(409);
    expect(await errorsOf(duplicate)).toEqual([{ code: 'AEC_CONFLICT', message: "User 'dave' already exists" }]);
    const sameUid = await call('/platform/1/auth/users', session, json({ name: 'erin', uid: 2000 }));
    expect(await errorsOf(sameUid)).toEqual([{ code: 'AEC_CONFLICT', message: "User already exists with uid '2000'" }]);
    const unknownZone = await call('/platform/1/auth/users?zone=nowhere', session, json({ name: 'erin' }));
    expect(unknownZone.status).toBe(404);
  });

  it('updates settings and the password with PUT (204), needs force for a uid change, and answers 404 for an unknown name', async () => {
    const session = await sim.login();
    const put = await call('/platform/1/auth/users/alice', session, json({ enabled: false, shell: '/bin/bash', password: 'N3w-pass' }, 'PUT'));
    expect(put.status).toBe(204);
    expect(sim.model.findUser('System', 'alice')).toMatchObject({ enabled: false, shell: '/bin/bash' });
    const uid = await call('/platform/1/auth/users/alice', session, json({ uid: 4100 }, 'PUT'));
    expect(uid.status).toBe(400);
    expect((await call('/platform/1/auth/users/alice?force=true', session, json({ uid: 4100 }, 'PUT'))).status).toBe(204);
    expect(sim.model.findUser('System', 'alice')?.uid).toBe(4100);
    const missing = await call('/platform/1/auth/users/nobody', session, json({ enabled: true }, 'PUT'));
    expect(await errorsOf(missing)).toEqual([{ code: 'AEC_NOT_FOUND', message: "Failed to find user for 'USER:nobody': No such user" }]);
  });

  it('deletes a user (204), answers 404 when gone, and refuses a user who still owns an S3 key', async () => {
    const session = await sim.login();
    sim.model.createKey('System', 'alice', { force: false, existingKeyExpiryMinutes: 0 });
    const refused = await call('/platform/1/auth/users/alice', session, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await errorsOf(refused)).toEqual([{ code: 'AEC_CONFLICT', message: "User 'alice' still owns an S3 key in zone 'System'. Delete the key first." }]);
    sim.model.deleteKey('System', 'alice');
    expect((await call('/platform/1/auth/users/alice', session, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/platform/1/auth/users/alice', session, { method: 'DELETE' })).status).toBe(404);
  });

  it('pages with limit and resume to the end, filters by name prefix, and refuses resume with other options or a bad token', async () => {
    sim.model.addZone('big');
    for (let i = 0; i < 25; i++) sim.model.addUser('big', `u${String(i).padStart(2, '0')}`);
    sim.model.addUser('big', 'other');
    const session = await sim.login();
    const names: string[] = [];
    let page = (await (await call('/platform/1/auth/users?zone=big&filter=u&limit=10', session)).json()) as { resume: string | null; users: UserBody[] };
    const sizes = [page.users.length];
    names.push(...page.users.map((u) => u.name));
    while (page.resume !== null) {
      page = (await (await call(`/platform/1/auth/users?resume=${encodeURIComponent(page.resume)}`, session)).json()) as { resume: string | null; users: UserBody[] };
      sizes.push(page.users.length);
      names.push(...page.users.map((u) => u.name));
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `u${String(i).padStart(2, '0')}`));
    expect((await call('/platform/1/auth/users?resume=x&zone=big', session)).status).toBe(400);
    expect(await errorsOf(await call('/platform/1/auth/users?resume=not-a-token', session))).toEqual([{ code: 'AEC_BAD_REQUEST', message: 'Invalid resume token', field: 'resume' }]);
    expect((await call('/platform/1/auth/users?limit=0', session)).status).toBe(400);
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
