import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import { UNKNOWN, type Diagnostic, type TfObject } from '../../framework/contract';
import { createProviderHarness, type ProviderHarness } from '../../testing/harness';
import { userResource } from './resource';

const CANARY = 'u"ser\\admin-pässwörd-✓';
const GIVEN = 'G1ven-pw"\\-wo-✓-7731';
const sim = useOneFsSimulator({ password: CANARY, users: ['alice'] });
const TYPE = 'powerscale_user';
const harness = () => createProviderHarness(sim, { resources: [userResource] }, CANARY);

const ATTRIBUTES = [
  'id', 'name', 'zone', 'uid', 'primary_group', 'email', 'enabled', 'home_directory', 'shell', 'gecos', 'password_expires', 'prompt_password_change', 'expiry',
  'password_secret_name', 'password_triggers', 'password_wo', 'password_wo_version', 'password_last_set', 'sid', 'on_disk_user_identity', 'primary_group_sid', 'auth_provider',
];

function config(values: TfObject): TfObject {
  return { ...Object.fromEntries(ATTRIBUTES.map((a) => [a, null])), ...values };
}

const errors = (d: readonly Diagnostic[]) => d.filter((x) => x.severity === 'error');

interface Doc {
  zone: string;
  username: string;
  password: string;
  owner: string;
}

function storedDoc(h: ProviderHarness, name: string): Doc {
  const value = h.store.values.get(name);
  expect(value, `secret ${name}`).toBeDefined();
  return JSON.parse(value ?? '{}') as Doc;
}

/** Every password the test saw must be absent from everything the provider answered, stored or logged. */
function expectNowhere(h: ProviderHarness, secrets: readonly string[], ...objects: unknown[]): void {
  const texts = [...h.transcript, ...objects.map((o) => JSON.stringify(o))];
  for (const secret of secrets) for (const text of texts) expect(text).not.toContain(secret);
}

