import { describe, expect, it } from 'vitest';
import { getBucket } from './buckets';
import type { PapiApi } from './types';

/** A cluster that answers every GET with `body`, recording the paths asked for. */
function answering(body: unknown, paths: string[]): PapiApi {
  const get = async <T>(path: string): Promise<T> => {
    paths.push(path);
    return body as T;
  };
  const refuse = async <T>(): Promise<T> => Promise.reject(new Error('not used'));
  return { get, post: refuse, put: refuse, delete: refuse, close: async () => undefined, apiVersion: async () => 10 };
}

describe('S3 bucket bodies', () => {
  it('reads a /platform/10 bucket, which names its zone and has no zid, with zid null', async () => {
    const paths: string[] = [];
    const v10 = { buckets: [{ acl: [], description: '', id: 'b1', name: 'b1', object_acl_policy: 'replace', owner: 'admin', path: '/ifs/b1', zone: 'System' }] };
    expect(await getBucket(answering(v10, paths), 'System', 'b1')).toMatchObject({ name: 'b1', zid: null });
    expect(paths).toEqual(['/platform/10/protocols/s3/buckets/b1']);
  });

  it('names the field of a malformed answer', async () => {
    const bad = { buckets: [{ acl: [{ grantee: {}, permission: 3 }], description: '', id: 'b1', name: 'b1', object_acl_policy: 'replace', owner: 'admin', path: '/ifs/b1', zid: 1 }] };
    await expect(getBucket(answering(bad, []), 'System', 'b1')).rejects.toMatchObject({ name: 'PapiDecodeError', field: 'buckets[0].acl[0].permission' });
  });
});
