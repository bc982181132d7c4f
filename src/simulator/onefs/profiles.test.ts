import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { RELEASE_PROFILES, RELEASES, releaseProfile } from './profiles';
import { platformCaller } from './testing';

const sim = useOneFsSimulator();
const { call } = platformCaller(sim);

/** What each release is expected to answer (the table docs/simulator.md shows). */
const EXPECTED = {
  '9.2': { latest: '12', timeoutInactive: 900, html401: false, slashLogin: 201, foreignReferer: 200, release: '9.2.0.0' },
  '9.4': { latest: '15', timeoutInactive: 900, html401: false, slashLogin: 201, foreignReferer: 401, release: '9.4.0.0' },
  '9.5': { latest: '16', timeoutInactive: 900, html401: true, slashLogin: 404, foreignReferer: 401, release: '9.5.0.1' },
  '9.5.0.3': { latest: '16', timeoutInactive: 0, html401: true, slashLogin: 404, foreignReferer: 401, release: '9.5.0.3' },
  '9.10': { latest: '21', timeoutInactive: 900, html401: true, slashLogin: 404, foreignReferer: 401, release: '9.10.0.0' },
} as const;

const loginBody = () => JSON.stringify({ username: sim.credentials.username, password: sim.credentials.password, services: ['platform'] });

describe('OneFS release profiles', () => {
  it.each(RELEASES.map((r) => [r, EXPECTED[r]] as const))('%s: API version, login answer, trailing slash, CSRF Referer rule and 401 form', async (release, expected) => {
    sim.onefs.setRelease(release);
    const login = await fetch(`${sim.baseUrl}/session/1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: loginBody() });
    expect(((await login.json()) as { timeout_inactive: number }).timeout_inactive).toBe(expected.timeoutInactive);
    expect((await fetch(`${sim.baseUrl}/session/1/session/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: loginBody() })).status).toBe(expected.slashLogin);

    const session = await sim.login();
    expect(await (await call('/platform/latest', session)).json()).toEqual({ latest: expected.latest });
    expect((await call(`/platform/${expected.latest}/zones`, session)).status).toBe(200);
    expect((await call(`/platform/${Number(expected.latest) + 1}/zones`, session)).status).toBe(404);
    const config = (await (await call('/platform/3/cluster/config', session)).json()) as { onefs_version: { release: string } };
    expect(config.onefs_version.release).toBe(expected.release);
    expect((await call('/platform/3/zones', session, { headers: { Referer: 'https://elsewhere.test:8080' } })).status).toBe(expected.foreignReferer);

    sim.onefs.expireSessions();
    const refused = await call('/platform/3/zones', session);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')?.startsWith(expected.html401 ? 'text/html' : 'application/json')).toBe(true);
  });

  it('goes back to the creation-time answers on reset', async () => {
    sim.onefs.setRelease('9.2');
    sim.reset();
    expect(sim.onefs.release).toBeUndefined();
    const session = await sim.login();
    expect(await (await call('/platform/latest', session)).json()).toEqual({ latest: '16' });
  });

  it('refuses an unknown release, naming the known ones', () => {
    expect(() => releaseProfile('9.3')).toThrow('unknown OneFS release "9.3": use one of 9.2, 9.4, 9.5, 9.5.0.3, 9.10');
    expect(() => sim.onefs.setRelease('8.2')).toThrow(TypeError);
  });

  it('says where every profile comes from', () => {
    for (const profile of Object.values(RELEASE_PROFILES)) expect(profile.source).toMatch(/confirmed|inferred|uncertain|guess/);
  });
});
