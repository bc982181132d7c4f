import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { TfObject } from '../../framework/contract';
import { createProviderHarness } from '../../testing/harness';
import { quotaDataSource } from './data-source';
import { quotaResource } from './resource';

const CANARY = 'qu0ta-c4n4ry-pässwörd';
const sim = useOneFsSimulator({ password: CANARY });
const TYPE = 'powerscale_quota';
const GiB = 1024 ** 3;
const harness = () => createProviderHarness(sim, { resources: [quotaResource], dataSources: [quotaDataSource] }, CANARY);

const thresholds = (t: Partial<Record<'hard' | 'soft' | 'soft_grace' | 'advisory', number>> = {}): TfObject => ({ hard: null, soft: null, soft_grace: null, advisory: null, ...t });
const config = (overrides: TfObject = {}): TfObject => ({
  id: null,
  path: '/ifs/t1',
  type: null,
  persona: null,
  zone: null,
  include_snapshots: null,
  enforced: null,
  container: null,
  thresholds: null,
  thresholds_on: null,
  usage: null,
  ready: null,
  ...overrides,
});

function only() {
  const [quota, ...rest] = sim.model.quotas.list();
  expect(rest).toEqual([]);
  if (quota === undefined) throw new Error('no quota on the cluster');
  return quota;
}

