import { describe, expect, it } from 'vitest';
import { listUsers } from '../../../papi/users';
import type { PapiApi } from '../../../papi/types';
import { createPapiClient } from '../../../papi/client';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { TfObject } from '../../framework/contract';
import { createProviderHarness } from '../../testing/harness';
import { userDataSource } from './data-source';

const CANARY = 'd"ata\\user-pässwörd-✓';
const sim = useOneFsSimulator({ password: CANARY, users: ['alice', 'bob'] });
const harness = () => createProviderHarness(sim, { dataSources: [userDataSource] }, CANARY);
const config = (values: TfObject): TfObject => ({ id: null, zone: null, name: null, name_prefix: null, enabled: null, users: null, ...values });

describe('data "powerscale_user"', () => {
  it('reads one user by zone and name, and names the attribute when the user does not exist', async () => {
    const h = await harness();
    const one = await h.readDataSource('powerscale_user', config({ name: 'alice' }));
    expect(one.diagnostics).toEqual([]);
    expect(one.state).toMatchObject({ id: 'System/alice', users: [{ name: 'alice', uid: 2000, enabled: true, auth_provider: 'lsa-local-provider:System', primary_group: 'Isilon Users', password_expired: false }] });
    const missing = await h.readDataSource('powerscale_user', config({ name: 'nobody' }));
    expect(missing.diagnostics.map((d) => [d.summary, d.attribute])).toEqual([['User Not Found', [{ attribute: 'name' }]]]);
  });

  it('lists the users of a zone that match a name prefix and enabled', async () => {
    sim.model.addZone('tenant1');
    for (const name of ['svc-a', 'svc-b', 'svc-c', 'human']) sim.model.addUser('tenant1', name, { enabled: name !== 'svc-b' });
    const h = await harness();
    const all = await h.readDataSource('powerscale_user', config({ zone: 'tenant1', name_prefix: 'svc-' }));
    expect((all.state?.users as { name: string }[]).map((u) => u.name)).toEqual(['svc-a', 'svc-b', 'svc-c']);
    const enabled = await h.readDataSource('powerscale_user', config({ zone: 'tenant1', name_prefix: 'svc-', enabled: true }));
    expect(enabled.state).toMatchObject({ id: 'tenant1/users', users: [{ name: 'svc-a' }, { name: 'svc-c' }] });
    expect((await h.validate('data source', 'powerscale_user', config({ name: 'a', name_prefix: 'b' }))).map((d) => d.severity)).toContain('error');
  });

  it('lists a zone of 2,500 users in pages of 1,000 by following resume to the end', async () => {
    sim.model.addZone('big');
    for (let i = 0; i < 2500; i++) sim.model.addUser('big', `user${String(i).padStart(4, '0')}`);
    const client = createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: CANARY }, { fetch: (request) => fetch(request) });
    const pages: unknown[] = [];
    const counting: PapiApi = { ...client, close: () => client.close(), get: (path, options) => (pages.push(options?.query), client.get(path, options)), post: (p, o) => client.post(p, o), put: (p, o) => client.put(p, o), delete: (p, o) => client.delete(p, o) };
    const users = await listUsers(counting, 'big');
    await client.close();
    expect(users).toHaveLength(2500);
    expect(new Set(users.map((u) => u.name)).size).toBe(2500);
    expect(pages).toEqual([{ zone: 'big', limit: 1000 }, { resume: expect.any(String) as unknown }, { resume: expect.any(String) as unknown }]);
    const h = await harness();
    const listed = await h.readDataSource('powerscale_user', config({ zone: 'big' }));
    expect(listed.state?.users).toHaveLength(2500);
  });
});
