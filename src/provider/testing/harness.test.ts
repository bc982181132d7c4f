import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../simulator/testing';
import { clusterResource } from '../resources/cluster';
import { createProviderHarness } from './harness';

const CANARY = 'h4rness-c4n4ry-✓';
const sim = useOneFsSimulator({ password: CANARY });
const TYPE = 'powerscale_cluster';
const config = { id: null, guid: null, name: null, onefs_version: null, api_version: null, expected_guid: null };

describe('the provider test harness', () => {
  it('drives a resource through create, refresh, update, import and destroy as Terraform does', async () => {
    const h = await createProviderHarness(sim, { resources: [clusterResource] }, CANARY);
    const created = await h.apply(TYPE, null, config);
    expect(created.diagnostics).toEqual([]);
    expect(created.state?.guid).toBe(sim.model.guid);
    const state = created.state ?? {};
    expect((await h.read(TYPE, state)).newState).toEqual(state);
    const updated = await h.apply(TYPE, state, { ...config, expected_guid: sim.model.guid.toUpperCase() });
    expect(updated).toMatchObject({ requiresReplace: [], diagnostics: [] });
    expect(updated.state?.expected_guid).toBe(sim.model.guid.toUpperCase());
    expect((await h.importAndRead(TYPE, sim.model.guid)).state?.guid).toBe(sim.model.guid);
    expect(await h.destroy(TYPE, updated.state ?? {})).toEqual([]);
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it('stops after a plan that fails, and returns its diagnostics', async () => {
    const h = await createProviderHarness(sim, { resources: [clusterResource] }, CANARY);
    const step = await h.apply(TYPE, null, { ...config, expected_guid: '0'.repeat(36) });
    expect(step.state).toBeNull();
    expect(step.diagnostics[0]?.summary).toBe('Wrong Cluster');
  });
});
