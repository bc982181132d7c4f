/**
 * The resource lifecycle suite against a real cluster (run by `npm run test:acceptance -- --config
 * FILE`; skipped, never passed, without a config). One Terraform workspace holds every resource
 * type, so each step is one terraform command for all of them: create → plan exit 0 → import
 * (import blocks) → plan exit 0 → update → plan exit 0 → destroy, then a check through the PAPI
 * client that every object is really gone. It speaks to the cluster only through its API (never a
 * simulator's control API or model): rehearsed against the simulator as if it were a cluster.
 *
 * What it creates, and removes again even when a step fails (docs/acceptance.md lists it): the
 * zone `<zonePrefix>zone` (base directory `<basePath>/<zonePrefix>zone`), in it the user
 * `<userPrefix>user` (minted password, S3 key), the group `<userPrefix>group`, the bucket
 * `<zonePrefix>bucket` and a directory quota on the bucket's directory; it changes the zone's S3
 * settings, and the cluster-wide ones only with `touchGlobalSettings`. Before creating anything it
 * refuses prefixes an existing zone, user, group or bucket starts with, and a basePath an existing
 * zone, bucket or quota uses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPapiClient,
  deleteBucket,
  deleteGroup,
  deleteQuota,
  deleteS3Key,
  deleteUser,
  deleteZone,
  getBucket,
  getGroup,
  getUser,
  getZone,
  isPapiError,
  listBuckets,
  listGroupMembers,
  listGroups,
  listQuotas,
  listUsers,
  listZones,
  lookupS3Key,
  type PapiClient,
} from '../../src/papi';
import { getS3GlobalSettings, getS3ZoneSettings, updateS3GlobalSettings, type S3GlobalSettings } from '../../src/papi/s3-settings';
import { createSecretStore } from '../../src/secrets/factory';
import type { SecretStore } from '../../src/secrets/types';
import { acceptanceConfigFromEnv, acceptanceNames, existingObjectsProblem, pathsInUseProblem, type AcceptanceConfig } from '../../scripts/acceptance/config';
import { createTerraformWorkspace, readState, resourceInstances, runTerraform, writeMainTf, type TerraformState, type TerraformWorkspace } from '../helpers/terraform';
import { acceptanceConfiguration, REIMPORTED, SETTLES_AFTER_IMPORT, type Phase } from './configuration';

const config = acceptanceConfigFromEnv();

/** Runs `work`; a 404 (the object is already gone) is success. */
async function ignoringGone(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(isPapiError(error) && error.status === 404)) throw error;
  }
}

/** True when `work` fails with the cluster's 404. */
async function isGone(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return false;
  } catch (error) {
    if (isPapiError(error) && error.status === 404) return true;
    throw error;
  }
}

/** Why the run must not start, from what the cluster holds now (names and paths only). */
async function startProblems(papi: PapiClient, cfg: AcceptanceConfig): Promise<string[]> {
  const zones = await listZones(papi);
  const users: string[] = [];
  const groups: string[] = [];
  const buckets: string[] = [];
  const paths = zones.map((z) => ({ what: `zone ${z.name}`, path: z.path }));
  for (const zone of zones) {
    // Filtered by the cluster (a zone with a directory provider may know millions of names); any
    // provider's user or group with the prefix refuses the run.
    users.push(...(await listUsers(papi, zone.name, { namePrefix: cfg.userPrefix })).map((u) => u.name));
    groups.push(...(await listGroups(papi, zone.name, { filter: cfg.userPrefix })).map((g) => g.name));
    for (const bucket of await listBuckets(papi, zone.name)) {
      buckets.push(bucket.name);
      paths.push({ what: `bucket ${bucket.name}`, path: bucket.path });
    }
  }
  for (const quota of await listQuotas(papi)) paths.push({ what: `${quota.type} quota`, path: quota.path });
  const bucketStem = acceptanceNames(cfg).bucket.slice(0, -'bucket'.length);
  return [
    existingObjectsProblem('zonePrefix', cfg.zonePrefix, zones.map((z) => z.name)),
    existingObjectsProblem('userPrefix', cfg.userPrefix, users),
    existingObjectsProblem('userPrefix', cfg.userPrefix, groups),
    existingObjectsProblem('zonePrefix (as a bucket name)', bucketStem, buckets),
    pathsInUseProblem(cfg.basePath, paths),
  ].filter((p): p is string => p !== undefined);
}