describe('resource "powerscale_quota"', () => {
  it('creates a directory quota with its thresholds, reads usage, then plans no change', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ thresholds: thresholds({ hard: 10 * GiB, soft: 8 * GiB, soft_grace: 3600, advisory: 5 * GiB }) }));
    expect(created.diagnostics).toEqual([]);
    const quota = only();
    expect(created.state).toEqual({
      id: quota.id,
      path: '/ifs/t1',
      type: 'directory',
      persona: null,
      zone: 'System',
      include_snapshots: false,
      enforced: true,
      container: false,
      thresholds: thresholds({ hard: 10 * GiB, soft: 8 * GiB, soft_grace: 3600, advisory: 5 * GiB }),
      thresholds_on: 'fslogicalsize',
      usage: { logical: 0, physical: 0, inodes: 0 },
      ready: true,
    });
    expect(quota.thresholds).toEqual({ hard: 10 * GiB, soft: 8 * GiB, softGrace: 3600, advisory: 5 * GiB });
    const again = await h.apply(TYPE, created.state, config({ thresholds: thresholds({ hard: 10 * GiB, soft: 8 * GiB, soft_grace: 3600, advisory: 5 * GiB }) }));
    expect(again.planned).toEqual(created.state);
  });

  it('clears on the cluster the thresholds removed from the configuration, one at a time and all at once', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ thresholds: thresholds({ hard: 10 * GiB, soft: 8 * GiB, soft_grace: 3600, advisory: 5 * GiB }) }));
    const fewer = await h.apply(TYPE, created.state, config({ thresholds: thresholds({ hard: 10 * GiB }) }));
    expect(fewer.diagnostics).toEqual([]);
    expect(only().thresholds).toEqual({ hard: 10 * GiB, soft: null, softGrace: null, advisory: null });
    expect(fewer.state?.thresholds).toEqual(thresholds({ hard: 10 * GiB }));
    const none = await h.apply(TYPE, fewer.state, config());
    expect(none.diagnostics).toEqual([]);
    expect(only().thresholds).toEqual({ hard: null, soft: null, softGrace: null, advisory: null });
    expect(none.state?.thresholds).toBeNull();
    const refreshed = (await h.read(TYPE, none.state as TfObject)).newState;
    expect((await h.apply(TYPE, refreshed, config())).planned).toEqual(refreshed);
  });

  it('takes a usage change as no change to apply, and refreshes usage into state', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const cfg = config({ thresholds: thresholds({ hard: 10 * GiB }) });
    const created = await h.apply(TYPE, null, cfg);
    sim.model.quotas.setUsage('/ifs/t1', 3 * GiB);
    const refreshed = (await h.read(TYPE, created.state as TfObject)).newState;
    expect(refreshed?.usage).toMatchObject({ logical: 3 * GiB });
    const plan = await h.apply(TYPE, refreshed, cfg);
    expect(plan.planned).toEqual(refreshed);
    expect(plan.diagnostics).toEqual([]);
  });

  it('warns in the plan when the new hard threshold is below what the data already uses, and still applies it', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ thresholds: thresholds({ hard: 10 * GiB }) }));
    sim.model.quotas.setUsage('/ifs/t1', 3 * GiB);
    const refreshed = (await h.read(TYPE, created.state as TfObject)).newState;
    const shrunk = await h.apply(TYPE, refreshed, config({ thresholds: thresholds({ hard: 2 * GiB }) }));
    expect(shrunk.diagnostics).toHaveLength(1);
    expect(shrunk.diagnostics[0]).toMatchObject({ severity: 'warning', summary: 'Quota Hard Threshold Below Usage', attribute: [{ attribute: 'thresholds' }, { attribute: 'hard' }] });
    expect(shrunk.diagnostics[0]?.detail).toContain(`${3 * GiB} bytes`);
    expect(only().thresholds.hard).toBe(2 * GiB);
    // Above usage: no warning.
    expect((await h.apply(TYPE, shrunk.state, config({ thresholds: thresholds({ hard: 4 * GiB }) }))).diagnostics).toEqual([]);
  });

  it('repairs a threshold changed outside Terraform and one added outside', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const cfg = config({ thresholds: thresholds({ hard: 10 * GiB }) });
    const created = await h.apply(TYPE, null, cfg);
    sim.model.quotas.modify(only().id, { thresholds: { hard: 1 * GiB, advisory: GiB / 2 }, empty: false });
    const drifted = (await h.read(TYPE, created.state as TfObject)).newState;
    expect(drifted?.thresholds).toEqual(thresholds({ hard: 1 * GiB, advisory: GiB / 2 }));
    const repaired = await h.apply(TYPE, drifted, cfg);
    expect(repaired.diagnostics).toEqual([]);
    expect(repaired.requiresReplace).toEqual([]);
    expect(only().thresholds).toEqual({ hard: 10 * GiB, soft: null, softGrace: null, advisory: null });
  });

  it('changes enforced, container and thresholds_on in place, and replaces on a path or include_snapshots change', async () => {
    sim.model.addZone('t1');
    sim.model.addZone('t2');
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    const changed = await h.apply(TYPE, created.state, config({ enforced: false, container: true, thresholds_on: 'physicalsize' }));
    expect(changed.requiresReplace).toEqual([]);
    expect(changed.state).toMatchObject({ id: created.state?.id, enforced: false, container: true, thresholds_on: 'physicalsize' });
    expect(only()).toMatchObject({ enforced: false, container: true, thresholdsOn: 'physicalsize' });
    const moved = await h.apply(TYPE, changed.state, config({ path: '/ifs/t2', include_snapshots: true }));
    expect(moved.requiresReplace).toEqual(expect.arrayContaining([[{ attribute: 'path' }], [{ attribute: 'include_snapshots' }]]));
    expect(only()).toMatchObject({ path: '/ifs/t2', includeSnapshots: true });
  });

  it('creates a user quota for a persona of a zone, and refuses an unknown persona at persona', async () => {
    sim.model.addZone('z1');
    const alice = sim.model.addUser('z1', 'alice');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ path: '/ifs/z1', type: 'user', persona: 'alice', zone: 'z1', thresholds: thresholds({ hard: GiB }) }));
    expect(created.diagnostics).toEqual([]);
    expect(created.state).toMatchObject({ type: 'user', persona: 'alice', zone: 'z1' });
    expect(only().persona).toEqual({ id: `UID:${alice.uid}`, name: 'alice', type: 'user' });
    const failed = await h.apply(TYPE, null, config({ path: '/ifs/z1', type: 'user', persona: 'nobody', zone: 'z1' }));
    expect(failed.diagnostics[0]).toMatchObject({ summary: 'Unable to Create Quota', attribute: [{ attribute: 'persona' }] });
    expect(failed.state).toBeNull();
  });

  it('names path for a directory that does not exist and for a quota that already exists there', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const missing = await h.apply(TYPE, null, config({ path: '/ifs/nowhere' }));
    expect(missing.diagnostics[0]).toMatchObject({ summary: 'Unable to Create Quota', attribute: [{ attribute: 'path' }] });
    expect(missing.diagnostics[0]?.detail).toContain('/ifs/nowhere');
    await h.apply(TYPE, null, config());
    const twice = await h.apply(TYPE, null, config());
    expect(twice.diagnostics[0]).toMatchObject({ summary: 'Quota Already Exists', attribute: [{ attribute: 'path' }] });
    expect(twice.diagnostics[0]?.detail).toContain('a directory quota on /ifs/t1');
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it('refuses a missing or superfluous persona and the threshold combinations OneFS refuses, at validation', async () => {
    const h = await harness();
    const at = async (c: TfObject) => (await h.validate('resource', TYPE, c)).map((d) => [d.summary, d.attribute]);
    expect(await at(config({ type: 'user' }))).toEqual([['Missing Persona', [{ attribute: 'persona' }]]]);
    expect(await at(config({ persona: 'alice' }))).toEqual([['Persona Not Allowed', [{ attribute: 'persona' }]]]);
    expect(await at(config({ thresholds: thresholds({ soft: GiB }) }))).toEqual([['Soft Threshold Needs a Grace Period', [{ attribute: 'thresholds' }, { attribute: 'soft_grace' }]]]);
    expect(await at(config({ thresholds: thresholds({ soft_grace: 60 }) }))).toEqual([['Grace Period Without a Soft Threshold', [{ attribute: 'thresholds' }, { attribute: 'soft_grace' }]]]);
    expect(await at(config({ thresholds: thresholds({ hard: GiB, advisory: GiB }) }))).toEqual([['Threshold Not Below the Hard Threshold', [{ attribute: 'thresholds' }, { attribute: 'advisory' }]]]);
    expect((await at(config({ type: 'tree' })))[0]?.[1]).toEqual([{ attribute: 'type' }]);
    expect((await at(config({ path: '/data/t1' })))[0]?.[1]).toEqual([{ attribute: 'path' }]);
    expect(await at(config({ thresholds: thresholds({ hard: 2 * GiB, soft: GiB, soft_grace: 60, advisory: GiB / 2 }) }))).toEqual([]);
  });

  it('drops a quota deleted outside on read, deletes one already gone, and destroys a live one', async () => {
    sim.model.addZone('t1');
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    sim.model.quotas.remove(only().id);
    expect((await h.read(TYPE, created.state as TfObject)).newState).toBeNull();
    expect(await h.destroy(TYPE, created.state as TfObject)).toEqual([]);
    const again = await h.apply(TYPE, null, config());
    expect(await h.destroy(TYPE, again.state as TfObject)).toEqual([]);
    expect(sim.model.quotas.list()).toEqual([]);
  });

  it('imports by id and by <type>:<path> to the created state, and refuses an unknown type or an ambiguous path', async () => {
    sim.model.addZone('t1');
    sim.model.addUser('System', 'alice');
    sim.model.addUser('System', 'bob');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ thresholds: thresholds({ hard: GiB }) }));
    expect((await h.importAndRead(TYPE, created.state?.id as string)).state).toEqual(created.state);
    expect((await h.importAndRead(TYPE, 'directory:/ifs/t1')).state).toEqual(created.state);
    expect((await h.importAndRead(TYPE, 'tree:/ifs/t1')).diagnostics[0]?.summary).toBe('Invalid Import ID');
    expect((await h.importAndRead(TYPE, 'default-user:/ifs/t1')).diagnostics[0]?.summary).toBe('Quota Not Found');
    for (const persona of ['alice', 'bob']) await h.apply(TYPE, null, config({ type: 'user', persona }));
    expect((await h.importAndRead(TYPE, 'user:/ifs/t1')).diagnostics[0]?.summary).toBe('Ambiguous Quota Import ID');
  });

  it('speaks the API version the cluster has: /platform/12 on OneFS 9.2', async () => {
    sim.onefs.setRelease('9.2');
    sim.model.addZone('t1');
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ thresholds: thresholds({ hard: GiB }) }));
    expect(created.diagnostics).toEqual([]);
    expect(sim.stats().onefs.routes['POST /platform/12/quota/quotas']).toBe(1);
  });
});

