import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../simulator/testing';
import { createBucket, deleteBucket, getBucket, listBuckets, updateBucket } from './buckets';
import { createPapiClient } from './client';

const sim = useOneFsSimulator();
const papi = () => createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });

describe('S3 buckets over PAPI', () => {
  it.each([
    ['9.2', 12],
    ['9.5', 15],
  ] as const)('creates, reads, changes and deletes a bucket on OneFS %s at /platform/%i', async (release, version) => {
    sim.onefs.setRelease(release);
    sim.model.addZone('t1');
    sim.model.addUser('t1', 'alice');
    const client = papi();
    await createBucket(client, 't1', { name: 'data', path: '/ifs/t1/data', createPath: true, owner: 'alice', acl: [{ grantee: { name: 'alice', type: 'user' }, permission: 'READ' }] });
    expect(await getBucket(client, 't1', 'data')).toEqual({
      id: 'data',
      name: 'data',
      path: '/ifs/t1/data',
      owner: 'alice',
      description: '',
      objectAclPolicy: 'replace',
      acl: [{ grantee: { id: `UID:${sim.model.getUser('t1', 'alice').uid}`, name: 'alice', type: 'user' }, permission: 'READ' }],
      zid: sim.model.getZone('t1').zoneId,
    });
    await updateBucket(client, 't1', 'data', { description: 'd', objectAclPolicy: 'deny', acl: [] });
    expect(await getBucket(client, 't1', 'data')).toMatchObject({ description: 'd', objectAclPolicy: 'deny', acl: [] });
    await deleteBucket(client, 't1', 'data');
    await expect(getBucket(client, 't1', 'data')).rejects.toMatchObject({ status: 404, path: `/platform/${version}/protocols/s3/buckets/data` });
  });

  it('follows resume to the end of the bucket list', async () => {
    for (let i = 0; i < 5; i++) sim.model.createBucket('System', { name: `b${i}`, path: '/ifs', createPath: false });
    const client = papi();
    expect((await listBuckets(client, 'System', { pageSize: 2 })).map((b) => b.name)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
  });
});
