import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { createPapiClient } from '../../../papi/client';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { ClientFactories } from '../../clients';
import { UNKNOWN, type ClientCapabilities, type Diagnostic, type PlanResourceChangeResponse, type ProviderServer, type TfObject } from '../../framework/contract';
import { createSilentLog, type Log } from '../../framework/logger';
import { createFrameworkServer } from '../../framework/server';
import { tfEqual } from '../../framework/values';
import { createPowerScaleProvider } from '../../provider';
import { SecretStoreError } from '../../../secrets/errors';
import { createMemorySecretStore, type MemorySecretStore } from '../../../secrets/testing/memory-store';
import { decodeMarker, encodeMarker, markerName, MARKER_WINDOW_SECONDS } from './minting-marker';
import { defaultSecretName } from './naming';
import { s3KeyResource } from './resource';
import { providerConfig } from '../../testing/provider-config';

const CANARY = 'c"an\\ary-s3-pässwörd-✓';
const sim = useOneFsSimulator({ password: CANARY, users: ['alice', 'bob', 'carol'] });
const TYPE = 'powerscale_s3_key';
const caps: ClientCapabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
const signal = new AbortController().signal;
const EMPTY = new Uint8Array();

/** Everything the provider answered or logged in this file: no secret may ever appear in it. */
const transcript: string[] = [];
/** Every secret the store ever held. */
const secretsSeen = new Set<string>();

let store: MemorySecretStore = createMemorySecretStore();
afterEach(() => {
  harvest();
  store = createMemorySecretStore();
});

function harvest(): void {
  for (const value of store.values.values()) {
    secretsSeen.add(value);
    try {
      const doc = JSON.parse(value) as { secret_key?: unknown };
      if (typeof doc.secret_key === 'string') secretsSeen.add(doc.secret_key);
    } catch {
      // not a key document
    }
  }
}

