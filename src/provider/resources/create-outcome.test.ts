import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../simulator/testing';
import type { Diagnostic, TfObject } from '../framework/contract';
import { createProviderHarness } from '../testing/harness';
import { accessZoneResource } from './accesszone/resource';
import { quotaResource } from './quota/resource';
import { s3BucketResource } from './s3-bucket/resource';
import { userGroupResource } from './user-group/resource';
import { userResource } from './user/resource';

const CANARY = 'cr3ate-0utc0me-c4n4ry';
const sim = useOneFsSimulator({ password: CANARY });
const harness = () => createProviderHarness(sim, { resources: [accessZoneResource, userGroupResource, s3BucketResource, quotaResource, userResource] }, CANARY);
const errors = (d: readonly Diagnostic[]) => d.filter((x) => x.severity === 'error');

interface Case {
  readonly type: string;
  /** The create request's path (fault target). */
  readonly post: string;
  readonly config: TfObject;
  /** How many objects of this identity the cluster has. */
  readonly count: () => number;
  /** The summary of the refusal when the object exists before the create. */
  readonly exists: string;
}

const CASES: Case[] = [
  {
    type: 'powerscale_accesszone',
    post: '/zones',
    config: { id: null, name: 'lost1', path: '/ifs/lost1', create_path: true, groupnet: null, auth_providers: null, zone_id: null },
    count: () => sim.model.listZones().filter((z) => z.name === 'lost1').length,
    exists: 'Access Zone Already Exists',
  },
  {
    type: 'powerscale_user_group',
    post: '/auth/groups',
    config: { id: null, name: 'lostgroup', zone: null, gid: null, users: null, sid: null },
    count: () => sim.model.listGroups('System').filter((g) => g.name === 'lostgroup').length,
    exists: 'User Group Already Exists',
  },
  {
    type: 'powerscale_s3_bucket',
    post: '/protocols/s3/buckets',
    config: { id: null, name: 'lost-bucket', zone: null, path: '/ifs/lost/bucket', create_path: true, owner: null, description: null, object_acl_policy: null, acl: null, zid: null },
    count: () => (sim.model.findBucket('System', 'lost-bucket') === undefined ? 0 : 1),
    exists: 'S3 Bucket Already Exists',
  },
  {
    type: 'powerscale_quota',
    post: '/quota/quotas',
    config: {
      id: null, path: '/ifs/lostq', type: null, persona: null, zone: null, include_snapshots: null, enforced: null, container: null,
      thresholds: { hard: 1024 ** 3, soft: null, soft_grace: null, advisory: null }, thresholds_on: null, usage: null, ready: null,
    },
    count: () => sim.model.quotas.list().filter((q) => q.path === '/ifs/lostq' && q.type === 'directory').length,
    exists: 'Quota Already Exists',
  },
  {
    type: 'powerscale_user',
    post: '/auth/users',
    config: {
      id: null, name: 'lostuser', zone: null, uid: null, primary_group: null, email: null, enabled: null, home_directory: null, shell: null, gecos: null, password_expires: null,
      prompt_password_change: null, expiry: null, password_secret_name: null, password_triggers: null, password_wo: null, password_wo_version: null, password_last_set: null, sid: null,
      on_disk_user_identity: null, primary_group_sid: null, auth_provider: null,
    },
    count: () => (sim.model.findUser('System', 'lostuser') === undefined ? 0 : 1),
    exists: 'User Already Exists',
  },
];

describe('a create without a clear answer (see create-outcome.ts)', () => {
  it.each(CASES)('$type: recorded when the cluster made it but the answer was lost, so the next apply replaces it instead of failing on "already exists"', async ({ type, post, config, count }) => {
    sim.model.directories.make('/ifs/lostq');
    const h = await harness();
    sim.fault({ service: 'onefs', method: 'POST', path: post, status: 503, processed: true, count: 1 });
    const lost = await h.apply(type, null, config);
    expect(errors(lost.diagnostics)).not.toEqual([]);
    expect(count()).toBe(1);
    expect(lost.state, 'the create is recorded (Terraform keeps it tainted)').not.toBeNull();
    const refreshed = await h.read(type, lost.state ?? {}, lost.private);
    expect(refreshed.newState, 'the refresh finds the object').not.toBeNull();
    // Terraform replaces a tainted object: destroy, then create.
    expect(errors(await h.destroy(type, refreshed.newState ?? {}, refreshed.private))).toEqual([]);
    expect(count()).toBe(0);
    const created = await h.apply(type, null, config);
    expect(errors(created.diagnostics)).toEqual([]);
    expect(count()).toBe(1);
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it.each(CASES)('$type: recorded, then dropped by the refresh, when the cluster did not make it either', async ({ type, post, config, count }) => {
    sim.model.directories.make('/ifs/lostq');
    const h = await harness();
    sim.fault({ service: 'onefs', method: 'POST', path: post, status: 503, count: 1 });
    const lost = await h.apply(type, null, config);
    expect(errors(lost.diagnostics)).not.toEqual([]);
    expect(count()).toBe(0);
    expect((await h.read(type, lost.state ?? {}, lost.private)).newState).toBeNull();
    expect(errors((await h.apply(type, null, config)).diagnostics)).toEqual([]);
    expect(count()).toBe(1);
  });

  it.each(CASES)('$type: refuses an object that exists before the create, naming the import ID, and changes nothing', async ({ type, config, count, exists }) => {
    sim.model.directories.make('/ifs/lostq');
    const h = await harness();
    expect(errors((await h.apply(type, null, config)).diagnostics)).toEqual([]);
    const again = await (await harness()).apply(type, null, config);
    expect(again.state).toBeNull();
    expect(errors(again.diagnostics)).toMatchObject([{ summary: exists }]);
    expect(errors(again.diagnostics)[0]?.detail).toMatch(/import it .*with the ID "[^"]+"/);
    expect(count()).toBe(1);
  });
});
