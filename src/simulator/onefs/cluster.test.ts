import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator();
const { call } = platformCaller(sim);

describe('cluster routes', () => {
  it('reports the latest API version as a string and the cluster identity', async () => {
    const session = await sim.login();
    expect(await (await call('/platform/latest', session)).json()).toEqual({ latest: '16' });
    const config = (await (await call('/platform/3/cluster/config', session)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ guid: sim.model.guid, name: 'sim-cluster', onefs_version: { release: '9.5.0.0', revision: '649926064822288389', type: 'Isilon OneFS' } });
    expect(sim.model.guid).toMatch(/^[0-9a-f]{36}$/);
  });

  it('reports the identity with an mttdl_level_msg from the schema enum (warn | none)', async () => {
    const session = await sim.login();
    const identity = (await (await call('/platform/5/cluster/identity', session)).json()) as Record<string, unknown>;
    expect(identity).toEqual({ description: '', logon: { motd: '', motd_header: '' }, mttdl_level_msg: 'none', name: 'sim-cluster' });
  });
});