function recordingLog(): Log {
  const inner = createSilentLog();
  const record = (level: string) => (m: string, f?: object) => void transcript.push(inner.redact(`${level} ${m} ${JSON.stringify(f ?? {})}`));
  return { ...inner, trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

const factories: ClientFactories = {
  createPapi: async (config) => createPapiClient(config, { fetch: (request) => fetch(request), retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } }),
  createSecretStore: async () => store,
};

async function configuredServer(): Promise<ProviderServer> {
  const server = createFrameworkServer({ provider: createPowerScaleProvider(factories), resources: [s3KeyResource], log: recordingLog() });
  const config = providerConfig({ endpoint: sim.baseUrl, username: sim.credentials.username, password: CANARY });
  expect(await server.configureProvider({ terraformVersion: '1.11.4', config, clientCapabilities: caps })).toEqual([]);
  return server;
}

// ------------------------------------------------------------------------------------------------
// A small stand-in for Terraform's lifecycle: refresh, plan twice (plan, then final plan), apply,
// replace on requires_replace or taint.
// ------------------------------------------------------------------------------------------------

const COMPUTED = new Set(['id', 'zone', 'existing_key_expiry_minutes', 'on_existing_key', 'secret_name', 'access_id', 'secret_key_timestamp', 'old_key_expiry']);

function config(values: TfObject): TfObject {
  return {
    id: null,
    user: null,
    zone: null,
    existing_key_expiry_minutes: null,
    adoption_expiry_minutes: null,
    on_existing_key: null,
    secret_name: null,
    rotation_triggers: null,
    access_id: null,
    secret_key_timestamp: null,
    old_key_expiry: null,
    ...values,
  };
}

function proposed(prior: TfObject | null, cfg: TfObject): TfObject {
  const out: TfObject = {};
  for (const [k, v] of Object.entries(cfg)) out[k] = v !== null ? v : COMPUTED.has(k) ? (prior?.[k] ?? null) : null;
  return out;
}

interface Instance {
  state: TfObject;
  private: Uint8Array;
  tainted?: boolean;
}

function privateText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function record(what: string, value: unknown): void {
  transcript.push(`${what} ${JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? privateText(v) : v))}`);
}

function errors(diags: readonly Diagnostic[]): string[] {
  return diags.filter((d) => d.severity === 'error').map((d) => d.summary);
}

class Terraform {
  constructor(public server: ProviderServer) {}

  /**
   * Starts a new provider process, as the next `terraform apply` does: what one process
   * remembers of its run (which keys and secret names it minted and wrote) starts empty.
   */
  async newRun(): Promise<void> {
    this.server = await configuredServer();
  }

  async refresh(inst: Instance): Promise<Instance | null> {
    const r = await this.server.readResource({ typeName: TYPE, currentState: inst.state, private: inst.private, clientCapabilities: caps }, signal);
    record('read', r);
    expect(r.diagnostics).toEqual([]);
    return r.newState === null ? null : { state: r.newState, private: r.private, ...(inst.tainted ? { tainted: true } : {}) };
  }

  async plan(prior: Instance | null, cfg: TfObject): Promise<PlanResourceChangeResponse> {
    const req = { typeName: TYPE, priorState: prior?.state ?? null, proposedNewState: proposed(prior?.state ?? null, cfg), config: cfg, priorPrivate: prior?.private ?? EMPTY, clientCapabilities: caps };
    const first = await this.server.planResourceChange(req, signal);
    record('plan', first);
    // Terraform plans again at apply time; a different answer would be "inconsistent final plan".
    const second = await this.server.planResourceChange(req, signal);
    expect(second.plannedState).toEqual(first.plannedState);
    return first;
  }

  /** Does what `terraform plan` reports: 'create' | 'update' | 'replace' | 'no-op'. */
  async action(inst: Instance | null, cfg: TfObject): Promise<{ action: string; plan: PlanResourceChangeResponse; refreshed: Instance | null }> {
    const refreshed = inst === null ? null : await this.refresh(inst);
    const plan = await this.plan(refreshed, cfg);
    // Warnings (an adoption window, a clash) are checked by the tests that expect them.
    expect(errors(plan.diagnostics)).toEqual([]);
    let action = 'update';
    if (refreshed === null) action = 'create';
    else if (refreshed.tainted || plan.requiresReplace.length > 0) action = 'replace';
    else if (tfEqual(plan.plannedState, refreshed.state)) action = 'no-op';
    return { action, plan, refreshed };
  }

  /** `terraform apply` of one resource: returns the new instance (null when none) and the diagnostics. */
  async run(inst: Instance | null, cfg: TfObject): Promise<{ instance: Instance | null; diagnostics: Diagnostic[]; action: string }> {
    const { action, plan, refreshed } = await this.action(inst, cfg);
    if (action === 'no-op') return { instance: refreshed, diagnostics: [], action };
    if (action === 'replace' && refreshed) {
      const deleted = await this.destroy(refreshed);
      if (errors(deleted).length > 0) return { instance: refreshed, diagnostics: deleted, action };
    }
    const prior = action === 'update' ? refreshed : null;
    const finalPlan = action === 'update' ? plan : await this.plan(null, cfg);
    const applied = await this.server.applyResourceChange({ typeName: TYPE, priorState: prior?.state ?? null, plannedState: finalPlan.plannedState, config: cfg, plannedPrivate: finalPlan.plannedPrivate }, signal);
    record('apply', applied);
    // What the create left running after its answer (the marker's removal): done before anything
    // else of the test looks at the store, as it is by the time Terraform's apply ends.
    await this.server.idle?.();
    const failedCreate = prior === null && errors(applied.diagnostics).length > 0;
    const instance = applied.newState === null ? null : { state: applied.newState, private: applied.private, ...(failedCreate ? { tainted: true } : {}) };
    return { instance, diagnostics: applied.diagnostics, action };
  }

  async destroy(inst: Instance): Promise<Diagnostic[]> {
    const applied = await this.server.applyResourceChange({ typeName: TYPE, priorState: inst.state, plannedState: null, config: null, plannedPrivate: inst.private }, signal);
    record('destroy', applied);
    return applied.diagnostics;
  }

  async import(id: string): Promise<{ instance: Instance | null; diagnostics: Diagnostic[] }> {
    const imported = await this.server.importResourceState({ typeName: TYPE, id, clientCapabilities: caps }, signal);
    record('import', imported);
    const first = imported.importedResources[0];
    if (!first) return { instance: null, diagnostics: imported.diagnostics };
    return { instance: await this.refresh({ state: first.state, private: first.private }), diagnostics: imported.diagnostics };
  }
}

async function terraform(): Promise<Terraform> {
  return new Terraform(await configuredServer());
}

function stored(name: string): { access_id: string; secret_key: string } | undefined {
  const value = store.values.get(name);
  return value === undefined ? undefined : (JSON.parse(value) as { access_id: string; secret_key: string });
}

function mints(): number {
  return sim.stats().onefs.routes['POST /platform/10/protocols/s3/keys/{user}'] ?? 0;
}

/** Applies `cfg` and expects success; returns the instance. */
async function applyOk(tf: Terraform, inst: Instance | null, cfg: TfObject): Promise<Instance> {
  const r = await tf.run(inst, cfg);
  expect(r.diagnostics).toEqual([]);
  expect(r.instance).not.toBeNull();
  return r.instance as Instance;
}

/** The store holds a document whose access id is the cluster's and whose secret authenticates. */
function expectWorkingPair(zone: string, user: string, name: string): void {
  const doc = stored(name);
  const key = sim.model.getKey(zone, user);
  expect(doc).toBeDefined();
  expect(key).toBeDefined();
  expect(doc?.access_id).toBe(key?.access_id);
  expect(sim.model.s3Authenticate(doc?.access_id ?? '', doc?.secret_key ?? '')).toBe(true);
}

const alice = config({ user: 'alice' });

/** The memory store's own write (tests that fail some writes put it back). */
let plainWrite = store.createOrUpdate;

/** Makes every write of `name` fail (other names, such as the minting marker, still succeed). */
function failWritesOf(name: string, how: () => Promise<never> = async () => Promise.reject(new SecretStoreError({ backend: 'file', operation: 'createOrUpdate', errorCode: 'io_error', message: 'injected failure', key: name, retryable: true }))): void {
  plainWrite = store.createOrUpdate.bind(store);
  const write = plainWrite;
  store.createOrUpdate = async (key, value, sig) => (key === name ? how() : write(key, value, sig));
}

// ------------------------------------------------------------------------------------------------

describe('powerscale_s3_key validation', () => {
  const validate = async (values: TfObject) => (await configuredServer()).validateResourceConfig(TYPE, config(values));

  it('rejects an empty user, naming the attribute and the rule', async () => {
    const diags = await validate({ user: '' });
    expect(diags).toHaveLength(1);
    expect(diags[0]?.attribute).toEqual([{ attribute: 'user' }]);
    expect(diags[0]?.detail).toMatch(/user.*empty.*1 to 104 characters/);
  });

  it('rejects user and zone names with characters OneFS refuses', async () => {
    const user = await validate({ user: 'al/ice' });
    expect(user[0]?.attribute).toEqual([{ attribute: 'user' }]);
    expect(user[0]?.detail).toContain('none of /');
    const zone = await validate({ user: 'alice', zone: 'my zone' });
    expect(zone[0]?.attribute).toEqual([{ attribute: 'zone' }]);
    expect(zone[0]?.detail).toContain('letters, digits');
  });

  it('rejects an expiry outside 0..1440 minutes', async () => {
    for (const minutes of [-1, 1441, 2.5]) {
      const diags = await validate({ user: 'alice', existing_key_expiry_minutes: minutes });
      expect(diags[0]?.attribute).toEqual([{ attribute: 'existing_key_expiry_minutes' }]);
      expect(diags[0]?.detail).toContain('from 0 to 1440');
    }
    expect(await validate({ user: 'alice', existing_key_expiry_minutes: 1440 })).toEqual([]);
  });

  it('rejects a secret_name the store cannot hold, quoting the store rule', async () => {
    for (const name of ['9lives', 'with space', 'a/b']) {
      const diags = await validate({ user: 'alice', secret_name: name });
      expect(diags[0]?.attribute).toEqual([{ attribute: 'secret_name' }]);
      expect(diags[0]?.detail).toContain('starting with a letter');
    }
  });

  it('accepts values not known yet', async () => {
    expect(await validate({ user: UNKNOWN, zone: UNKNOWN, secret_name: UNKNOWN, existing_key_expiry_minutes: UNKNOWN })).toEqual([]);
  });
});

describe('powerscale_s3_key create', () => {
  it('fails without a state when the user does not exist, pointing at user', async () => {
    const tf = await terraform();
    const r = await tf.run(null, config({ user: 'mallory' }));
    expect(r.instance).toBeNull();
    expect(errors(r.diagnostics)).toEqual(['Unable to Create S3 Key']);
    expect(r.diagnostics[0]?.attribute).toEqual([{ attribute: 'user' }]);
    expect(r.diagnostics[0]?.detail).toContain('404');
    expect(store.values.size).toBe(0);
  });

  it("sends the store's checks with the lookup of the user's key, not after the cluster answered", async () => {
    const tf = await terraform();
    const keyGets = () => sim.stats().onefs.routes['GET /platform/10/protocols/s3/keys/{user}'] ?? 0;
    const before = keyGets();
    const seen: string[] = [];
    const name = 'powerscale-s3-System-alice';
    const { get, probeWritable } = store;
    store.get = async (key, sig) => (key === name && seen.push(`get ${keyGets()}`), get.call(store, key, sig));
    store.probeWritable = async (key, sig) => (seen.push(`probe ${keyGets()}`), probeWritable?.call(store, key, sig));
    await applyOk(tf, null, alice);
    expect(seen).toEqual([`probe ${before}`, `get ${before}`]);
    expect(keyGets()).toBe(before + 1);
    expectWorkingPair('System', 'alice', name);
  });

  it("reports the cluster's failure, not the store's, when both fail before the mint, and mints nothing", async () => {
    const tf = await terraform();
    sim.fault({ method: 'GET', path: 's3/keys', status: 403 });
    store.failNext('get');
    const r = await tf.run(null, alice);
    expect(errors(r.diagnostics)).toEqual(['Unable to Create S3 Key']);
    expect(r.diagnostics[0]?.detail).toContain('403');
    expect(r.diagnostics[0]?.detail).not.toContain('Secret store');
    expect(mints()).toBe(0);
    expect(store.values.size).toBe(0);
  });

  it('points a missing zone at zone', async () => {
    const tf = await terraform();
    const r = await tf.run(null, config({ user: 'alice', zone: 'nowhere' }));
    expect(r.diagnostics[0]?.attribute).toEqual([{ attribute: 'zone' }]);
  });

  it('records the key tainted when the store write fails, and the next apply replaces it with a working pair', async () => {
    const tf = await terraform();
    failWritesOf('powerscale-s3-System-alice');
    const failed = await tf.run(null, alice);
    expect(errors(failed.diagnostics)).toEqual(['Unable to Create S3 Key']);
    expect(failed.diagnostics[0]?.detail).toMatch(/Secret store \(file\) createOrUpdate of secret "powerscale-s3-System-alice" failed/);
    expect(failed.instance?.tainted).toBe(true);
    expect(failed.instance?.state).toMatchObject({ id: 'System/alice', access_id: sim.model.getKey('System', 'alice')?.access_id });
    // Only the minting marker (no secret) is left; the replacement overwrites and removes it.
    expect([...store.values.keys()]).toEqual(['powerscale-minting-System-alice']);
    store.createOrUpdate = plainWrite;

    await tf.newRun();
    const again = await tf.run(failed.instance, alice);
    expect(again.action).toBe('replace');
    expect(again.diagnostics).toEqual([]);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('mints once, stores exactly {access_id, secret_key, secret_key_timestamp, owner} under the default name, and plans nothing afterwards', async () => {
    const tf = await terraform();
    const plan = await tf.plan(null, alice);
    expect(plan.plannedState).toEqual({
      id: 'System/alice',
      user: 'alice',
      zone: 'System',
      existing_key_expiry_minutes: 0,
      adoption_expiry_minutes: null,
      on_existing_key: 'fail',
      secret_name: 'powerscale-s3-System-alice',
      rotation_triggers: null,
      access_id: UNKNOWN,
      secret_key_timestamp: UNKNOWN,
      old_key_expiry: UNKNOWN,
    });
    const inst = await applyOk(tf, null, alice);
    expect(mints()).toBe(1);
    const key = sim.model.getKey('System', 'alice');
    expect(inst.state).toEqual({ ...plan.plannedState, access_id: key?.access_id, secret_key_timestamp: key?.secret_key_timestamp, old_key_expiry: null });
    expect(Object.keys(JSON.parse(store.values.get('powerscale-s3-System-alice') ?? '{}') as object)).toEqual(['access_id', 'secret_key', 'secret_key_timestamp', 'owner']);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    expect((await tf.action(inst, alice)).action).toBe('no-op');
    expect(mints()).toBe(1);
  });

  it('shares one login across many keys created concurrently', async () => {
    const tf = await terraform();
    const users = Array.from({ length: 12 }, (_, i) => `user${i}`);
    for (const u of users) sim.model.addUser('System', u);
    const results = await Promise.all(users.map((u) => tf.run(null, config({ user: u }))));
    for (const r of results) expect(r.diagnostics).toEqual([]);
    expect(sim.stats().onefs.logins).toBe(1);
    for (const u of users) expectWorkingPair('System', u, `powerscale-s3-System-${u}`);
  });
});

describe('powerscale_s3_key cluster failures', () => {
  it('fails a create without a state when the mint is refused, and stores nothing', async () => {
    const tf = await terraform();
    sim.fault({ method: 'POST', path: 's3/keys', status: 409 });
    const r = await tf.run(null, alice);
    expect(r.instance).toBeNull();
    expect(errors(r.diagnostics)).toEqual(['Unable to Create S3 Key']);
    expect(r.diagnostics[0]?.detail).toMatch(/POST \/platform\/10\/protocols\/s3\/keys\/alice failed: HTTP 409 AEC_CONFLICT/);
    expect(store.values.size).toBe(0);
    await tf.newRun();
    await applyOk(tf, null, alice);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('never repeats a mint that failed with a 5xx (the POST may have minted)', async () => {
    const tf = await terraform();
    sim.fault({ method: 'POST', path: 's3/keys', status: 503 });
    const r = await tf.run(null, alice);
    expect(errors(r.diagnostics)).toEqual(['Unable to Create S3 Key']);
    expect(mints()).toBe(1);
  });

  it('records a mint without a clear answer tainted, so that a key the cluster minted anyway is replaced, not refused as foreign', async () => {
    const tf = await terraform();
    sim.fault({ method: 'POST', path: 's3/keys', status: 503 });
    const failed = await tf.run(null, alice);
    expect(errors(failed.diagnostics)).toEqual(['Unable to Create S3 Key']);
    expect(failed.instance).toMatchObject({ tainted: true, state: { id: 'System/alice', access_id: null } });
    // The cluster minted after all (its answer was lost); nobody holds that secret.
    sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    await tf.newRun();
    const again = await tf.run(failed.instance, alice);
    expect(again.action).toBe('replace');
    expect(again.diagnostics).toEqual([]);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('retries a refresh that sees a transient 503', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    sim.fault({ method: 'GET', path: 's3/keys', status: 503, count: 2 });
    expect((await tf.refresh(inst))?.state).toEqual(inst.state);
  });

  it('fails the refresh instead of planning a create when the cluster has no S3 key API', async () => {
    const server = await configuredServer();
    sim.server.use(http.get('*/platform/10/protocols/s3/keys/:user', () => HttpResponse.json({ errors: [{ code: 'AEC_NOT_FOUND', message: 'Path not found: /10/protocols/s3/keys/alice.' }] }, { status: 404 })));
    const state = config({ id: 'System/alice', user: 'alice', zone: 'System', existing_key_expiry_minutes: 0, secret_name: 'powerscale-s3-System-alice' });
    const r = await server.readResource({ typeName: TYPE, currentState: state, private: EMPTY, clientCapabilities: caps }, signal);
    expect(errors(r.diagnostics)).toEqual(['Unable to Read S3 Key']);
    expect(r.newState).toEqual(state);
  });

  it('names the member a malformed mint response lacks, and never echoes the secret it did carry', async () => {
    const tf = await terraform();
    const leaked = 'Leaked-Secret-Canary-0123456789';
    sim.server.use(http.post('*/platform/10/protocols/s3/keys/:user', () => HttpResponse.json({ keys: { secret_key: leaked, access_id: 'x_accid' } }, { status: 201 })));
    const r = await tf.run(null, alice);
    expect(errors(r.diagnostics)).toEqual(['Unexpected Cluster Response']);
    expect(r.diagnostics[0]?.detail).toContain('keys.secret_key_timestamp');
    expect(JSON.stringify(r)).not.toContain(leaked);
    secretsSeen.add(leaked);
  });

  it('fails the refresh when the store hides the value from the provider, rather than rotating blindly', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    store.failNext('get');
    const r = await tf.server.readResource({ typeName: TYPE, currentState: inst.state, private: inst.private, clientCapabilities: caps }, signal);
    expect(errors(r.diagnostics)).toEqual(['Unable to Read S3 Key']);
    expect(r.diagnostics[0]?.detail).toContain('Secret store (file) get of secret "powerscale-s3-System-alice" failed');
  });
});

describe('powerscale_s3_key drift', () => {
  it('plans a create when the key was deleted outside Terraform', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    sim.model.deleteKey('System', 'alice');
    expect(await tf.refresh(inst)).toBeNull();
    await tf.newRun();
    const fixed = await tf.run(inst, alice);
    expect(fixed.action).toBe('create');
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('reads the secret while the key is read, not after the cluster answered', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const route = 'GET /platform/10/protocols/s3/keys/{user}';
    const keyGets = () => sim.stats().onefs.routes[route] ?? 0;
    const before = keyGets();
    const seenAtStoreRead: number[] = [];
    const get = store.get.bind(store);
    store.get = async (key, sig) => {
      seenAtStoreRead.push(keyGets());
      return get(key, sig);
    };
    expect((await tf.refresh(inst))?.state).toEqual(inst.state);
    expect(keyGets()).toBe(before + 1);
    // One store read, started before the cluster had the key's GET.
    expect(seenAtStoreRead).toEqual([before]);
  });

  it('ignores a failed store read when the key is gone, and reports the cluster failure when both fail', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    sim.model.deleteKey('System', 'alice');
    store.failNext('get');
    expect(await tf.refresh(inst)).toBeNull();
    // Both fail: the cluster's error is the diagnostic, and the store's failure is not left unhandled.
    await tf.newRun();
    const again = await applyOk(tf, null, alice);
    sim.fault({ method: 'GET', path: 's3/keys', status: 403 });
    store.failNext('get');
    const r = await tf.server.readResource({ typeName: TYPE, currentState: again.state, private: again.private, clientCapabilities: caps }, signal);
    expect(errors(r.diagnostics)).toEqual(['Unable to Read S3 Key']);
    expect(r.diagnostics[0]?.detail).not.toContain('Secret store');
  });

  it('does not read the secret while a rotation for another reason is pending', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    store.values.delete('powerscale-s3-System-alice');
    const pending = (await tf.refresh(inst)) as Instance;
    expect(privateText(pending.private)).toContain('"rotate":"secret-missing"');
    const reads = store.calls.get;
    expect(privateText(((await tf.refresh(pending)) as Instance).private)).toContain('"rotate":"secret-missing"');
    expect(store.calls.get).toBe(reads);
  });

  it('plans a create when the user or the zone disappeared', async () => {
    const tf = await terraform();
    sim.model.addZone('tenant');
    sim.model.addUser('tenant', 'dave');
    const inZone = await applyOk(tf, null, config({ user: 'dave', zone: 'tenant' }));
    const inst = await applyOk(tf, null, config({ user: 'bob' }));
    sim.model.removeUser('System', 'bob');
    expect(await tf.refresh(inst)).toBeNull();
    sim.model.removeZone('tenant');
    expect(await tf.refresh(inZone)).toBeNull();
  });

  it('plans a create when OneFS answers 404 for a user without a key', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    sim.onefs.setOptions({ s3MissingKey: 'not-found' });
    sim.model.deleteKey('System', 'alice');
    expect(await tf.refresh(inst)).toBeNull();
  });

  const secretDrift: [string, () => void][] = [
    ['is missing from the store', () => store.values.delete('powerscale-s3-System-alice')],
    ['is not a key document', () => store.values.set('powerscale-s3-System-alice', 'not json')],
    ['holds another access id', () => store.values.set('powerscale-s3-System-alice', JSON.stringify({ access_id: 'someone_else_accid', secret_key: 'x'.repeat(28) }))],
  ];
  for (const [what, drift] of secretDrift) {
    it(`plans an in-place rotation when the secret ${what}, and the apply restores a working pair`, async () => {
      const tf = await terraform();
      const inst = await applyOk(tf, null, alice);
      drift();
      const { action, plan } = await tf.action(inst, alice);
      expect(action).toBe('update');
      expect(plan.plannedState).toMatchObject({ access_id: inst.state.access_id, secret_key_timestamp: UNKNOWN, old_key_expiry: UNKNOWN });
      const fixed = await applyOk(tf, inst, alice);
      expect(mints()).toBe(2);
      expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
      expect((await tf.action(fixed, alice)).action).toBe('no-op');
    });
  }

  it('plans a rotation when the key was rotated outside Terraform', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    sim.clock.advance(5_000);
    sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    const { action } = await tf.action(inst, alice);
    expect(action).toBe('update');
    const fixed = await applyOk(tf, inst, alice);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    expect((await tf.action(fixed, alice)).action).toBe('no-op');
  });

  it('keeps a rotation pending across refreshes once it was detected', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    sim.clock.advance(5_000);
    sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    // terraform apply -refresh-only: the refreshed state (new timestamp, pending flag) is saved.
    const refreshed = (await tf.refresh(inst)) as Instance;
    expect(privateText(refreshed.private)).toMatch(/^\{"rotate":"rotated-outside","owner":"[0-9a-f-]{36}"\}$/);
    expect((await tf.action(refreshed, alice)).action).toBe('update');
  });
});

