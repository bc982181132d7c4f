import { describe, expect, it } from 'vitest';
import { useOneFsSimulator, type TestSession } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator();
const { call, errorsOf } = platformCaller(sim);
const json = { 'Content-Type': 'application/json' };

const post = (session: TestSession, zone: string, body: unknown, version = 15) =>
  call(`/platform/${version}/protocols/s3/buckets?zone=${zone}`, session, { method: 'POST', headers: json, body: JSON.stringify(body) });

describe('S3 bucket routes', () => {
  it('creates a bucket under the zone root (201 {id}), reads it with its resolved grants in canonical order, and refuses a taken name', async () => {
    sim.model.addZone('t1');
    const alice = sim.model.addUser('t1', 'alice');
    sim.model.addGroup('t1', 'ops');
    const session = await sim.login();
    const acl = [
      { grantee: { name: 'ops', type: 'group' }, permission: 'READ' },
      { grantee: { name: 'alice', type: 'user' }, permission: 'WRITE' },
      { grantee: { name: 'alice', type: 'user' }, permission: 'FULL_CONTROL' },
    ];
    const created = await post(session, 't1', { name: 'data', path: '/ifs/t1/data', create_path: true, owner: 'alice', acl });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 'data' });
    const read = (await (await call('/platform/15/protocols/s3/buckets/data?zone=t1', session)).json()) as { buckets: unknown[] };
    expect(read.buckets).toEqual([
      {
        acl: [
          { grantee: { id: 'GID:2000', name: 'ops', type: 'group' }, permission: 'READ' },
          { grantee: { id: `UID:${alice.uid}`, name: 'alice', type: 'user' }, permission: 'FULL_CONTROL' },
          { grantee: { id: `UID:${alice.uid}`, name: 'alice', type: 'user' }, permission: 'WRITE' },
        ],
        description: '',
        id: 'data',
        name: 'data',
        object_acl_policy: 'replace',
        owner: 'alice',
        path: '/ifs/t1/data',
        zid: sim.model.getZone('t1').zoneId,
      },
    ]);
    const taken = await post(session, 't1', { name: 'data', path: '/ifs/t1' });
    expect(taken.status).toBe(409);
    expect(await errorsOf(taken)).toEqual([{ code: 'AEC_CONFLICT', message: "Bucket 'data' already exists.", field: 'name' }]);
  });

  it('refuses a path outside the zone, a missing path without create_path, an unknown owner or grantee, each naming its field', async () => {
    sim.model.addZone('t1');
    const session = await sim.login();
    const cases: Array<[unknown, number, string, string]> = [
      [{ name: 'b1', path: '/ifs/other' }, 400, "Bucket path '/ifs/other' is not within the base path '/ifs/t1' of access zone 't1'.", 'path'],
      [{ name: 'b1', path: '/ifs/t1/missing' }, 404, "Path '/ifs/t1/missing' does not exist. Set create_path to create it.", 'path'],
      [{ name: 'b1', path: '/ifs/t1', owner: 'nobody' }, 404, "Failed to find user for 'USER:nobody': No such user", 'owner'],
      [{ name: 'b1', path: '/ifs/t1', acl: [{ grantee: { name: 'ghost', type: 'user' }, permission: 'READ' }] }, 404, "Failed to find user for 'USER:ghost': No such user", 'acl'],
    ];
    for (const [body, status, message, field] of cases) {
      const refused = await post(session, 't1', body);
      expect(refused.status).toBe(status);
      expect(await errorsOf(refused)).toEqual([{ code: status === 400 ? 'AEC_BAD_REQUEST' : 'AEC_NOT_FOUND', message, field }]);
    }
    expect(sim.model.listBuckets('t1')).toEqual([]);
    expect(sim.model.directories.exists('/ifs/t1/missing')).toBe(false);
  });

  it('changes description, policy and the whole ACL in place, refuses a path change, and deletes the bucket but not its directory', async () => {
    sim.model.addUser('System', 'bob');
    const session = await sim.login();
    expect((await post(session, 'System', { name: 'keep', path: '/ifs/keep', create_path: true })).status).toBe(201);
    const put = (body: unknown) => call('/platform/15/protocols/s3/buckets/keep', session, { method: 'PUT', headers: json, body: JSON.stringify(body) });
    expect((await put({ description: 'logs', object_acl_policy: 'deny', acl: [{ grantee: { name: 'bob', type: 'user' }, permission: 'READ' }] })).status).toBe(204);
    expect(sim.model.getBucket('System', 'keep')).toMatchObject({ description: 'logs', objectAclPolicy: 'deny', owner: 'admin', acl: [{ granteeName: 'bob', permission: 'READ' }] });
    expect((await put({ path: '/ifs' })).status).toBe(400);
    expect((await call('/platform/15/protocols/s3/buckets/keep', session, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/platform/15/protocols/s3/buckets/keep', session, { method: 'DELETE' })).status).toBe(404);
    expect(sim.model.directories.exists('/ifs/keep')).toBe(true);
  });

  it('answers at the release versions only (10 and later), and pages the list with limit and resume', async () => {
    sim.model.addZone('big');
    for (let i = 0; i < 7; i++) sim.model.createBucket('big', { name: `b${i}`, path: '/ifs/big', createPath: false });
    const session = await sim.login();
    expect((await call('/platform/9/protocols/s3/buckets?zone=big', session)).status).toBe(404);
    const names: string[] = [];
    let path = '/platform/12/protocols/s3/buckets?zone=big&limit=3';
    for (;;) {
      const page = (await (await call(path, session)).json()) as { buckets: Array<{ name: string }>; resume?: string; total: number };
      names.push(...page.buckets.map((b) => b.name));
      if (page.resume === undefined) break;
      path = `/platform/12/protocols/s3/buckets?resume=${encodeURIComponent(page.resume)}`;
    }
    expect(names).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
  });

  it('removes a zone with its buckets', async () => {
    sim.model.addZone('gone');
    sim.model.createBucket('gone', { name: 'b', path: '/ifs/gone', createPath: false });
    sim.model.removeZone('gone');
    sim.model.addZone('gone');
    expect(sim.model.findBucket('gone', 'b')).toBeUndefined();
  });
});
