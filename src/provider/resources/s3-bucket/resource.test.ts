import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { TfObject } from '../../framework/contract';
import { createProviderHarness } from '../../testing/harness';
import { s3BucketDataSource } from './data-source';
import { s3BucketResource } from './resource';

const CANARY = 'buck3t-c4n4ry-pässwörd';
const sim = useOneFsSimulator({ password: CANARY });
const TYPE = 'powerscale_s3_bucket';
const harness = () => createProviderHarness(sim, { resources: [s3BucketResource], dataSources: [s3BucketDataSource] }, CANARY);

const config = (overrides: TfObject = {}): TfObject => ({
  id: null,
  name: 'acme-data',
  zone: null,
  path: '/ifs/acme/data',
  create_path: true,
  owner: null,
  description: null,
  object_acl_policy: null,
  acl: null,
  zid: null,
  ...overrides,
});

const grant = (name: string, permission: string, type = 'user'): TfObject => ({ grantee: { name, type }, permission });

describe('resource "powerscale_s3_bucket"', () => {
  it('creates a bucket with its ACL in the configured order although the cluster answers another, then plans no change', async () => {
    sim.model.addUser('System', 'alice');
    sim.model.addUser('System', 'bob');
    const h = await harness();
    const acl = [grant('bob', 'WRITE'), grant('alice', 'READ'), grant('alice', 'FULL_CONTROL')];
    const created = await h.apply(TYPE, null, config({ owner: 'alice', acl }));
    expect(created.diagnostics).toEqual([]);
    expect(created.state).toEqual({ id: 'System/acme-data', name: 'acme-data', zone: 'System', path: '/ifs/acme/data', create_path: true, owner: 'alice', description: '', object_acl_policy: 'replace', acl, zid: 1 });
    // The cluster keeps the grants in its own order.
    expect(sim.model.getBucket('System', 'acme-data').acl.map((g) => `${g.granteeName}:${g.permission}`)).toEqual(['alice:FULL_CONTROL', 'alice:READ', 'bob:WRITE']);
    const refreshed = await h.read(TYPE, created.state as TfObject);
    expect(refreshed.newState).toEqual(created.state);
    const again = await h.apply(TYPE, refreshed.newState, config({ owner: 'alice', acl }));
    expect(again.planned).toEqual(created.state);
  });

  it('shows a missing path without create_path as the cluster\'s error on path, and an unknown owner on owner', async () => {
    const h = await harness();
    const missing = await h.apply(TYPE, null, config({ create_path: null }));
    expect(missing.state).toBeNull();
    expect(missing.diagnostics).toMatchObject([{ summary: 'Unable to Create S3 Bucket', attribute: [{ attribute: 'path' }] }]);
    expect(missing.diagnostics[0]?.detail).toContain("Path '/ifs/acme/data' does not exist");
    const created = await h.apply(TYPE, null, config());
    expect(created.diagnostics).toEqual([]);
    const owner = await h.apply(TYPE, null, config({ name: 'acme-logs', owner: 'nobody' }));
    expect(owner.diagnostics).toMatchObject([{ summary: 'Unable to Create S3 Bucket', attribute: [{ attribute: 'owner' }] }]);
    expect(owner.diagnostics[0]?.detail).toContain("'USER:nobody': No such user");
    const grantee = await h.apply(TYPE, null, config({ name: 'acme-logs', acl: [grant('ghost', 'READ')] }));
    expect(grantee.diagnostics).toMatchObject([{ attribute: [{ attribute: 'acl' }] }]);
    const taken = await h.apply(TYPE, null, config());
    expect(taken.diagnostics).toMatchObject([{ attribute: [{ attribute: 'name' }] }]);
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it('refuses a path outside the zone with the cluster\'s error on path', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const outside = await h.apply(TYPE, null, config({ zone: 't1', path: '/ifs/elsewhere' }));
    expect(outside.diagnostics).toMatchObject([{ attribute: [{ attribute: 'path' }] }]);
    expect(outside.diagnostics[0]?.detail).toContain("is not within the base path '/ifs/t1'");
  });

  it('changes description, policy and ACL in place and replaces the bucket for a new owner or path', async () => {
    sim.model.addUser('System', 'alice');
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    expect(created.state).toMatchObject({ owner: 'admin', acl: [] });
    const changed = await h.apply(TYPE, created.state, config({ description: 'tenant data', object_acl_policy: 'deny', acl: [grant('alice', 'READ')] }));
    expect(changed.requiresReplace).toEqual([]);
    expect(changed.diagnostics).toEqual([]);
    expect(sim.model.getBucket('System', 'acme-data')).toMatchObject({ description: 'tenant data', objectAclPolicy: 'deny', acl: [{ granteeName: 'alice', permission: 'READ' }] });
    const cleared = await h.apply(TYPE, changed.state, config());
    expect(cleared.state).toMatchObject({ description: '', object_acl_policy: 'replace' });
    expect(sim.model.getBucket('System', 'acme-data').acl).toHaveLength(1); // acl omitted: not managed
    for (const change of [{ owner: 'alice' }, { path: '/ifs/acme/other' }] as TfObject[]) {
      const plan = await h.apply(TYPE, cleared.state, config(change));
      expect(plan.requiresReplace).toEqual([[{ attribute: Object.keys(change)[0] }]]);
    }
  });

  it('drops a bucket deleted outside Terraform from state (so the next apply re-creates it), and a delete keeps the directory', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    sim.model.deleteBucket('System', 'acme-data');
    expect((await h.read(TYPE, created.state as TfObject)).newState).toBeNull();
    const again = await h.apply(TYPE, null, config());
    expect(again.diagnostics).toEqual([]);
    expect(sim.model.findBucket('System', 'acme-data')).toBeDefined();
    expect(await h.destroy(TYPE, again.state as TfObject)).toEqual([]);
    expect(sim.model.findBucket('System', 'acme-data')).toBeUndefined();
    expect(sim.model.directories.exists('/ifs/acme/data')).toBe(true);
    expect(await h.destroy(TYPE, again.state as TfObject)).toEqual([]);
  });

  it('imports <zone>/<name> with the cluster\'s ACL order, and refuses a malformed id', async () => {
    sim.model.addZone('t1');
    sim.model.addUser('t1', 'alice');
    sim.model.createBucket('t1', { name: 'logs', path: '/ifs/t1', createPath: false, owner: 'alice', acl: [{ name: 'alice', type: 'user', permission: 'READ' }] });
    const h = await harness();
    const imported = await h.importAndRead(TYPE, 't1/logs');
    expect(imported.diagnostics).toEqual([]);
    expect(imported.state).toEqual({ id: 't1/logs', name: 'logs', zone: 't1', path: '/ifs/t1', create_path: null, owner: 'alice', description: '', object_acl_policy: 'replace', acl: [grant('alice', 'READ')], zid: sim.model.getZone('t1').zoneId });
    const planned = await h.apply(TYPE, imported.state, config({ zone: 't1', name: 'logs', path: '/ifs/t1', create_path: null, owner: 'alice', acl: [grant('alice', 'READ')] }));
    expect(planned.planned).toEqual(imported.state);
    const bad = await h.importAndRead(TYPE, 'logs');
    expect(bad.diagnostics).toMatchObject([{ summary: 'Invalid Import ID' }]);
  });

  it('refuses bad names, paths, permissions and grantee types at validation, naming the attribute', async () => {
    const h = await harness();
    expect((await h.validate('resource', TYPE, config({ name: 'Bad_Name' })))[0]?.attribute).toEqual([{ attribute: 'name' }]);
    expect((await h.validate('resource', TYPE, config({ path: '/data' })))[0]?.attribute).toEqual([{ attribute: 'path' }]);
    expect((await h.validate('resource', TYPE, config({ object_acl_policy: 'keep' })))[0]?.attribute).toEqual([{ attribute: 'object_acl_policy' }]);
    expect((await h.validate('resource', TYPE, config({ acl: [grant('alice', 'ALL')] })))[0]?.attribute).toMatchObject([{ attribute: 'acl' }, { index: 0 }, { attribute: 'permission' }]);
    expect((await h.validate('resource', TYPE, config({ acl: [grant('alice', 'READ', 'robot')] })))[0]?.attribute).toMatchObject([{ attribute: 'acl' }, { index: 0 }, { attribute: 'grantee' }, { attribute: 'type' }]);
  });
});