describe('powerscale_s3_key rotation and other updates', () => {
  it('rotates in place when rotation_triggers change, keeping the old secret valid for the window', async () => {
    const tf = await terraform();
    const v1 = config({ user: 'alice', existing_key_expiry_minutes: 10, rotation_triggers: { version: '1' } });
    const inst = await applyOk(tf, null, v1);
    const before = stored('powerscale-s3-System-alice');
    sim.clock.advance(2_000);
    const v2 = config({ ...v1, rotation_triggers: { version: '2' } });
    const { action, plan } = await tf.action(inst, v2);
    expect(action).toBe('update');
    expect(plan.plannedState).toMatchObject({ access_id: inst.state.access_id, secret_key_timestamp: UNKNOWN, old_key_expiry: UNKNOWN });
    const rotated = await applyOk(tf, inst, v2);
    const after = stored('powerscale-s3-System-alice');
    expect(after?.access_id).toBe(before?.access_id);
    expect(after?.secret_key).not.toBe(before?.secret_key);
    expect(sim.model.s3Authenticate(before?.access_id ?? '', before?.secret_key ?? '')).toBe(true);
    expect(rotated.state.old_key_expiry).toBe((rotated.state.secret_key_timestamp as number) + 600);
    sim.clock.advance(11 * 60_000);
    expect(sim.model.s3Authenticate(before?.access_id ?? '', before?.secret_key ?? '')).toBe(false);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('plans a possible rotation while rotation_triggers are unknown', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const plan = await tf.plan(inst, config({ user: 'alice', rotation_triggers: { v: UNKNOWN } }));
    expect(plan.plannedState).toMatchObject({ secret_key_timestamp: UNKNOWN });
  });

  it('treats an empty rotation_triggers map like none', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const r = await tf.run(inst, config({ user: 'alice', rotation_triggers: {} }));
    expect(r.action).toBe('update');
    expect(r.instance?.state.secret_key_timestamp).toBe(inst.state.secret_key_timestamp);
    expect(mints()).toBe(1);
  });

  it('changes existing_key_expiry_minutes alone without minting', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const r = await tf.run(inst, config({ user: 'alice', existing_key_expiry_minutes: 30 }));
    expect(r.action).toBe('update');
    expect(r.instance?.state).toEqual({ ...inst.state, existing_key_expiry_minutes: 30 });
    expect(mints()).toBe(1);
  });

  it('keeps the rotation pending when its store write fails, and the next apply converges', async () => {
    const tf = await terraform();
    const v1 = config({ user: 'alice', existing_key_expiry_minutes: 5, rotation_triggers: { v: '1' } });
    const inst = await applyOk(tf, null, v1);
    const before = stored('powerscale-s3-System-alice');
    sim.clock.advance(2_000);
    const v2 = config({ ...v1, rotation_triggers: { v: '2' } });
    store.failNext('createOrUpdate');
    const failed = await tf.run(inst, v2);
    expect(errors(failed.diagnostics)).toEqual(['Unable to Update S3 Key']);
    expect(privateText(failed.instance?.private ?? EMPTY)).toMatch(/^\{"rotate":"store-write-failed","owner":"[0-9a-f-]{36}"\}$/);
    // The old secret still works in the window; the store still holds it.
    expect(stored('powerscale-s3-System-alice')).toEqual(before);
    expect(sim.model.s3Authenticate(before?.access_id ?? '', before?.secret_key ?? '')).toBe(true);
    const { action } = await tf.action(failed.instance, v2);
    expect(action).toBe('update');
    await applyOk(tf, failed.instance, v2);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('renames the secret without minting', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const before = stored('powerscale-s3-System-alice');
    const renamed = config({ user: 'alice', secret_name: 'team.alice-s3' });
    const { action, plan } = await tf.action(inst, renamed);
    expect(action).toBe('update');
    expect(plan.plannedState).toMatchObject({ secret_key_timestamp: inst.state.secret_key_timestamp, access_id: inst.state.access_id });
    await applyOk(tf, inst, renamed);
    expect(mints()).toBe(1);
    expect(store.values.has('powerscale-s3-System-alice')).toBe(false);
    expect(stored('team.alice-s3')).toEqual(before);
  });

  it('rotates instead of moving when the secret under the old name is gone', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    store.values.delete('powerscale-s3-System-alice');
    const renamed = config({ user: 'alice', secret_name: 'team.alice-s3' });
    const { plan } = await tf.action(inst, renamed);
    expect(plan.plannedState).toMatchObject({ secret_key_timestamp: UNKNOWN });
    await applyOk(tf, inst, renamed);
    expect(mints()).toBe(2);
    expectWorkingPair('System', 'alice', 'team.alice-s3');
  });

  it('rotates and renames in one update, leaving nothing under the old name', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const cfg = config({ user: 'alice', secret_name: 'moved', rotation_triggers: { v: '1' } });
    await applyOk(tf, inst, cfg);
    expect(mints()).toBe(2);
    expect(store.values.has('powerscale-s3-System-alice')).toBe(false);
    expectWorkingPair('System', 'alice', 'moved');
  });

  it('finishes a rename that a failed apply left half done', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const renamed = config({ user: 'alice', secret_name: 'moved' });
    store.failNext('delete');
    const failed = await tf.run(inst, renamed);
    expect(errors(failed.diagnostics)).toEqual(['Unable to Update S3 Key']);
    // Both names hold the secret now; the state still records the old name.
    expect(failed.instance?.state.secret_name).toBe('powerscale-s3-System-alice');
    const again = await applyOk(tf, failed.instance, renamed);
    expect(again.state.secret_name).toBe('moved');
    expect(store.values.has('powerscale-s3-System-alice')).toBe(false);
    expectWorkingPair('System', 'alice', 'moved');
    expect(mints()).toBe(1);
  });

  it('replaces the key when the user changes', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const r = await tf.run(inst, config({ user: 'bob' }));
    expect(r.action).toBe('replace');
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
    expect(store.values.has('powerscale-s3-System-alice')).toBe(false);
    expectWorkingPair('System', 'bob', 'powerscale-s3-System-bob');
  });
});