describe('powerscale_user with a minted password', () => {
  it('creates the user, writes {zone, username, password} to the store, and the stored password authenticates; no password in state or output', async () => {
    const h = await harness();
    const step = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: { v: '1' }, gecos: 'Bob' }));
    expect(errors(step.diagnostics)).toEqual([]);
    expect(step.state).toMatchObject({ id: 'System/bob', zone: 'System', password_secret_name: 'powerscale-user-System-bob', gecos: 'Bob', enabled: true, uid: 2001, auth_provider: 'lsa-local-provider:System', password_wo: null });
    expect(step.planned?.password_last_set).toBe(UNKNOWN);
    const doc = storedDoc(h, 'powerscale-user-System-bob');
    expect(doc).toMatchObject({ zone: 'System', username: 'bob' });
    expect(doc.password).toMatch(/^\S{32}$/);
    expect(sim.model.authenticateUser('System', 'bob', doc.password)).toBe(true);
    expectNowhere(h, [doc.password, CANARY], step.state, step.planned, new TextDecoder().decode(step.private));
  });

  it('mints a new password when password_triggers change and not otherwise; the old one stops working', async () => {
    const h = await harness();
    const first = await h.apply(TYPE, null, config({ name: 'bob', password_secret_name: 'bob-pw', password_triggers: { v: '1' } }));
    const old = storedDoc(h, 'bob-pw').password;
    const same = await h.apply(TYPE, first.state, config({ name: 'bob', password_secret_name: 'bob-pw', password_triggers: { v: '1' } }), first.private);
    expect(same.planned).toEqual(first.state);
    expect(storedDoc(h, 'bob-pw').password).toBe(old);
    const rotated = await h.apply(TYPE, same.state, config({ name: 'bob', password_secret_name: 'bob-pw', password_triggers: { v: '2' } }), same.private);
    expect(errors(rotated.diagnostics)).toEqual([]);
    expect(rotated.planned?.password_last_set).toBe(UNKNOWN);
    const fresh = storedDoc(h, 'bob-pw').password;
    expect(fresh).not.toBe(old);
    expect(sim.model.authenticateUser('System', 'bob', fresh)).toBe(true);
    expect(sim.model.authenticateUser('System', 'bob', old)).toBe(false);
    expectNowhere(h, [old, fresh], rotated.state, rotated.planned);
  });

  it('plans a reset when the stored password is missing and converges: the new stored password authenticates', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    h.store.values.delete('powerscale-user-System-bob');
    const refreshed = await h.read(TYPE, created.state ?? {}, created.private);
    const repaired = await h.apply(TYPE, refreshed.newState, config({ name: 'bob', password_triggers: {} }), refreshed.private);
    expect(repaired.planned?.password_last_set).toBe(UNKNOWN);
    expect(repaired.diagnostics.map((d) => d.summary)).toContain('User Password Will Be Reset');
    expect(errors(repaired.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
    const after = await h.read(TYPE, repaired.state ?? {}, repaired.private);
    const clean = await h.apply(TYPE, after.newState, config({ name: 'bob', password_triggers: {} }), after.private);
    expect(clean.planned).toEqual(after.newState);
  });

  it("sends the store's checks with the lookup of the user at create, not after the cluster answered", async () => {
    const h = await harness();
    const userGets = () => Object.entries(sim.stats().onefs.routes).filter(([route]) => route.startsWith('GET /platform/') && route.includes('/auth/users/')).reduce((n, [, c]) => n + c, 0);
    const before = userGets();
    const seen: string[] = [];
    const { get, probeWritable } = h.store;
    h.store.get = async (key, sig) => (seen.push(`get ${userGets()}`), get.call(h.store, key, sig));
    h.store.probeWritable = async (key, sig) => (seen.push(`probe ${userGets()}`), probeWritable?.call(h.store, key, sig));
    const step = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    expect(errors(step.diagnostics)).toEqual([]);
    expect(seen.slice(0, 2)).toEqual([`probe ${before}`, `get ${before}`]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
  });

  it("refuses an existing user with the cluster's answer even when the store fails too, and writes nothing", async () => {
    const h = await harness();
    h.store.failNext('get');
    const step = await h.apply(TYPE, null, config({ name: 'alice', password_triggers: {} }));
    expect(errors(step.diagnostics).map((d) => d.summary)).toEqual(['User Already Exists']);
    expect(h.store.values.size).toBe(0);
  });

  it('reads the stored password while the user is read, not after the cluster answered', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    const userGets = () => Object.entries(sim.stats().onefs.routes).filter(([route]) => route.startsWith('GET /platform/') && route.includes('/auth/users/')).reduce((n, [, c]) => n + c, 0);
    const before = userGets();
    const seenAtStoreRead: number[] = [];
    const get = h.store.get.bind(h.store);
    h.store.get = async (key, sig) => {
      seenAtStoreRead.push(userGets());
      return get(key, sig);
    };
    const refreshed = await h.read(TYPE, created.state ?? {}, created.private);
    expect(refreshed.diagnostics).toEqual([]);
    expect(refreshed.newState).toEqual(created.state);
    expect(userGets()).toBe(before + 1);
    expect(seenAtStoreRead).toEqual([before]);
  });

  it('ignores a failed password read when the user is gone, and reports the cluster failure when both fail', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    sim.fault({ method: 'GET', path: 'auth/users', status: 403 });
    h.store.failNext('get');
    const failed = await h.read(TYPE, created.state ?? {}, created.private);
    expect(errors(failed.diagnostics).map((d) => d.summary)).toHaveLength(1);
    expect(JSON.stringify(failed.diagnostics)).not.toContain('Secret store');
    sim.model.removeUser('System', 'bob');
    h.store.failNext('get');
    const gone = await h.read(TYPE, created.state ?? {}, created.private);
    expect(gone.diagnostics).toEqual([]);
    expect(gone.newState).toBeNull();
  });

  it('plans a reset when the password was set on the cluster outside Terraform (password_last_set moved), and the new stored password authenticates (found by chaos)', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    const quiet = await h.read(TYPE, created.state ?? {}, created.private);
    expect((await h.apply(TYPE, quiet.newState, config({ name: 'bob', password_triggers: {} }), quiet.private)).planned).toEqual(quiet.newState);
    sim.clock.advance(2_000);
    const bob = sim.model.findUser('System', 'bob');
    if (bob === undefined) throw new Error('bob is missing');
    sim.model.updateUser(bob, { password: 'Reset-by-hand-4411' }, false);
    const refreshed = await h.read(TYPE, created.state ?? {}, created.private);
    const repaired = await h.apply(TYPE, refreshed.newState, config({ name: 'bob', password_triggers: {} }), refreshed.private);
    expect(repaired.planned?.password_last_set).toBe(UNKNOWN);
    expect(repaired.diagnostics.find((d) => d.summary === 'User Password Will Be Reset')?.detail).toContain('password was set on the cluster outside Terraform');
    expect(errors(repaired.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
    const after = await h.read(TYPE, repaired.state ?? {}, repaired.private);
    expect((await h.apply(TYPE, after.newState, config({ name: 'bob', password_triggers: {} }), after.private)).planned).toEqual(after.newState);
  });

  it.each(['garbage', '{"zone":'])('repairs its own password secret corrupted outside Terraform (%j): the next apply resets the password and stores it', async (corrupt) => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    h.store.values.set('powerscale-user-System-bob', corrupt);
    const refreshed = await h.read(TYPE, created.state ?? {}, created.private);
    const repaired = await h.apply(TYPE, refreshed.newState, config({ name: 'bob', password_triggers: {} }), refreshed.private);
    expect(errors(repaired.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
  });

  it('plans a reset when its password document was rewritten outside Terraform without its owner token (a well-formed document of this user with another password), and converges (found by chaos)', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    h.store.values.set('powerscale-user-System-bob', JSON.stringify({ zone: 'System', username: 'bob', password: 'not-it' }));
    const refreshed = await h.read(TYPE, created.state ?? {}, created.private);
    const repaired = await h.apply(TYPE, refreshed.newState, config({ name: 'bob', password_triggers: {} }), refreshed.private);
    expect(repaired.planned?.password_last_set).toBe(UNKNOWN);
    expect(repaired.diagnostics.find((d) => d.summary === 'User Password Will Be Reset')?.detail).toContain('outside Terraform');
    expect(errors(repaired.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
    const after = await h.read(TYPE, repaired.state ?? {}, repaired.private);
    expect((await h.apply(TYPE, after.newState, config({ name: 'bob', password_triggers: {} }), after.private)).planned).toEqual(after.newState);
  });

  it('plans a reset after an update whose provider died: Terraform keeps the prior state but drops the private state, and a rotation killed between the store write and the cluster\'s PUT must not be adopted as the password (chaos finding 6)', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: { v: '1' } }));
    const old = storedDoc(h, 'powerscale-user-System-bob');
    // The killed rotation wrote its fresh password (with this object's owner token) and died
    // before the PUT; Terraform then saved the prior state with no private state at all.
    h.store.values.set('powerscale-user-System-bob', JSON.stringify({ ...old, password: 'Never-Set-On-Cluster-81' }));
    const refreshed = await h.read(TYPE, created.state ?? {}, undefined);
    const next = await h.apply(TYPE, refreshed.newState, config({ name: 'bob', password_triggers: { v: '2' } }), refreshed.private);
    expect(errors(next.diagnostics)).toEqual([]);
    expect(next.planned?.password_last_set).toBe(UNKNOWN);
    const stored = storedDoc(h, 'powerscale-user-System-bob');
    expect(stored.password).not.toBe('Never-Set-On-Cluster-81');
    expect(sim.model.authenticateUser('System', 'bob', stored.password)).toBe(true);
    expect(stored.owner).toBe(old.owner);
    const after = await h.read(TYPE, next.state ?? {}, next.private);
    expect((await h.apply(TYPE, after.newState, config({ name: 'bob', password_triggers: { v: '2' } }), after.private)).planned).toEqual(after.newState);

    // Same loss after an update that did not touch the password (the triggers already applied):
    // the provider cannot tell the store and the cluster agree, so it resets, and says why.
    const lost = await h.read(TYPE, after.newState ?? {}, undefined);
    const reset = await h.apply(TYPE, lost.newState, config({ name: 'bob', password_triggers: { v: '2' } }), lost.private);
    expect(reset.diagnostics.find((d) => d.summary === 'User Password Will Be Reset')?.detail).toContain('interrupted');
    expect(errors(reset.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
  });

  it('does not take an import whose owner stamp failed for a lost record: the next apply adopts again and resets nothing', async () => {
    const h = await harness();
    sim.model.addUser('System', 'erin', { password: 'Hand-Set-pw-7730' });
    h.store.values.set('erin-pw', JSON.stringify({ zone: 'System', username: 'erin', password: 'Hand-Set-pw-7730' }));
    const imported = await h.importAndRead(TYPE, 'System/erin');
    h.store.failNext('createOrUpdate');
    const settle = await h.apply(TYPE, imported.state, config({ name: 'erin', password_secret_name: 'erin-pw' }), imported.private);
    expect(errors(settle.diagnostics)).not.toEqual([]);
    const refreshed = await h.read(TYPE, settle.state ?? {}, settle.private);
    const again = await h.apply(TYPE, refreshed.newState, config({ name: 'erin', password_secret_name: 'erin-pw' }), refreshed.private);
    expect(errors(again.diagnostics)).toEqual([]);
    expect(again.diagnostics.map((d) => d.summary)).not.toContain('User Password Will Be Reset');
    expect(storedDoc(h, 'erin-pw')).toMatchObject({ password: 'Hand-Set-pw-7730' });
    expect(sim.model.authenticateUser('System', 'erin', 'Hand-Set-pw-7730')).toBe(true);
  });

  it('adopts a hand-written password document (no owner token) at import: the settling update stamps its owner token and keeps the password, and later plans are clean', async () => {
    const h = await harness();
    sim.model.addUser('System', 'dave', { password: 'Hand-Set-pw-5521' });
    h.store.values.set('dave-pw', JSON.stringify({ zone: 'System', username: 'dave', password: 'Hand-Set-pw-5521' }));
    const imported = await h.importAndRead(TYPE, 'System/dave');
    const settle = await h.apply(TYPE, imported.state, config({ name: 'dave', password_secret_name: 'dave-pw', password_triggers: { v: '1' } }), imported.private);
    expect(errors(settle.diagnostics)).toEqual([]);
    const stamped = storedDoc(h, 'dave-pw');
    expect(stamped).toMatchObject({ zone: 'System', username: 'dave', password: 'Hand-Set-pw-5521' });
    expect(stamped.owner).toMatch(/\S/);
    const refreshed = await h.read(TYPE, settle.state ?? {}, settle.private);
    const clean = await h.apply(TYPE, refreshed.newState, config({ name: 'dave', password_secret_name: 'dave-pw', password_triggers: { v: '1' } }), refreshed.private);
    expect(clean.planned).toEqual(refreshed.newState);
    expect(clean.diagnostics).toEqual([]);
    expect(sim.model.authenticateUser('System', 'dave', 'Hand-Set-pw-5521')).toBe(true);
  });

  it('still refuses to overwrite another secret (a JSON document that is not a password) under its own password_secret_name', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    h.store.values.set('powerscale-user-System-bob', JSON.stringify({ access_id: 'x', secret_key: 'S3-secret-kept' }));
    const refreshed = await h.read(TYPE, created.state ?? {}, created.private);
    const refused = await h.apply(TYPE, refreshed.newState, config({ name: 'bob', password_triggers: {} }), refreshed.private);
    expect(errors(refused.diagnostics).map((d) => d.summary)).toEqual(['Password Secret Name Holds Another Secret']);
    expect(h.store.values.get('powerscale-user-System-bob')).toContain('S3-secret-kept');
  });

  it('records a create without a clear answer tainted, so that a user the cluster created anyway is replaced, not refused as existing (found by chaos)', async () => {
    const h = await harness();
    sim.fault({ service: 'onefs', method: 'POST', path: '/auth/users', status: 503, count: 1 });
    const failed = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    expect(errors(failed.diagnostics)).not.toEqual([]);
    expect(failed.state).toMatchObject({ id: 'System/bob', name: 'bob' });
    // The cluster created it after all (its answer was lost), with a password nobody can tell.
    sim.model.addUser('System', 'bob', { password: 'lost-in-transit-1' });
    const refreshed = await h.read(TYPE, failed.state ?? {}, failed.private);
    expect(refreshed.newState).not.toBeNull();
    // Terraform replaces a tainted object: destroy, then create.
    expect(errors(await h.destroy(TYPE, refreshed.newState ?? {}, refreshed.private))).toEqual([]);
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    expect(errors(created.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
  });

  it('keeps the store and the cluster consistent when a step fails: no user without a stored password, no stored password without its user', async () => {
    const h = await harness();
    h.store.readOnly = true;
    const refused = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    expect(errors(refused.diagnostics)).not.toEqual([]);
    expect(sim.model.findUser('System', 'bob')).toBeUndefined();
    h.store.readOnly = false;

    sim.fault({ service: 'onefs', method: 'POST', path: '/auth/users', status: 400, count: 1 });
    const failedPost = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    expect(errors(failedPost.diagnostics)).not.toEqual([]);
    expect(h.store.values.has('powerscale-user-System-bob')).toBe(false);

    // The next run (a new provider process) creates it; then a rotation whose PUT fails.
    const next = await harness();
    const created = await next.apply(TYPE, null, config({ name: 'bob', password_triggers: { v: '1' } }));
    expect(created.diagnostics).toEqual([]);
    const old = storedDoc(next, 'powerscale-user-System-bob').password;
    sim.fault({ service: 'onefs', method: 'PUT', path: '/auth/users', status: 400, count: 1 });
    const failedPut = await next.apply(TYPE, created.state, config({ name: 'bob', password_triggers: { v: '2' } }), created.private);
    expect(errors(failedPut.diagnostics)).not.toEqual([]);
    // The store holds the password that still works, and the reset stays pending.
    expect(storedDoc(next, 'powerscale-user-System-bob').password).toBe(old);
    expect(sim.model.authenticateUser('System', 'bob', old)).toBe(true);
    const retried = await next.apply(TYPE, failedPut.state, config({ name: 'bob', password_triggers: { v: '2' } }), failedPut.private);
    expect(errors(retried.diagnostics)).toEqual([]);
    const fresh = storedDoc(next, 'powerscale-user-System-bob').password;
    expect(fresh).not.toBe(old);
    expect(sim.model.authenticateUser('System', 'bob', fresh)).toBe(true);
  });

  it('records a created user even when reading it back fails, so that the next apply replaces it instead of failing on a duplicate', async () => {
    const h = await harness();
    // The look before the create (a GET of the same user) answers normally; the read-back after it fails.
    sim.fault({ service: 'onefs', method: 'GET', path: '/auth/users/USER:gina', delayMs: 1, count: 1 });
    sim.fault({ service: 'onefs', method: 'GET', path: '/auth/users/USER:gina', status: 503, count: 3 });
    const step = await h.apply(TYPE, null, config({ name: 'gina', password_triggers: {} }));
    expect(errors(step.diagnostics)).not.toEqual([]);
    expect(step.state).toMatchObject({ id: 'System/gina', name: 'gina', password_secret_name: 'powerscale-user-System-gina' });
    expect(sim.model.authenticateUser('System', 'gina', storedDoc(h, 'powerscale-user-System-gina').password)).toBe(true);
  });

  it('refuses a password_secret_name that holds another user\'s password or another secret, changing nothing', async () => {
    const h = await harness();
    h.store.values.set('shared', JSON.stringify({ access_id: 'x', secret_key: 'S3-secret-kept' }));
    const refused = await h.apply(TYPE, null, config({ name: 'bob', password_secret_name: 'shared' }));
    expect(errors(refused.diagnostics).map((d) => [d.summary, d.attribute])).toEqual([['Password Secret Name Holds Another Secret', [{ attribute: 'password_secret_name' }]]]);
    expect(h.store.values.get('shared')).toContain('S3-secret-kept');
    expect(sim.model.findUser('System', 'bob')).toBeUndefined();
  });

  it('creates over a corrupted value (not JSON) under its default password_secret_name, but still refuses one under a configured name (found by chaos)', async () => {
    const h = await harness();
    h.store.values.set('powerscale-user-System-bob', 'garbage');
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    expect(errors(created.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'bob', storedDoc(h, 'powerscale-user-System-bob').password)).toBe(true);
    h.store.values.set('carol-pw', 'plain-token-of-someone-else');
    const refused = await h.apply(TYPE, null, config({ name: 'carol', password_secret_name: 'carol-pw' }));
    expect(errors(refused.diagnostics).map((d) => [d.summary, d.attribute])).toEqual([['Password Secret Name Holds Another Secret', [{ attribute: 'password_secret_name' }]]]);
    expect(h.store.values.get('carol-pw')).toBe('plain-token-of-someone-else');
    expect(sim.model.findUser('System', 'carol')).toBeUndefined();
  });

  it('forgets a user deleted outside Terraform, tolerates it on delete, and refuses with the cluster\'s error while the user owns an S3 key, keeping its password', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'bob', password_triggers: {} }));
    sim.model.createKey('System', 'bob', { force: false, existingKeyExpiryMinutes: 0 });
    const refused = await h.destroy(TYPE, created.state ?? {}, created.private);
    expect(refused.map((d) => d.summary)).toEqual(['User Still Owns Objects']);
    expect(refused[0]?.detail).toContain('still owns an S3 key');
    expect(h.store.values.has('powerscale-user-System-bob')).toBe(true);
    sim.model.removeUser('System', 'bob');
    expect((await h.read(TYPE, created.state ?? {}, created.private)).newState).toBeNull();
    expect(await h.destroy(TYPE, created.state ?? {}, created.private)).toEqual([]);
    expect(h.store.values.has('powerscale-user-System-bob')).toBe(false);
  });

  it('imports <zone>/<name> without resetting the password: the plan warns, and adopting the configuration changes nothing on the cluster', async () => {
    const h = await harness();
    sim.model.addUser('System', 'carol', { password: 'set-by-hand' });
    const imported = await h.importAndRead(TYPE, 'System/carol');
    expect(imported.state).toMatchObject({ id: 'System/carol', name: 'carol', zone: 'System', password_secret_name: null });
    const settle = await h.apply(TYPE, imported.state, config({ name: 'carol', password_triggers: { v: '1' } }), imported.private);
    expect(errors(settle.diagnostics)).toEqual([]);
    expect(settle.diagnostics.map((d) => d.summary)).toContain('User Password Unknown to Terraform');
    expect(settle.planned?.password_last_set).toBe(imported.state?.password_last_set);
    expect(sim.model.authenticateUser('System', 'carol', 'set-by-hand')).toBe(true);
    expect(h.store.values.size).toBe(0);
    const refreshed = await h.read(TYPE, settle.state ?? {}, settle.private);
    const clean = await h.apply(TYPE, refreshed.newState, config({ name: 'carol', password_triggers: { v: '1' } }), refreshed.private);
    expect(clean.planned).toEqual(refreshed.newState);
    const rotated = await h.apply(TYPE, clean.state, config({ name: 'carol', password_triggers: { v: '2' } }), clean.private);
    expect(errors(rotated.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'carol', storedDoc(h, 'powerscale-user-System-carol').password)).toBe(true);
    expect((await h.importAndRead(TYPE, 'System/a/b')).diagnostics.map((d) => d.summary)).toEqual(['Invalid Import ID']);
  });
  it('imports a user whose password the store holds: it adopts that password without a warning, and later plans are clean', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'erin', password_triggers: { v: '1' } }));
    const password = storedDoc(h, 'powerscale-user-System-erin').password;
    const imported = await h.importAndRead(TYPE, 'System/erin');
    const settle = await h.apply(TYPE, imported.state, config({ name: 'erin', password_triggers: { v: '1' } }), imported.private);
    expect(settle.diagnostics).toEqual([]);
    const refreshed = await h.read(TYPE, settle.state ?? {}, settle.private);
    const clean = await h.apply(TYPE, refreshed.newState, config({ name: 'erin', password_triggers: { v: '1' } }), refreshed.private);
    expect(clean.diagnostics).toEqual([]);
    expect(clean.planned).toEqual(refreshed.newState);
    expect(storedDoc(h, 'powerscale-user-System-erin').password).toBe(password);
    expect(sim.model.authenticateUser('System', 'erin', password)).toBe(true);
    expect(created.state?.password_secret_name).toBe(clean.state?.password_secret_name);
  });
});

