import { describe, expect, it } from 'vitest';
import { PapiDecodeError } from './decode';
import type { PapiApi, PapiRequestOptions } from './types';
import { userNamePages } from './user-pages';

/** A cluster whose user list answers in pages of `size`, with opaque resume tokens. */
function pagedCluster(names: readonly string[], size: number, tamper?: (body: Record<string, unknown>) => Record<string, unknown>) {
  const queries: PapiRequestOptions['query'][] = [];
  const api: PapiApi = {
    async get<T>(_path: string, options?: PapiRequestOptions): Promise<T> {
      queries.push(options?.query);
      const resume = options?.query?.resume;
      const offset = typeof resume === 'string' ? Number(Buffer.from(resume, 'base64url').toString()) : 0;
      const end = offset + size;
      const body: Record<string, unknown> = { users: names.slice(offset, end).map((name) => ({ name, uid: { id: 'UID:1' } })) };
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

async function collect(gen: AsyncGenerator<string[]>): Promise<string[][]> {
  const pages: string[][] = [];
  for await (const page of gen) pages.push(page);
  return pages;
}

describe('userNamePages', () => {
  it('follows resume tokens through 2,500 users, sending each token alone', async () => {
    const names = Array.from({ length: 2500 }, (_, i) => `u${i}`);
    const { api, queries } = pagedCluster(names, 1000);
    const pages = await collect(userNamePages(api, 'tenant'));
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(pages.flat()).toEqual(names);
    expect(queries[0]).toEqual({ zone: 'tenant', limit: 1000 });
    expect(Object.keys(queries[1] ?? {})).toEqual(['resume']);
  });

  it('stops on a repeated resume token instead of looping', async () => {
    const { api } = pagedCluster(['a', 'b', 'c'], 1, (body) => ({ ...body, resume: 'same' }));
    await expect(collect(userNamePages(api, 'System'))).rejects.toThrow(/repeated a resume token/);
  });

  it('names the member when a user has no name', async () => {
    const { api } = pagedCluster(['a'], 10, () => ({ users: [{ uid: 1 }] }));
    await expect(collect(userNamePages(api, 'System'))).rejects.toThrow(PapiDecodeError);
    await expect(collect(userNamePages(api, 'System'))).rejects.toThrow(/users\[0\]\.name is not a string/);
  });
});