describe('powerscale_s3_key delete', () => {
  it('removes the key and the secret, and succeeds when both are already gone', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    expect(await tf.destroy(inst)).toEqual([]);
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
    expect(store.values.size).toBe(0);
    expect(await tf.destroy(inst)).toEqual([]);
    sim.model.removeUser('System', 'alice');
    expect(await tf.destroy(inst)).toEqual([]);
  });

  it('leaves a secret that now belongs to another key under the same name', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, config({ user: 'alice', secret_name: 'shared' }));
    const other = JSON.stringify({ access_id: 'other_accid', secret_key: 'y'.repeat(28) });
    store.values.set('shared', other);
    expect(await tf.destroy(inst)).toEqual([]);
    expect(store.values.get('shared')).toBe(other);
  });

  it('keeps the state when the cluster refuses the delete, and the next destroy removes the key', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    sim.fault({ method: 'DELETE', path: 's3/keys', status: 409 });
    expect(errors(await tf.destroy(inst))).toEqual(['Unable to Delete S3 Key']);
    const refreshed = await tf.refresh(inst);
    expect(refreshed).not.toBeNull();
    expect(await tf.destroy(refreshed as Instance)).toEqual([]);
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
    expect(store.values.size).toBe(0);
  });

  it('reports a store failure and keeps the state, so that destroy can run again', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    store.failNext('delete');
    expect(errors(await tf.destroy(inst))).toEqual(['Unable to Delete S3 Key']);
    expect(await tf.destroy(inst)).toEqual([]);
    expect(store.values.size).toBe(0);
  });
});

