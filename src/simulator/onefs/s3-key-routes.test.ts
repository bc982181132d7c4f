import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator({ users: ['alice', 'bob'] });
const { call, errorsOf } = platformCaller(sim);
const KEYS = '/platform/10/protocols/s3/keys';

describe('S3 keys', () => {
  it('reports no key as null members', async () => {
    const session = await sim.login();
    const response = await call(`${KEYS}/alice`, session);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keys: { access_id: null, old_key_expiry: null, old_key_timestamp: null, secret_key_timestamp: null } });
  });

  it('returns the secret from POST only, and GET shows the same access id without it', async () => {
    const session = await sim.login();
    const created = await call(`${KEYS}/alice?zone=System&force=true`, session, { method: 'POST', body: JSON.stringify({ existing_key_expiry_time: 0 }) });
    expect(created.status).toBe(201);
    const { keys } = (await created.json()) as { keys: Record<string, unknown> };
    expect(Object.keys(keys).sort()).toEqual(['access_id', 'old_key_expiry', 'old_key_timestamp', 'old_secret_key', 'secret_key', 'secret_key_timestamp']);
    expect(keys.secret_key).toMatch(/^.{28}$/);
    const read = (await (await call(`${KEYS}/alice?zone=System`, session)).json()) as { keys: Record<string, unknown> };
    expect(read.keys).toEqual({ access_id: keys.access_id, old_key_expiry: null, old_key_timestamp: null, secret_key_timestamp: keys.secret_key_timestamp });
    expect(JSON.stringify(read)).not.toContain(String(keys.secret_key));
    expect(sim.model.s3Authenticate(String(keys.access_id), String(keys.secret_key))).toBe(true);
  });

  it('keeps the old secret valid for existing_key_expiry_time minutes after a rotation', async () => {
    const session = await sim.login();
    const mint = async (minutes: number) =>
      ((await (await call(`${KEYS}/bob?force=true`, session, { method: 'POST', body: JSON.stringify({ existing_key_expiry_time: minutes }) })).json()) as { keys: { access_id: string; secret_key: string; old_secret_key: string | null; old_key_expiry: number | null; secret_key_timestamp: number } }).keys;
    const first = await mint(0);
    sim.clock.advance(5_000);
    const second = await mint(10);
    expect(second.access_id).toBe(first.access_id);
    expect(second.old_secret_key).toBe(first.secret_key);
    expect(second.old_key_expiry).toBe(second.secret_key_timestamp + 600);
    sim.clock.advance(599_000);
    expect(sim.model.s3Authenticate(first.access_id, first.secret_key)).toBe(true);
    sim.clock.advance(1_000);
    expect(sim.model.s3Authenticate(first.access_id, first.secret_key)).toBe(false);
    expect(sim.model.s3Authenticate(second.access_id, second.secret_key)).toBe(true);
  });

  it('refuses a second POST without force with 409, or rotates with s3CreateExistingKey "rotate" (both invented)', async () => {
    const session = await sim.login();
    expect((await call(`${KEYS}/alice`, session, { method: 'POST' })).status).toBe(201);
    const again = await call(`${KEYS}/alice`, session, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await errorsOf(again)).toMatchObject([{ code: 'AEC_CONFLICT' }]);
    sim.onefs.setOptions({ s3CreateExistingKey: 'rotate' });
    const rotated = await call(`${KEYS}/alice`, session, { method: 'POST' });
    expect(rotated.status).toBe(201);
    expect(((await rotated.json()) as { keys: { access_id: string } }).keys.access_id).toBe(sim.model.getKey('System', 'alice')?.access_id);
  });

  it('deletes a key with 204, then answers 404 for the missing key', async () => {
    const session = await sim.login();
    await call(`${KEYS}/alice?force=true`, session, { method: 'POST' });
    expect((await call(`${KEYS}/alice`, session, { method: 'DELETE' })).status).toBe(204);
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
    const again = await call(`${KEYS}/alice`, session, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await errorsOf(again)).toMatchObject([{ code: 'AEC_NOT_FOUND' }]);
  });

  it('answers the real AEC errors for an unknown user, an unknown zone and bad input', async () => {
    const session = await sim.login();
    const user = await call(`${KEYS}/mallory?force=true`, session, { method: 'POST' });
    expect(user.status).toBe(404);
    expect(await errorsOf(user)).toEqual([{ code: 'AEC_NOT_FOUND', message: "Failed to find user for 'USER:mallory': No such user" }]);
    const zone = await call(`${KEYS}/alice?zone=Nowhere`, session);
    expect(zone.status).toBe(404);
    expect(await errorsOf(zone)).toEqual([{ code: 'AEC_NOT_FOUND', message: 'Access Zone "Nowhere" not found.' }]);
    const range = await call(`${KEYS}/alice?force=true`, session, { method: 'POST', body: JSON.stringify({ existing_key_expiry_time: 1441 }) });
    expect(range.status).toBe(400);
    expect(await errorsOf(range)).toMatchObject([{ code: 'AEC_BAD_REQUEST', field: 'existing_key_expiry_time' }]);
    const negative = await call(`${KEYS}/alice?force=true`, session, { method: 'POST', body: '{"existing_key_expiry_time": -1}' });
    expect(negative.status).toBe(400);
    const junk = await call(`${KEYS}/alice?force=true`, session, { method: 'POST', body: '{not json' });
    expect(junk.status).toBe(400);
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
  });

  it('keeps keys per zone: the same user name in another zone has its own key', async () => {
    sim.model.addZone('tenant1');
    sim.model.addUser('tenant1', 'alice');
    const session = await sim.login();
    await call(`${KEYS}/alice?zone=tenant1&force=true`, session, { method: 'POST' });
    expect(sim.model.getKey('tenant1', 'alice')).toBeDefined();
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
  });
});
