import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import { createProviderHarness } from '../../testing/harness';
import { secretEphemeral } from './ephemeral';

const CANARY = 'secr3t-c4n4ry-✓';
const sim = useOneFsSimulator();
const TYPE = 'powerscale_secret';
const harness = () => createProviderHarness(sim, { ephemeralResources: [secretEphemeral] }, sim.credentials.password);

describe('ephemeral "powerscale_secret"', () => {
  it('opens with the stored value, and never logs it', async () => {
    const h = await harness();
    h.store.values.set('app-db', CANARY);
    const { result, diagnostics } = await h.openEphemeral(TYPE, { name: 'app-db', value: null });
    expect(diagnostics).toEqual([]);
    expect(result).toEqual({ name: 'app-db', value: CANARY });
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it('fails with a diagnostic at name when the store has no such secret', async () => {
    const { result, diagnostics } = await (await harness()).openEphemeral(TYPE, { name: 'missing', value: null });
    expect(result).toBeNull();
    expect(diagnostics).toMatchObject([{ summary: 'Secret Not Found', attribute: [{ attribute: 'name' }] }]);
  });

  it('renders a failing store as "Unable to Open Secret", with the secret store error', async () => {
    const h = await harness();
    h.store.failNext('get');
    const { diagnostics } = await h.openEphemeral(TYPE, { name: 'app-db', value: null });
    expect(diagnostics[0]?.summary).toBe('Unable to Open Secret');
  });

  it('refuses a name the store cannot hold at validate time', async () => {
    const d = await (await harness()).validate('ephemeral resource', TYPE, { name: '1bad', value: null });
    expect(d).toMatchObject([{ summary: 'Invalid Attribute Value', attribute: [{ attribute: 'name' }] }]);
  });
});