describe('powerscale_user with password_wo', () => {
  it('sets the given password at create and when password_wo_version changes, never storing it', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config({ name: 'dave', zone: 'System', password_wo: GIVEN, password_wo_version: 1 }));
    expect(errors(created.diagnostics)).toEqual([]);
    expect(created.state).toMatchObject({ password_wo: null, password_wo_version: 1, password_secret_name: null });
    expect(sim.model.authenticateUser('System', 'dave', GIVEN)).toBe(true);
    const same = await h.apply(TYPE, created.state, config({ name: 'dave', password_wo: 'other-value-1', password_wo_version: 1 }), created.private);
    expect(same.planned).toEqual(created.state);
    expect(sim.model.authenticateUser('System', 'dave', GIVEN)).toBe(true);
    const bumped = await h.apply(TYPE, same.state, config({ name: 'dave', password_wo: 'other-value-2', password_wo_version: 2 }), same.private);
    expect(errors(bumped.diagnostics)).toEqual([]);
    expect(sim.model.authenticateUser('System', 'dave', 'other-value-2')).toBe(true);
    expect(h.store.values.size).toBe(0);
    expectNowhere(h, [GIVEN, 'other-value-2', CANARY], created, same, bumped);
  });

  it('switches ways: minted to given sets the given password and removes the stored one; given to minted mints; none keeps no password', async () => {
    const h = await harness();
    const minted = await h.apply(TYPE, null, config({ name: 'fay', password_triggers: {} }));
    const given = await h.apply(TYPE, minted.state, config({ name: 'fay', password_wo: GIVEN, password_wo_version: 1 }), minted.private);
    expect(errors(given.diagnostics)).toEqual([]);
    expect(given.state).toMatchObject({ password_secret_name: null, password_wo_version: 1 });
    expect(h.store.values.has('powerscale-user-System-fay')).toBe(false);
    expect(sim.model.authenticateUser('System', 'fay', GIVEN)).toBe(true);
    const back = await h.apply(TYPE, given.state, config({ name: 'fay', password_secret_name: 'fay-pw' }), given.private);
    expect(errors(back.diagnostics)).toEqual([]);
    expect(back.planned?.password_last_set).toBe(UNKNOWN);
    expect(sim.model.authenticateUser('System', 'fay', storedDoc(h, 'fay-pw').password)).toBe(true);
    const none = await h.apply(TYPE, back.state, config({ name: 'fay' }), back.private);
    expect(errors(none.diagnostics)).toEqual([]);
    expect(none.state).toMatchObject({ password_secret_name: null });
    expect(h.store.values.size).toBe(0);
    const clean = await h.apply(TYPE, none.state, config({ name: 'fay' }), none.private);
    expect(clean.planned).toEqual(none.state);
  });

  it('refuses password_wo with a minted password, and password_wo without password_wo_version, at validate', async () => {
    const h = await harness();
    const both = await h.validate('resource', TYPE, config({ name: 'dave', password_wo: GIVEN, password_wo_version: 1, password_secret_name: 'x' }));
    expect(both.map((d) => d.severity)).toContain('error');
    const noVersion = await h.validate('resource', TYPE, config({ name: 'dave', password_wo: GIVEN }));
    expect(noVersion.map((d) => d.severity)).toContain('error');
    expectNowhere(h, [GIVEN], both, noVersion);
  });
});
