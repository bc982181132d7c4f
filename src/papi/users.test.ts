import { describe, expect, it } from 'vitest';
import { fetchClusterIdentity } from './cluster';
import { PapiDecodeError } from './decode';
import { listGroups } from './groups';
import type { PapiApi, PapiRequestOptions } from './types';
import { getUser, listUsers, userPages, type OneFsUser } from './users';
import type { PapiArea } from './versions';
import { listZones } from './zones';

/** A user as the 9.5 schema requires it. */
const wireUser = (name: string) => ({ name, uid: { id: 'UID:2000' }, enabled: true, expired: false, locked: false, password_expires: true, password_expired: false, prompt_password_change: false });

/** A cluster whose user list answers in pages of `size`, with opaque resume tokens. */
function pagedCluster(names: readonly string[], size: number, tamper?: (body: Record<string, unknown>) => Record<string, unknown>) {
  const queries: PapiRequestOptions['query'][] = [];
  const api: PapiApi = {
    async get<T>(_path: string, options?: PapiRequestOptions): Promise<T> {
      queries.push(options?.query);
      const resume = options?.query?.resume;
      const offset = typeof resume === 'string' ? Number(Buffer.from(resume, 'base64url').toString()) : 0;
      const end = offset + size;
      const body: Record<string, unknown> = { users: names.slice(offset, end).map(wireUser) };
      if (end < names.length) body.resume = Buffer.from(String(end)).toString('base64url');
      return (tamper ? tamper(body) : body) as T;
    },
    post: () => Promise.reject(new Error('unused')),
    put: () => Promise.reject(new Error('unused')),
    delete: () => Promise.reject(new Error('unused')),
    close: () => Promise.resolve(),
  };
  return { api, queries };
}

async function collect(gen: AsyncGenerator<OneFsUser[]>): Promise<string[][]> {
  const pages: string[][] = [];
  for await (const page of gen) pages.push(page.map((u) => u.name));
  return pages;
}

describe('userPages and listUsers', () => {
  it('follow resume tokens through 2,500 users a page at a time, sending each token alone', async () => {
    const names = Array.from({ length: 2500 }, (_, i) => `u${i}`);
    const { api, queries } = pagedCluster(names, 1000);
    const pages = await collect(userPages(api, 'tenant'));
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(pages.flat()).toEqual(names);
    expect(queries[0]).toEqual({ zone: 'tenant', limit: 1000 });
    expect(Object.keys(queries[1] ?? {})).toEqual(['resume']);
    expect((await listUsers(api, 'tenant')).map((u) => u.name)).toEqual(names);
  });

  it('stop on a repeated resume token instead of looping', async () => {
    const { api } = pagedCluster(['a', 'b', 'c'], 1, (body) => ({ ...body, resume: 'same' }));
    await expect(collect(userPages(api, 'System'))).rejects.toThrow(/resume is not a token not seen before/);
    await expect(listUsers(api, 'System')).rejects.toThrow(PapiDecodeError);
  });

  it('name the member when a user has no name', async () => {
    const { api } = pagedCluster(['a'], 10, () => ({ users: [{ uid: 1 }] }));
    await expect(collect(userPages(api, 'System'))).rejects.toThrow(PapiDecodeError);
    await expect(collect(userPages(api, 'System'))).rejects.toThrow(/users\[0\]\.name is not a string/);
  });
});

describe('API versions of the identity areas', () => {
  /** A cluster that answers any path with a body fitting it, and chooses `versions` per area. */
  function versionedCluster(versions: Partial<Record<PapiArea, number>>) {
    const paths: string[] = [];
    const api: PapiApi = {
      apiVersion: (area) => Promise.resolve(versions[area] ?? 1),
      async get<T>(path: string): Promise<T> {
        paths.push(path);
        if (path.endsWith('/cluster/config')) return { guid: 'abc', name: 'c1', onefs_version: { release: '9.5.0.0' } } as T;
        if (path === '/platform/latest') return { latest: '16' } as T;
        if (path.endsWith('/zones')) return { zones: [] } as T;
        if (path.endsWith('/auth/groups')) return { groups: [] } as T;
        return { users: [wireUser('alice')] } as T;
      },
      post: () => Promise.reject(new Error('unused')),
      put: () => Promise.reject(new Error('unused')),
      delete: () => Promise.reject(new Error('unused')),
      close: () => Promise.resolve(),
    };
    return { api, paths };
  }

  it('call zones, cluster config, users and groups at the version the client chooses for each area', async () => {
    const { api, paths } = versionedCluster({ cluster: 5, zones: 4, users: 16, groups: 2 });
    await fetchClusterIdentity(api);
    await listZones(api);
    await listUsers(api, 'System');
    await getUser(api, 'System', 'alice');
    await listGroups(api, 'System');
    expect(paths.sort()).toEqual(['/platform/16/auth/users', '/platform/16/auth/users/USER:alice', '/platform/2/auth/groups', '/platform/4/zones', '/platform/5/cluster/config', '/platform/latest']);
  });
});