describe('powerscale_s3_key import', () => {
  it('rejects ids that are not <zone>/<user>', async () => {
    const tf = await terraform();
    for (const id of ['alice', 'System/alice/x', '/alice', 'System/', 'my zone/alice']) {
      const r = await tf.import(id);
      expect(errors(r.diagnostics)).toEqual(['Invalid Import ID']);
      expect(r.diagnostics[0]?.detail).toContain('<zone>/<user>');
    }
  });

  it('imports a key whose secret is in the store without minting', async () => {
    const tf = await terraform();
    const created = await applyOk(tf, null, alice);
    const { instance } = await tf.import('System/alice');
    expect(instance?.state).toMatchObject({ id: 'System/alice', access_id: created.state.access_id, secret_name: 'powerscale-s3-System-alice' });
    const r = await tf.run(instance, config({ user: 'alice', rotation_triggers: { v: '1' } }));
    expect(r.diagnostics).toEqual([]);
    expect(mints()).toBe(1);
    expect((await tf.action(r.instance, config({ user: 'alice', rotation_triggers: { v: '1' } }))).action).toBe('no-op');
  });

  it('imports without minting a key whose secret was copied from another tool without an owner (migrate-secrets)', async () => {
    const tf = await terraform();
    await applyOk(tf, null, alice);
    const name = defaultSecretName('System', 'alice');
    const doc = JSON.parse(store.values.get(name) ?? '{}') as { access_id: string; secret_key: string };
    // What migrate-secrets writes from Dell's state: the working pair, no owner token.
    await store.createOrUpdate(name, JSON.stringify({ access_id: doc.access_id, secret_key: doc.secret_key }), signal);
    const { instance } = await tf.import('System/alice');
    const r = await tf.run(instance, config({ user: 'alice' }));
    expect(r.diagnostics).toEqual([]);
    expect(mints()).toBe(1);
    expect((await tf.action(r.instance, config({ user: 'alice' }))).action).toBe('no-op');
  });

  it('adopts the secret under a configured secret_name after an import', async () => {
    const tf = await terraform();
    const cfg = config({ user: 'alice', secret_name: 'custom' });
    await applyOk(tf, null, cfg);
    await tf.newRun();
    const { instance } = await tf.import('System/alice');
    const { plan } = await tf.action(instance, cfg);
    expect(plan.plannedState).toMatchObject({ secret_name: 'custom', secret_key_timestamp: instance?.state.secret_key_timestamp });
    await applyOk(tf, instance, cfg);
    expect(mints()).toBe(1);
  });

  // After an import, Terraform reads and then plans with the imported state as prior: any
  // attribute the import leaves null while the configuration (or a default) sets it is an update.
  it.each([
    ['only the user', alice],
    ['zone, expiry and on_existing_key at their defaults', config({ user: 'alice', zone: 'System', existing_key_expiry_minutes: 0, on_existing_key: 'fail' })],
    ['the default secret_name', config({ user: 'alice', secret_name: 'powerscale-s3-System-alice' })],
  ])('plans no change at all for an imported key whose secret is in the store, configured with %s', async (_what, cfg) => {
    const tf = await terraform();
    await applyOk(tf, null, alice);
    await tf.newRun();
    const { instance } = await tf.import('System/alice');
    const { action, plan } = await tf.action(instance, cfg);
    expect(action, JSON.stringify({ prior: instance?.state, planned: plan.plannedState })).toBe('no-op');
    expect(plan.diagnostics).toEqual([]);
    expect(mints()).toBe(1);
  });

  it('plans an update that mints nothing for an imported key configured with other arguments, then rotates on the next trigger change', async () => {
    const tf = await terraform();
    const created = await applyOk(tf, null, alice);
    await tf.newRun();
    const { instance } = await tf.import('System/alice');
    const cfg = config({ user: 'alice', existing_key_expiry_minutes: 30, adoption_expiry_minutes: 10, on_existing_key: 'take_over', rotation_triggers: { v: '1' } });
    const { action, plan } = await tf.action(instance, cfg);
    expect(action).toBe('update');
    // Recorded, not rotated: the timestamps stay known and the same.
    expect(plan.plannedState).toMatchObject({ existing_key_expiry_minutes: 30, rotation_triggers: { v: '1' }, secret_key_timestamp: created.state.secret_key_timestamp, old_key_expiry: created.state.old_key_expiry });
    expect(plan.diagnostics.map((d) => [d.severity, d.summary])).toEqual([['warning', 'S3 Key Rotation Triggers Recorded Without a Rotation']]);
    const applied = await applyOk(tf, instance, cfg);
    expect(mints()).toBe(1);
    expect((await tf.action(applied, cfg)).action).toBe('no-op');
    const next = config({ ...cfg, rotation_triggers: { v: '2' } });
    expect((await tf.plan(await tf.refresh(applied), next)).plannedState).toMatchObject({ secret_key_timestamp: UNKNOWN });
  });

  it('adopts, with a warning, the rotation_triggers first configured after an import whose plan was empty, and rotates on the next change', async () => {
    const tf = await terraform();
    const created = await applyOk(tf, null, alice);
    await tf.newRun();
    const { instance } = await tf.import('System/alice');
    // An empty plan applies nothing: Terraform keeps the state and private state the import's read returned.
    const quiet = await tf.run(instance, alice);
    expect(quiet.action).toBe('no-op');
    const v1 = config({ user: 'alice', rotation_triggers: { v: '1' } });
    const { action, plan } = await tf.action(quiet.instance, v1);
    expect(action).toBe('update');
    expect(plan.plannedState).toMatchObject({ secret_key_timestamp: created.state.secret_key_timestamp });
    expect(plan.diagnostics.find((d) => d.summary === 'S3 Key Rotation Triggers Recorded Without a Rotation')?.detail).toContain('Change rotation_triggers again to rotate the key');
    const recorded = await applyOk(tf, quiet.instance, v1);
    expect(mints()).toBe(1);
    const next = await tf.action(recorded, config({ user: 'alice', rotation_triggers: { v: '2' } }));
    expect(next.plan.plannedState).toMatchObject({ secret_key_timestamp: UNKNOWN });
    expect(next.plan.diagnostics).toEqual([]);
  });

  it('plans no change after a refresh for a key imported by an earlier version (existing_key_expiry_minutes and on_existing_key null), and still adopts configured triggers without minting', async () => {
    const tf = await terraform();
    const created = await applyOk(tf, null, alice);
    await tf.newRun();
    // What an earlier version's import stored: no defaults, no private state.
    const old = { state: { ...created.state, existing_key_expiry_minutes: null, on_existing_key: null }, private: EMPTY };
    expect((await tf.action(old, alice)).action).toBe('no-op');
    const withTriggers = config({ user: 'alice', rotation_triggers: { v: '1' } });
    const { action, plan } = await tf.action(old, withTriggers);
    expect(action).toBe('update');
    expect(plan.plannedState).toMatchObject({ secret_key_timestamp: created.state.secret_key_timestamp });
    // Without a refresh (plan -refresh=false), the stored stub still adopts the triggers.
    expect((await tf.plan(old, withTriggers)).plannedState).toMatchObject({ secret_key_timestamp: created.state.secret_key_timestamp });
    await applyOk(tf, old, withTriggers);
    expect(mints()).toBe(1);
  });

  it('plans a rotation when the store has no secret for the imported key', async () => {
    const tf = await terraform();
    sim.model.createKey('System', 'carol', { force: true, existingKeyExpiryMinutes: 0 });
    const { instance } = await tf.import('System/carol');
    const { action, plan } = await tf.action(instance, config({ user: 'carol' }));
    expect(action).toBe('update');
    expect(plan.plannedState).toMatchObject({ secret_key_timestamp: UNKNOWN });
    await applyOk(tf, instance, config({ user: 'carol' }));
    expectWorkingPair('System', 'carol', 'powerscale-s3-System-carol');
  });

  it('fails the import of a user without a key', async () => {
    const tf = await terraform();
    const { instance } = await tf.import('System/bob');
    expect(instance).toBeNull();
  });
});

