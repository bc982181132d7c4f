import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from './testing';

const sim = useOneFsSimulator({ users: ['alice'] });

describe('useOneFsSimulator', () => {
  it('serves the DAP handlers next to OneFS and counts each service separately', async () => {
    const { token, tenant } = sim.dap.credentials;
    const response = await fetch(`${sim.dapUrl}/api/v3.1/secrets`, { headers: { 'Authentication-Token': token, Tenant: tenant } });
    expect(response.status).toBe(200);
    const session = await sim.login();
    expect((await fetch(`${sim.baseUrl}/platform/latest`, { headers: session.headers })).status).toBe(200);
    const stats = sim.stats();
    expect(stats.dap).toEqual({ requests: 1, routes: { 'GET /api/v3.1/secrets': 1 } });
    expect(stats.onefs.requests).toBe(2);
  });

  it('starts each test from the seeded state', () => {
    expect(sim.stats().onefs.requests).toBe(0);
    expect(sim.model.listUsers('System').map((u) => u.name)).toEqual(['admin', 'alice']);
  });
});