/** The provider's `secret_store` block (HCL names) as the secrets factory takes it. */
function storeOf(block: Readonly<Record<string, unknown>>): SecretStore {
  const s = (k: string) => (typeof block[k] === 'string' ? (block[k] as string) : undefined);
  return createSecretStore({
    type: block.type === 'dap' ? 'dap' : 'file',
    ...(s('path') === undefined ? {} : { path: s('path') }),
    ...(s('url') === undefined ? {} : { url: s('url') }),
    ...(s('tenant') === undefined ? {} : { tenant: s('tenant') }),
    ...(s('credentials_file') === undefined ? {} : { credentialsFile: s('credentials_file') }),
    ...(s('ca_cert_file') === undefined ? {} : { caCertFile: s('ca_cert_file') }),
    ...(typeof block.insecure === 'boolean' ? { insecure: block.insecure } : {}),
  });
}

/** The values a settings resource remembered to put back, from its private state (`{"restore": {...}}`, at any depth). */
function remembered(state: TerraformState | undefined, type: string): Record<string, unknown> | undefined {
  const encoded = resourceInstances(state, type, 'this')[0]?.private;
  if (encoded === undefined) return undefined;
  const find = (v: unknown): Record<string, unknown> | undefined => {
    if (v === null || typeof v !== 'object') return undefined;
    const r = v as Record<string, unknown>;
    if (r.restore !== null && typeof r.restore === 'object') return r.restore as Record<string, unknown>;
    for (const child of Object.values(r)) {
      const hit = find(child);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  return find(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as unknown);
}

describe.runIf(config !== undefined)('acceptance: every resource type on a real cluster', () => {
  // Read only in hooks and tests, which run only with a config (the body itself always runs).
  const cfg = config as AcceptanceConfig;
  const names = acceptanceNames(config ?? { zonePrefix: 'x', userPrefix: 'x', basePath: '/ifs/x/x' });
  let papi: PapiClient;
  let ws: TerraformWorkspace | undefined;
  let storeDir: string | undefined;
  let store: SecretStore | undefined;
  /** Set once the checks passed: from then on, afterAll removes what carries the run's names. */
  let started = false;
  /** The cluster-wide S3 settings before the run, when the config lets it touch them. */
  let globalBefore: S3GlobalSettings | undefined;
  /** The secret names the run's state held (kept: an import step forgets them for a while). */
  const secretNames = new Set<string>();

  beforeAll(async () => {
    papi = createPapiClient({ endpoint: cfg.endpoint, username: cfg.username, password: readFileSync(cfg.passwordFile, 'utf8').trim(), caCertFile: cfg.caCertFile });
    const problems = await startProblems(papi, cfg);
    if (problems.length > 0) throw new Error(`refusing to run: ${problems.join('; ')}`);
    if (cfg.touchGlobalSettings) globalBefore = await getS3GlobalSettings(papi);
    started = true;
    ws = createTerraformWorkspace();
    storeDir = mkdtempSync(join(tmpdir(), 'acceptance-store-'));
  }, 300_000);

  afterAll(async () => {
    for (const name of secretNamesIn(ws === undefined ? undefined : readState(ws))) secretNames.add(name);
    // Every step runs even when one before it fails; the failures are reported together at the end.
    const failures: string[] = [];
    const attempt = async (what: string, work: () => Promise<unknown>) => {
      try {
        await ignoringGone(work);
      } catch (error) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    if (started) {
      // Dependents first; every name carries a prefix no object had when the run began.
      await attempt(`delete the S3 key of ${names.user}`, () => deleteS3Key(papi, names.zone, names.user));
      await attempt(`delete bucket ${names.bucket}`, () => deleteBucket(papi, names.zone, names.bucket));
      await attempt(`delete the quotas on ${names.bucketPath}`, async () => {
        for (const quota of await listQuotas(papi, { path: names.bucketPath })) await ignoringGone(() => deleteQuota(papi, quota.id));
      });
      await attempt(`delete group ${names.group}`, () => deleteGroup(papi, names.zone, names.group));
      await attempt(`delete user ${names.user}`, () => deleteUser(papi, names.zone, names.user));
      await attempt(`delete zone ${names.zone}`, () => deleteZone(papi, names.zone));
      const before = globalBefore;
      if (before !== undefined) {
        await attempt('put back the global S3 settings', async () => {
          if ((await getS3GlobalSettings(papi)).httpsOnly !== before.httpsOnly) await updateS3GlobalSettings(papi, { httpsOnly: before.httpsOnly });
        });
      }
      for (const name of secretNames) await attempt(`delete secret ${name}`, async () => store?.delete(name));
    }
    await attempt('close the secret store', async () => store?.close());
    ws?.cleanup();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
    await papi?.close();
    if (failures.length > 0) throw new Error(`clean-up incomplete: ${failures.join('; ')}`);
  }, 300_000);

  it('creates, imports, updates and destroys every resource type in one workspace, each plan in between clean', async () => {
    const workspace = ws as TerraformWorkspace;
    const storeBlock = cfg.secretStore ?? { type: 'file', path: join(storeDir as string, 'secrets.json') };
    store = storeOf(storeBlock);
    const write = (phase: Phase) => writeMainTf(workspace, acceptanceConfiguration(phase, { config: cfg, names, store: storeBlock, httpsOnlyBefore: globalBefore?.httpsOnly }));
    const step = async (label: string, args: string[], expected: number) => {
      const run = await runTerraform(workspace, [...args, '-no-color'], { timeoutMs: 1_200_000 });
      expect(run.code, `${label}: terraform ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(expected);
      return run;
    };
    const attributes = (type: string) => resourceInstances(readState(workspace), type, 'this')[0]?.attributes ?? {};
    const secret = async (name: unknown) => JSON.parse((await store?.get(String(name))) ?? 'null') as Record<string, unknown> | null;

    // Create: every type in one apply.
    write('create');
    await step('create', ['apply', '-input=false', '-auto-approve'], 0);
    await step('clean after create', ['plan', '-input=false', '-detailed-exitcode'], 0);
    expect((await getZone(papi, names.zone)).path).toBe(names.zonePath);
    const password1 = await secret(attributes('powerscale_user').password_secret_name);
    expect(password1).toMatchObject({ zone: names.zone, username: names.user });
    expect(typeof password1?.password === 'string' && password1.password !== '').toBe(true);
    const key1 = await secret(attributes('powerscale_s3_key').secret_name);
    expect(key1?.access_id).toBe(attributes('powerscale_s3_key').access_id);
    const lookup1 = await lookupS3Key(papi, names.zone, names.user);
    expect(lookup1.kind === 'key' ? lookup1.key.accessId : lookup1.kind).toBe(key1?.access_id);
    for (const name of secretNamesIn(readState(workspace))) secretNames.add(name);
    const zoneSettingsBefore = remembered(readState(workspace), 'powerscale_s3_zone_settings');
    expect(zoneSettingsBefore, 'powerscale_s3_zone_settings remembers the value it changed').toHaveProperty('objectAclPolicy');
    expect((await getS3ZoneSettings(papi, names.zone)).objectAclPolicy).toBe('deny');

    // Import: forget every object, import it back with import blocks (the singletons into second addresses).
    await step('forget', ['state', 'rm', ...REIMPORTED], 0);
    write('import');
    await step('import planned', ['plan', '-input=false', '-detailed-exitcode', '-out=import.tfplan'], 2);
    const shown = await step('import plan as JSON', ['show', '-json', 'import.tfplan'], 0);
    const changes = (JSON.parse(shown.stdout) as { resource_changes?: { address: string; type: string; change: { actions: string[]; importing?: unknown } }[] }).resource_changes ?? [];
    const imported = changes.filter((c) => c.change.importing !== undefined).map((c) => c.address).sort();
    expect(imported).toEqual([...REIMPORTED, 'powerscale_s3_zone_settings.imported', ...(globalBefore === undefined ? [] : ['powerscale_s3_global_settings.imported'])].sort());
    for (const c of changes) {
      const allowed = c.change.importing !== undefined && c.type in SETTLES_AFTER_IMPORT ? [['no-op'], ['update']] : [['no-op']];
      expect(allowed, `${c.address}: ${c.change.actions.join(',')} after the import`).toContainEqual(c.change.actions);
    }
    const settled = changes.filter((c) => c.change.actions.includes('update')).map((c) => c.address);
    console.info(`[acceptance] import: ${imported.length} imported; settling update for ${settled.join(', ') || 'none'}`);
    await step('import', ['apply', '-input=false', 'import.tfplan'], 0);
    await step('clean after import', ['plan', '-input=false', '-detailed-exitcode'], 0);
    // The settling updates wrote nothing new: the same password and key.
    expect(await secret(attributes('powerscale_user').password_secret_name)).toEqual(password1);
    expect(await secret(attributes('powerscale_s3_key').secret_name)).toEqual(key1);

    // Update: a change to every type, then a clean plan.
    write('update');
    await step('update', ['apply', '-input=false', '-auto-approve'], 0);
    await step('clean after update', ['plan', '-input=false', '-detailed-exitcode'], 0);
    const password2 = await secret(attributes('powerscale_user').password_secret_name);
    expect(password2).toMatchObject({ zone: names.zone, username: names.user });
    expect(password2?.password, 'password_triggers set a new password').not.toBe(password1?.password);
    expect((await getUser(papi, names.zone, names.user))?.gecos).toBe('tfacc rotated');
    const key2 = await secret(attributes('powerscale_s3_key').secret_name);
    expect(key2?.access_id, 'a rotation keeps the access id').toBe(key1?.access_id);
    expect(key2?.secret_key, 'rotation_triggers minted a new secret').not.toBe(key1?.secret_key);
    expect((await listGroupMembers(papi, names.zone, names.group)).map((m) => m.name)).toEqual([names.user]);
    expect(await getBucket(papi, names.zone, names.bucket)).toMatchObject({ description: 'tfacc updated', objectAclPolicy: 'deny', path: names.bucketPath });
    const [quota] = await listQuotas(papi, { path: names.bucketPath, type: 'directory' });
    expect(quota?.thresholds).toMatchObject({ hard: 21474836480, advisory: null });
    // object_acl_policy left the configuration: its remembered value is back.
    expect(await getS3ZoneSettings(papi, names.zone)).toMatchObject({ objectAclPolicy: zoneSettingsBefore?.objectAclPolicy, useMd5ForEtag: true });
    if (globalBefore !== undefined) expect((await getS3GlobalSettings(papi)).httpsOnly).toBe(!globalBefore.httpsOnly);

    // Destroy, and every object is gone on the cluster (the cluster-wide settings as they were).
    await step('destroy', ['destroy', '-input=false', '-auto-approve'], 0);
    expect(readState(workspace)?.resources.filter((r) => r.mode === 'managed') ?? []).toEqual([]);
    expect((await lookupS3Key(papi, names.zone, names.user)).kind).toBe('gone');
    expect(await getUser(papi, names.zone, names.user)).toBeUndefined();
    expect(await isGone(() => getGroup(papi, names.zone, names.group))).toBe(true);
    expect(await isGone(() => getBucket(papi, names.zone, names.bucket))).toBe(true);
    expect(await listQuotas(papi, { path: names.bucketPath })).toEqual([]);
    expect(await isGone(() => getZone(papi, names.zone))).toBe(true);
    if (globalBefore !== undefined) expect(await getS3GlobalSettings(papi)).toEqual(globalBefore);
    expect(secretNames.size).toBe(2);
    for (const name of secretNames) expect(await store.exists(name), `${name} left in the secret store`).toBe(false);
  });
});

/** The secret names a state holds (the user's password, the key's secret), for clean-up after a failure. */
function secretNamesIn(state: TerraformState | undefined): string[] {
  const out: string[] = [];
  for (const [type, attribute] of [['powerscale_user', 'password_secret_name'], ['powerscale_s3_key', 'secret_name']] as const) {
    const name = resourceInstances(state, type, 'this')[0]?.attributes[attribute];
    if (typeof name === 'string' && name !== '') out.push(name);
  }
  return out;
}