describe('powerscale_s3_key: two resources, one key', () => {
  it('keeps the key and the secret of a create_before_destroy replacement when the deposed object is destroyed', async () => {
    const tf = await terraform();
    const old = await applyOk(tf, null, alice);
    await tf.newRun();
    // create_before_destroy: the replacement is created first (it mints over the same key) ...
    const replacement = await applyOk(tf, null, alice);
    // ... then the deposed object is destroyed, with its own state and private state.
    expect(await tf.destroy(old)).toEqual([]);
    expect(sim.model.getKey('System', 'alice')).toBeDefined();
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    expect((await tf.action(replacement, alice)).action).toBe('no-op');
  });

  it('keeps the key another resource minted in this run when an object of the same user under another secret_name is destroyed', async () => {
    // A resource renamed without a moved block (or replaced with a new secret_name): Terraform
    // creates the new object and destroys the old one in one run, in either order.
    const tf = await terraform();
    const old = await applyOk(tf, null, alice);
    await tf.newRun();
    await applyOk(tf, null, config({ user: 'alice', secret_name: 'alice-renamed' }));
    expect(await tf.destroy(old)).toEqual([]);
    expect(sim.model.getKey('System', 'alice')).toBeDefined();
    expectWorkingPair('System', 'alice', 'alice-renamed');
    expect(store.values.has('powerscale-s3-System-alice')).toBe(false);
  });

  it('never lets a destroy and a create of the same user interleave within one run', async () => {
    const tf = await terraform();
    const old = await applyOk(tf, null, alice);
    await tf.newRun();
    const renamed = config({ user: 'alice', secret_name: 'alice-renamed' });
    const plan = await tf.plan(null, renamed);
    // The destroy's store delete is slow, so without serialisation the create mints while the
    // destroy is in flight, and the destroy's key delete then lands after the mint.
    const { delete: storeDelete } = store;
    let destroyInFlight = (): void => {};
    const inFlight = new Promise<void>((resolve) => (destroyInFlight = resolve));
    store.delete = async (key, sig) => {
      destroyInFlight();
      await new Promise((resolve) => setTimeout(resolve, 50));
      return storeDelete.call(store, key, sig);
    };
    try {
      const destroying = tf.destroy(old);
      await inFlight;
      const created = await tf.server.applyResourceChange({ typeName: TYPE, priorState: null, plannedState: plan.plannedState, config: renamed, plannedPrivate: plan.plannedPrivate }, signal);
      expect(created.diagnostics).toEqual([]);
      expect(await destroying).toEqual([]);
    } finally {
      store.delete = storeDelete;
    }
    expectWorkingPair('System', 'alice', 'alice-renamed');
  });

  it('refuses a second resource for the same user in one run before it mints', async () => {
    const tf = await terraform();
    await applyOk(tf, null, alice);
    const second = await tf.run(null, config({ user: 'alice', secret_name: 'other-alice' }));
    expect(errors(second.diagnostics)).toEqual(['Two S3 Keys for One User']);
    expect(second.diagnostics[0]?.attribute).toEqual([{ attribute: 'user' }]);
    expect(mints()).toBe(1);
    expect(store.values.has('other-alice')).toBe(false);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('refuses to overwrite a secret_name another resource owns, and deletes the key it minted for nothing', async () => {
    const tf = await terraform();
    await applyOk(tf, null, config({ user: 'alice', secret_name: 'shared' }));
    const twice = await tf.run(null, config({ user: 'bob', secret_name: 'shared' }));
    expect(errors(twice.diagnostics)).toEqual(['Two S3 Keys for One Secret Name']);
    await tf.newRun();
    const later = await tf.run(null, config({ user: 'bob', secret_name: 'shared' }));
    expect(errors(later.diagnostics)).toEqual(['S3 Key Secret Owned by Another Resource']);
    expect(later.instance).toBeNull();
    expect(sim.model.getKey('System', 'bob')).toBeUndefined();
    expectWorkingPair('System', 'alice', 'shared');
  });

  it('plans a change with a warning for a resource whose key another resource took over, and never a no-op', async () => {
    const tf = await terraform();
    const first = await applyOk(tf, null, alice);
    await tf.newRun();
    // Another configuration (or a resource added later) manages the same user and name.
    await applyOk(tf, null, alice);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    const { action, plan } = await tf.action(first, alice);
    expect(action).toBe('update');
    expect(plan.diagnostics.map((d) => `${d.severity} ${d.summary}`)).toContain('warning S3 Key Secret Owned by Another Resource');
    await tf.newRun();
    const refused = await tf.run(first, alice);
    expect(errors(refused.diagnostics)).toEqual(['S3 Key Secret Owned by Another Resource']);
    expect(mints()).toBe(2);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('sees a rotation outside Terraform within the same second when it keeps the old secret', async () => {
    const tf = await terraform();
    sim.clock.freeze();
    try {
      const inst = await applyOk(tf, null, alice);
      sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 5 });
      expect(sim.model.getKey('System', 'alice')?.secret_key_timestamp).toBe(inst.state.secret_key_timestamp);
      const { action, refreshed } = await tf.action(inst, alice);
      expect(action).toBe('update');
      await tf.newRun();
      // The rotation mints in the same frozen second; that is its own doing, so it plans nothing after.
      const fixed = await applyOk(tf, refreshed, alice);
      expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
      expect((await tf.action(fixed, alice)).action).toBe('no-op');
    } finally {
      sim.clock.thaw();
    }
  });
});

describe('powerscale_s3_key: on_existing_key', () => {
  it('refuses by default to create over a key it does not manage, before minting, pointing at import and discover', async () => {
    const tf = await terraform();
    const outside = sim.model.createKey('System', 'bob', { force: true, existingKeyExpiryMinutes: 0 });
    const run = await tf.run(null, config({ user: 'bob' }));
    expect(errors(run.diagnostics)).toEqual(['S3 Key Already Exists']);
    expect(run.instance).toBeNull();
    expect(run.diagnostics[0]?.attribute).toEqual([{ attribute: 'on_existing_key' }]);
    const detail = run.diagnostics[0]?.detail ?? '';
    expect(detail).toContain(`access id ${outside.access_id}`);
    expect(detail).toContain('id = "System/bob"');
    expect(detail).toContain('cdktf-powerscale discover');
    expect(detail).toContain('on_existing_key = "take_over"');
    expect(mints()).toBe(0);
    expect(store.values.size).toBe(0);
    expect(sim.model.s3Authenticate(outside.access_id, outside.secret_key)).toBe(true);
  });

  it('refuses a key that appeared between plan and apply', async () => {
    const tf = await terraform();
    const plan = await tf.plan(null, alice);
    expect(errors(plan.diagnostics)).toEqual([]);
    const outside = sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    const applied = await tf.server.applyResourceChange({ typeName: TYPE, priorState: null, plannedState: plan.plannedState, config: alice, plannedPrivate: plan.plannedPrivate }, signal);
    expect(errors(applied.diagnostics)).toEqual(['S3 Key Already Exists']);
    expect(applied.newState).toBeNull();
    expect(sim.model.s3Authenticate(outside.access_id, outside.secret_key)).toBe(true);
  });

  it('counts a key whose secret the store holds under this secret_name or the default name as its own (replacements, renames)', async () => {
    const tf = await terraform();
    await applyOk(tf, null, config({ user: 'alice' }));
    await tf.newRun();
    // A rename without a moved block whose new object is created first: the old object's document is under the default name.
    await applyOk(tf, null, config({ user: 'alice', secret_name: 'alice-renamed' }));
    expectWorkingPair('System', 'alice', 'alice-renamed');
    await tf.newRun();
    // A create_before_destroy replacement under the same custom name.
    await applyOk(tf, null, config({ user: 'alice', secret_name: 'alice-renamed' }));
    expectWorkingPair('System', 'alice', 'alice-renamed');
    expect(mints()).toBe(2 + 1);
  });

  it('rejects values other than fail and take_over, naming both', async () => {
    const diags = await (await configuredServer()).validateResourceConfig(TYPE, config({ user: 'alice', on_existing_key: 'overwrite' }));
    expect(diags.map((d) => d.detail)).toEqual([expect.stringContaining('Expected one of "fail", "take_over", got "overwrite".')]);
  });

  it('changes on_existing_key alone without minting', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const changed = await tf.run(inst, config({ user: 'alice', on_existing_key: 'take_over' }));
    expect(changed.action).toBe('update');
    expect(changed.diagnostics).toEqual([]);
    expect(mints()).toBe(1);
  });
});

describe('powerscale_s3_key: a create killed midway (the minting marker)', () => {
  const MARKER = markerName('System', 'alice');
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

  /**
   * Does what a create killed between its mint and its store write leaves behind, from the real
   * code: the store write of the secret fails, the marker written before the mint is read back and
   * its writer made a process that no longer exists (the kill), and the state never hears of it.
   */
  async function killedAfterMint(tf: Terraform): Promise<{ accessId: string; secret: string }> {
    failWritesOf('powerscale-s3-System-alice');
    // The secret the killed run had in memory only: nobody holds it (a spy on the cluster sees it).
    const keys = sim.model.s3Keys;
    const create = keys.create.bind(keys);
    let secret = '';
    keys.create = (...args: Parameters<typeof create>) => {
      const created = create(...args);
      secret = created.secret_key;
      return created;
    };
    const failed = await tf.run(null, alice);
    keys.create = create;
    expect(errors(failed.diagnostics)).toEqual(['Unable to Create S3 Key']);
    store.createOrUpdate = plainWrite;
    const marker = decodeMarker(store.values.get(MARKER) ?? '');
    expect(marker).toMatchObject({ zone: 'System', user: 'alice', pid: process.pid, before: null });
    expect(Math.abs((marker?.time ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    store.values.set(MARKER, encodeMarker({ ...(marker as NonNullable<typeof marker>), pid: deadPid() }));
    const key = sim.model.getKey('System', 'alice');
    expect(key).toBeDefined();
    expect(sim.model.s3Authenticate(key?.access_id ?? '', secret)).toBe(true);
    return { accessId: key?.access_id ?? '', secret };
  }

  it('writes the marker before the mint and removes it once the secret is stored', async () => {
    const tf = await terraform();
    const seen: string[] = [];
    const write = store.createOrUpdate.bind(store);
    store.createOrUpdate = async (key, value, sig) => {
      seen.push(`${key} after ${mints()} mint(s)`);
      return write(key, value, sig);
    };
    await applyOk(tf, null, alice);
    expect(seen).toEqual([`${MARKER} after 0 mint(s)`, 'powerscale-s3-System-alice after 1 mint(s)']);
    expect(store.values.has(MARKER)).toBe(false);
  });

  it('answers before the marker is removed, and keeps the key locked until it is', async () => {
    const tf = await terraform();
    const events: string[] = [];
    let release = (): void => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const remove = store.delete.bind(store);
    store.delete = async (key, sig) => {
      if (key === MARKER) {
        // Held until the create has answered (or, if it waits for this delete, until a timer
        // gives up, so that the test fails on the order below instead of hanging).
        await Promise.race([released, new Promise((r) => setTimeout(r, 500))]);
        events.push('marker removed');
      } else events.push(`delete ${key}`);
      return remove(key, sig);
    };
    const plan = await tf.plan(null, alice);
    const applied = await tf.server.applyResourceChange({ typeName: TYPE, priorState: null, plannedState: plan.plannedState, config: alice, plannedPrivate: plan.plannedPrivate }, signal);
    events.push('create answered');
    expect(applied.diagnostics).toEqual([]);
    expect(store.values.has(MARKER)).toBe(true);
    // A destroy of the same user (a replacement's second half) waits for the key's lock.
    const destroyed = tf.destroy({ state: applied.newState as TfObject, private: applied.private });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['create answered']);
    expect(sim.model.getKey('System', 'alice')).toBeDefined();
    release();
    expect(errors(await destroyed)).toEqual([]);
    expect(events).toEqual(['create answered', 'marker removed', 'delete powerscale-s3-System-alice']);
    expect(store.values.size).toBe(0);
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
  });

  it('finishes removing the marker before a Shutdown closes the clients', async () => {
    const tf = await terraform();
    let removing: Promise<void> | undefined;
    const remove = store.delete.bind(store);
    store.delete = async (key, sig) => {
      if (key === MARKER) removing ??= new Promise((r) => setTimeout(r, 50));
      await removing;
      return remove(key, sig);
    };
    const plan = await tf.plan(null, alice);
    const applied = await tf.server.applyResourceChange({ typeName: TYPE, priorState: null, plannedState: plan.plannedState, config: alice, plannedPrivate: plan.plannedPrivate }, signal);
    expect(applied.diagnostics).toEqual([]);
    await tf.server.close();
    expect(removing).toBeDefined();
    expect(store.values.has(MARKER)).toBe(false);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });

  it('refuses nothing after a kill before the marker write: no key, no marker, a plain create', async () => {
    const tf = await terraform();
    await applyOk(tf, null, alice);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    expect(mints()).toBe(1);
  });

  it('mints normally after a kill between the marker and the mint, and replaces the stale marker', async () => {
    const tf = await terraform();
    store.values.set(MARKER, encodeMarker({ zone: 'System', user: 'alice', owner: 'b0b0b0b0-0000-4000-8000-000000000000', run: 'killed', host: hostname(), pid: deadPid(), time: Math.floor(Date.now() / 1000) - 5, before: null }));
    await applyOk(tf, null, alice);
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    expect(store.values.has(MARKER)).toBe(false);
  });

  it('takes over the key a create killed after its mint left unstored, ending its unknown secret at once', async () => {
    const tf = await terraform();
    const orphan = await killedAfterMint(tf);
    await tf.newRun();
    const inst = await applyOk(tf, null, alice);
    expect(inst.state).toMatchObject({ access_id: orphan.accessId });
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    expect(sim.model.s3Authenticate(orphan.accessId, orphan.secret)).toBe(false);
    expect(store.values.has(MARKER)).toBe(false);
    expect(mints()).toBe(2);
    expect((await tf.action(inst, alice)).action).toBe('no-op');
  });

  it('counts a key whose secret was stored before the kill as managed (killed after the store write, before state)', async () => {
    const tf = await terraform();
    await applyOk(tf, null, alice);
    const marker = store.values.get('powerscale-s3-System-alice');
    // The state is lost (the kill), the store keeps the document; a leftover marker changes nothing.
    store.values.set(MARKER, encodeMarker({ zone: 'System', user: 'alice', owner: 'b0b0b0b0-0000-4000-8000-000000000000', run: 'killed', host: hostname(), pid: deadPid(), time: Math.floor(Date.now() / 1000), before: null }));
    await tf.newRun();
    await applyOk(tf, null, alice);
    expect(marker).toBeDefined();
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
    expect(store.values.has(MARKER)).toBe(false);
  });

  it('refuses the key of a concurrent apply still running, before minting, and leaves its marker', async () => {
    const tf = await terraform();
    const outside = sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    const running = encodeMarker({ zone: 'System', user: 'alice', owner: 'b0b0b0b0-0000-4000-8000-000000000000', run: 'other-apply', host: hostname(), pid: process.pid, time: Math.floor(Date.now() / 1000), before: null });
    store.values.set(MARKER, running);
    const run = await tf.run(null, alice);
    expect(errors(run.diagnostics)).toEqual(['S3 Key Being Minted by Another Apply']);
    expect(run.diagnostics[0]?.detail).toContain(`process ${process.pid}`);
    expect(mints()).toBe(0);
    expect(store.values.get(MARKER)).toBe(running);
    expect(sim.model.s3Authenticate(outside.access_id, outside.secret_key)).toBe(true);
  });

  it('still refuses a key someone else made: one older than the marker, or one a marker left behind long ago cannot vouch for', async () => {
    const tf = await terraform();
    const outside = sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    const now = Math.floor(Date.now() / 1000);
    const stale = { zone: 'System', user: 'alice', owner: 'b0b0b0b0-0000-4000-8000-000000000000', run: 'killed', host: hostname(), pid: deadPid() };
    for (const marker of [
      { ...stale, time: now, before: outside.secret_key_timestamp },
      { ...stale, time: outside.secret_key_timestamp - MARKER_WINDOW_SECONDS - 60, before: null },
    ]) {
      store.values.set(MARKER, encodeMarker(marker));
      const run = await tf.run(null, alice);
      expect(errors(run.diagnostics)).toEqual(['S3 Key Already Exists']);
    }
    expect(mints()).toBe(0);
    expect(sim.model.s3Authenticate(outside.access_id, outside.secret_key)).toBe(true);
  });

  it('refuses a secret_name under the prefix reserved for markers, naming it', async () => {
    const diags = await (await configuredServer()).validateResourceConfig(TYPE, config({ user: 'alice', secret_name: MARKER }));
    expect(errors(diags)).toHaveLength(1);
    expect(diags[0]?.detail).toContain('reserved');
  });
});

describe('powerscale_s3_key: adoption and a store that cannot be written', () => {
  it('keeps the current secret valid for the adoption window when it rotates a key whose secret the store lacks, and says so in the plan', async () => {
    const tf = await terraform();
    const outside = sim.model.createKey('System', 'carol', { force: true, existingKeyExpiryMinutes: 0 });
    const { instance } = await tf.import('System/carol');
    const { plan } = await tf.action(instance, config({ user: 'carol' }));
    const warning = plan.diagnostics.find((d) => d.summary === 'S3 Key Rotation Keeps the Current Secret Valid');
    expect(warning?.severity).toBe('warning');
    expect(warning?.detail).toMatch(/the current secret stays valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ if applied now \(60 minutes after the apply: adoption_expiry_minutes\)/);
    const applied = await applyOk(tf, instance, config({ user: 'carol' }));
    expectWorkingPair('System', 'carol', 'powerscale-s3-System-carol');
    expect(sim.model.s3Authenticate(outside.access_id, outside.secret_key), 'the tenant key still works').toBe(true);
    expect(applied.state.old_key_expiry).toBe((applied.state.secret_key_timestamp as number) + 3600);
    sim.clock.advance(61 * 60_000);
    expect(sim.model.s3Authenticate(outside.access_id, outside.secret_key), 'after the window').toBe(false);
  });

  it('says until when the current secret stays valid when existing_key_expiry_minutes sets an adoption window, and warns when the window is 0', async () => {
    const tf = await terraform();
    sim.model.createKey('System', 'bob', { force: true, existingKeyExpiryMinutes: 0 });
    const { instance } = await tf.import('System/bob');
    const { plan } = await tf.action(instance, config({ user: 'bob', existing_key_expiry_minutes: 5 }));
    const kept = plan.diagnostics.find((d) => d.summary === 'S3 Key Rotation Keeps the Current Secret Valid');
    expect(kept?.detail).toMatch(/the current secret stays valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ if applied now \(5 minutes after the apply: existing_key_expiry_minutes\)/);
    const cut = (await tf.action(instance, config({ user: 'bob', adoption_expiry_minutes: 0 }))).plan.diagnostics;
    expect(cut.map((d) => d.summary)).toEqual(['S3 Key Rotation Cuts Off the Current Secret']);
    expect(cut[0]?.detail).toContain('adoption_expiry_minutes is 0: the current secret stops working when the apply mints the new one');
  });

  it('uses adoption_expiry_minutes, or existing_key_expiry_minutes when above zero, for a create that takes over an existing key', async () => {
    const tf = await terraform();
    const outside = sim.model.createKey('System', 'bob', { force: true, existingKeyExpiryMinutes: 0 });
    const bob = await applyOk(tf, null, config({ user: 'bob', adoption_expiry_minutes: 15, on_existing_key: 'take_over' }));
    expect(bob.state.old_key_expiry).toBe((bob.state.secret_key_timestamp as number) + 900);
    expect(sim.model.s3Authenticate(outside.access_id, outside.secret_key), 'the tenant secret right after the apply').toBe(true);
    expectWorkingPair('System', 'bob', 'powerscale-s3-System-bob');
    sim.model.createKey('System', 'carol', { force: true, existingKeyExpiryMinutes: 0 });
    const carol = await applyOk(tf, null, config({ user: 'carol', existing_key_expiry_minutes: 5, adoption_expiry_minutes: 15, on_existing_key: 'take_over' }));
    expect(carol.state.old_key_expiry).toBe((carol.state.secret_key_timestamp as number) + 300);
  });

  it('refuses a rotation before minting when the store cannot be written, so the working secret stays', async () => {
    const tf = await terraform();
    const inst = await applyOk(tf, null, alice);
    const before = stored('powerscale-s3-System-alice');
    store.readOnly = true;
    await tf.newRun();
    const failed = await tf.run(inst, config({ user: 'alice', rotation_triggers: { v: '2' } }));
    expect(errors(failed.diagnostics)).toEqual(['Unable to Update S3 Key']);
    expect(failed.diagnostics[0]?.detail).toContain('the store is read-only');
    expect(mints()).toBe(1);
    expect(sim.model.s3Authenticate(before?.access_id ?? '', before?.secret_key ?? '')).toBe(true);
    store.readOnly = false;
    await tf.newRun();
    await applyOk(tf, failed.instance, config({ user: 'alice', rotation_triggers: { v: '2' } }));
    expectWorkingPair('System', 'alice', 'powerscale-s3-System-alice');
  });
});

describe('default secret names', () => {
  it('are readable for plain names and hashed when the plain form would be ambiguous or invalid', () => {
    expect(defaultSecretName('System', 'alice')).toBe('powerscale-s3-System-alice');
    expect(defaultSecretName('System', 'svc-backup.01')).toBe('powerscale-s3-System-svc-backup.01');
    const dashed = defaultSecretName('a-b', 'c');
    expect(dashed).toMatch(/^powerscale-s3-a_b-c-[0-9a-f]{8}$/);
    expect(dashed).not.toBe(defaultSecretName('a', 'b-c'));
    expect(defaultSecretName('System', 'DOM$user')).toMatch(/^powerscale-s3-System-DOM_user-[0-9a-f]{8}$/);
    expect(defaultSecretName('System', 'DOM$user')).toBe(defaultSecretName('System', 'DOM$user'));
    expect(defaultSecretName('System', 'DOM$user')).not.toBe(defaultSecretName('System', 'DOM%user'));
    expect(defaultSecretName('z'.repeat(255), 'u'.repeat(104)).length).toBeLessThanOrEqual(256);
  });
});

describe('secret hygiene', () => {
  it('never shows a minted secret or the password in any answer, private state or log line', () => {
    harvest();
    expect(secretsSeen.size).toBeGreaterThan(10);
    const text = transcript.join('\n');
    expect(text.length).toBeGreaterThan(1000);
    for (const secret of secretsSeen) {
      if (secret.includes('x'.repeat(28)) || secret.includes('y'.repeat(28)) || secret === 'not json') continue;
      expect(text.includes(secret)).toBe(false);
    }
    expect(text).not.toContain(CANARY);
  });
});