describe('data "powerscale_s3_bucket"', () => {
  it('reads one bucket by name, every bucket of a zone, and names a missing bucket', async () => {
    sim.model.addZone('t1');
    for (const name of ['a-1', 'a-2', 'a-3']) sim.model.createBucket('t1', { name, path: '/ifs/t1', createPath: false });
    const h = await harness();
    const one = await h.readDataSource(TYPE, { id: null, zone: 't1', name: 'a-2', buckets: null });
    expect(one.diagnostics).toEqual([]);
    expect(one.state).toEqual({ id: 't1/a-2', zone: 't1', name: 'a-2', buckets: [{ id: 't1/a-2', name: 'a-2', path: '/ifs/t1', owner: 'admin', description: '', object_acl_policy: 'replace', acl: [], zid: sim.model.getZone('t1').zoneId }] });
    const all = await h.readDataSource(TYPE, { id: null, zone: 't1', name: null, buckets: null });
    expect((all.state?.buckets as TfObject[]).map((b) => b.name)).toEqual(['a-1', 'a-2', 'a-3']);
    const missing = await h.readDataSource(TYPE, { id: null, zone: 't1', name: 'nope', buckets: null });
    expect(missing.diagnostics).toMatchObject([{ summary: 'Bucket Not Found', attribute: [{ attribute: 'name' }] }]);
  });
});