describe('data "powerscale_quota"', () => {
  const dataConfig = (overrides: TfObject = {}): TfObject => ({ id: null, path: '/ifs/t1', type: null, persona: null, zone: null, include_snapshots: null, enforced: null, container: null, thresholds: null, thresholds_on: null, usage: null, ready: null, ...overrides });

  it('reads a quota by path and type with its thresholds and usage', async () => {
    sim.model.addZone('t1');
    const quota = sim.model.createQuota({ path: '/ifs/t1', type: 'directory', includeSnapshots: false, enforced: true, thresholds: { hard: GiB }, empty: false });
    sim.model.quotas.setUsage('/ifs/t1', 1000);
    const { state, diagnostics } = await (await harness()).readDataSource(TYPE, dataConfig());
    expect(diagnostics).toEqual([]);
    expect(state).toMatchObject({ id: quota.id, enforced: true, thresholds: thresholds({ hard: GiB }), usage: { logical: 1000 }, ready: true });
  });

  it('names the malformed member of an unexpected response, without its value', async () => {
    sim.server.use(http.get('*/platform/:version/quota/quotas', () => Response.json({ quotas: [{ id: 'x', path: '/ifs/t1', type: 'directory', include_snapshots: false, enforced: true, container: false, ready: true, thresholds: { hard: 'lots' }, usage: { fslogical: 0, physical: 0, inodes: 0 } }] })));
    const { diagnostics } = await (await harness()).readDataSource(TYPE, dataConfig());
    expect(diagnostics[0]).toMatchObject({ summary: 'Unexpected Cluster Response' });
    expect(diagnostics[0]?.detail).toContain('quotas[0].thresholds.hard');
    expect(diagnostics[0]?.detail).not.toContain('lots');
  });

  it('fails for a path without such a quota, at path', async () => {
    sim.model.addZone('t1');
    const { state, diagnostics } = await (await harness()).readDataSource(TYPE, dataConfig());
    expect(state).toBeNull();
    expect(diagnostics[0]).toMatchObject({ summary: 'Quota Not Found', attribute: [{ attribute: 'path' }] });
  });
});
