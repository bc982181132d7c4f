/**
 * What a change means for the people on the other side of the cluster: tenants whose S3 keys are
 * minted, rotated, replaced or deleted. One sentence per resource change, built only from values
 * that {@link ./values} has cleared as safe to print.
 */
import { classify, kindOf } from './classify';
import { explainS3Settings, isS3SettingsChange } from './explain-s3-settings';
import type { ResourceChange } from './plan-document';
import { explainQuota, isQuotaUsageOnly } from './quota';
import { changedAttributes, code, formatSafeValue, knownString, markerContainsTrue, markerFor } from './values';

const DEFAULT_ZONE = 'System';

/** `<zone>/<user>` of an S3 key change, from whichever side knows it. */
function tenantOf(rc: ResourceChange): string {
  const side = rc.after !== null ? { v: rc.after, s: rc.afterSensitive, u: rc.afterUnknown } : { v: rc.before, s: rc.beforeSensitive, u: undefined };
  const user = knownString(side.v, 'user', side.s, side.u) ?? knownString(rc.before, 'user', rc.beforeSensitive);
  const zone = knownString(side.v, 'zone', side.s, side.u) ?? DEFAULT_ZONE;
  return user === undefined ? 'a user known after apply' : code(`${zone}/${user}`);
}

function secretNameOf(value: unknown, sensitive: unknown, unknown?: unknown): string {
  const name = knownString(value, 'secret_name', sensitive, unknown);
  return name === undefined ? 'a name derived by the provider' : code(name);
}

/** The adoption window the provider uses when `adoption_expiry_minutes` is absent from the plan. */
const DEFAULT_ADOPTION_MINUTES = 60;

function minutesAttr(rc: ResourceChange, name: string): number | undefined {
  const text = knownString(rc.after, name, rc.afterSensitive, rc.afterUnknown);
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** `2026-11-25T09:23:44Z`: the plan's time plus the window, to the second. */
function addMinutes(plannedAt: string, minutes: number): string | undefined {
  const at = Date.parse(plannedAt);
  if (Number.isNaN(at)) return undefined;
  return new Date(at + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * How long the current secret keeps working after the rotation, as the provider decides it: a
 * rotation asked for (rotation_triggers changed) uses existing_key_expiry_minutes as configured; an
 * adoption (anything else: the store holds no usable secret) uses it when above 0, else
 * adoption_expiry_minutes (default 60). The window counts from the apply, so the time shown is the
 * plan's time plus the window: the earliest the secret can stop.
 */
function gracePeriod(rc: ResourceChange, triggered: boolean, plannedAt: string | undefined): string {
  const configured = minutesAttr(rc, 'existing_key_expiry_minutes') ?? 0;
  const adoption = !triggered && configured <= 0;
  const minutes = adoption ? (minutesAttr(rc, 'adoption_expiry_minutes') ?? DEFAULT_ADOPTION_MINUTES) : configured;
  if (minutes <= 0) return 'the previous secret stops working immediately';
  const source = code(adoption ? 'adoption_expiry_minutes' : 'existing_key_expiry_minutes');
  const span = `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const until = plannedAt === undefined ? undefined : addMinutes(plannedAt, minutes);
  if (until === undefined) return `the current secret stays valid for ${span} after the apply (${source})`;
  return `the current secret stays valid until ${until} if applied when planned (${span} counted from the apply: ${source})`;
}

function isRotation(rc: ResourceChange): boolean {
  const triggersChanged = changedAttributes(rc).some((d) => d.name === 'rotation_triggers');
  const reminted = ['access_id', 'secret_key_timestamp'].some((n) => markerContainsTrue(markerFor(rc.afterUnknown, n)));
  return triggersChanged || reminted;
}

function replaceCause(rc: ResourceChange): string {
  const attrs = [...new Set(rc.replacePaths.map((p) => p[0]).filter((s): s is string => typeof s === 'string'))];
  if (attrs.length > 0) return ` because ${attrs.map((a) => code(a)).join(', ')} changed`;
  if (rc.actionReason === 'replace_by_request') return ' because replacement was requested (-replace)';
  if (rc.actionReason === 'replace_because_tainted') return ' because the key is tainted (a previous apply failed part-way)';
  return '';
}

function explainS3Key(rc: ResourceChange, plannedAt: string | undefined): string {
  const tenant = tenantOf(rc);
  switch (classify(rc.actions)) {
    case 'create':
      return `Mints an S3 key for ${tenant}; the secret goes to the secret store as ${secretNameOf(rc.after, rc.afterSensitive, rc.afterUnknown)}.`;
    case 'update': {
      if (isRotation(rc)) {
        // Triggers unchanged: the provider's read found the stored secret no longer working.
        const triggered = changedAttributes(rc).some((d) => d.name === 'rotation_triggers');
        const cause = triggered ? '' : ' because the secret in the store no longer works (the key was rotated outside Terraform, or the secret is missing)';
        return `**Rotation**${cause}: mints a new secret for ${tenant} (same access id); ${gracePeriod(rc, triggered, plannedAt)}. The tenant must re-read ${secretNameOf(rc.after, rc.afterSensitive, rc.afterUnknown)} from the secret store.`;
      }
      const diffs = changedAttributes(rc);
      if (diffs.some((d) => d.name === 'secret_name')) {
        return `Moves the secret of ${tenant} from ${secretNameOf(rc.before, rc.beforeSensitive)} to ${secretNameOf(rc.after, rc.afterSensitive, rc.afterUnknown)}; no new secret is minted, but the tenant must read it from the new name.`;
      }
      return `Updates ${tenant} in place (${diffs.map((d) => code(d.name)).join(', ') || 'no visible attribute'}); no new secret is minted.`;
    }
    case 'replace': {
      const order = rc.actions[0] === 'create' ? 'The new key is minted before the old one is deleted.' : 'The old key is deleted first: the tenant has no working key until the new secret is read.';
      return `**Replacement**${replaceCause(rc)}: deletes the key of ${tenantOf({ ...rc, after: null })} and mints a new access id and secret for ${tenant}. ${order}`;
    }
    case 'delete': {
      const accessId = knownString(rc.before, 'access_id', rc.beforeSensitive);
      return `**Deletes** the key of ${tenant}: applications using access id ${accessId === undefined ? '(unknown)' : code(accessId)} lose access, and ${secretNameOf(rc.before, rc.beforeSensitive)} is removed from the secret store.`;
    }
    case 'forget':
      return `Stops managing the key of ${tenant}; the key and its secret stay on the cluster and in the store.`;
    default:
      return '';
  }
}

function explainCluster(rc: ResourceChange): string {
  const name = knownString(rc.before, 'name', rc.beforeSensitive) ?? knownString(rc.after, 'name', rc.afterSensitive, rc.afterUnknown);
  const which = name === undefined ? 'the cluster' : `cluster ${code(name)}`;
  switch (classify(rc.actions)) {
    case 'create':
      return `Connects to ${which} and records its identity (GUID, name, OneFS version); nothing changes on the cluster.`;
    case 'update':
      return `Updates the recorded identity of ${which}; nothing changes on the cluster.`;
    case 'replace':
      return `Re-records the identity of ${which}${replaceCause(rc)}; nothing changes on the cluster, but keys that depend on it are planned again.`;
    case 'delete':
      return `Forgets ${which}; nothing changes on the cluster.`;
    default:
      return '';
  }
}

/** `<zone>/<name>` of a bucket change, from whichever side knows it. */
function bucketOf(rc: ResourceChange, side: 'before' | 'after'): string {
  const v = side === 'after' ? { v: rc.after, s: rc.afterSensitive, u: rc.afterUnknown } : { v: rc.before, s: rc.beforeSensitive, u: undefined };
  const name = knownString(v.v, 'name', v.s, v.u);
  const zone = knownString(v.v, 'zone', v.s, v.u) ?? DEFAULT_ZONE;
  return name === undefined ? 'a bucket named after apply' : code(`${zone}/${name}`);
}

function bucketPathOf(rc: ResourceChange, side: 'before' | 'after'): string {
  const path = side === 'after' ? knownString(rc.after, 'path', rc.afterSensitive, rc.afterUnknown) : knownString(rc.before, 'path', rc.beforeSensitive);
  return path === undefined ? 'its directory' : code(path);
}

/**
 * A bucket in the tenant's terms: the S3 name applications use, and the directory that holds the
 * objects. The API never deletes that directory, so a deletion or replacement says the data stays.
 */
function explainS3Bucket(rc: ResourceChange): string {
  const bucket = bucketOf(rc, rc.after !== null ? 'after' : 'before');
  switch (classify(rc.actions)) {
    case 'create':
      return `Creates the S3 bucket ${bucket} on ${bucketPathOf(rc, 'after')}; applications can use it once the apply finishes.`;
    case 'update': {
      const diffs = changedAttributes(rc);
      return `Updates the bucket ${bucket} in place (${diffs.map((d) => code(d.name)).join(', ') || 'no visible attribute'}); its objects are untouched.`;
    }
    case 'replace': {
      const attrs = [...new Set(rc.replacePaths.map((p) => p[0]).filter((x): x is string => typeof x === 'string'))];
      const cause = attrs.length > 0 ? ` because ${attrs.map((a) => code(a)).join(', ')} changed` : rc.actionReason === 'replace_by_request' ? ' because replacement was requested (-replace)' : '';
      const order = rc.actions[0] === 'create' ? 'The new bucket is created before the old one is deleted.' : 'Applications lose the bucket between the delete and the create.';
      return `**Replacement**${cause}: deletes the bucket ${bucketOf(rc, 'before')} and creates ${bucket} on ${bucketPathOf(rc, 'after')}. The data stays on disk: the objects under ${bucketPathOf(rc, 'before')} are not deleted (a bucket on another path does not show them). ${order}`;
    }
    case 'delete':
      return `**Deletes** the bucket ${bucket}: S3 applications lose access to it, but its directory ${bucketPathOf(rc, 'before')} and the objects in it stay on disk.`;
    case 'forget':
      return `Stops managing the bucket ${bucket}; it stays on the cluster.`;
    default:
      return '';
  }
}

/**
 * One sentence on what the change means for tenants, or `''` when there is nothing to say.
 * `plannedAt` is the plan's `timestamp` (RFC 3339); with it a rotation's grace window is said as a
 * time of day.
 */
export function explain(rc: ResourceChange, plannedAt?: string): string {
  if (rc.mode !== 'managed') return '';
  if (kindOf(rc) === 'import') return explainImport(rc);
  const text = explainChange(rc, plannedAt);
  if (rc.importing === undefined) return text;
  return `Imports ${importIdOf(rc)}, then: ${text || 'updates it in place.'}`;
}

function explainChange(rc: ResourceChange, plannedAt: string | undefined): string {
  if (rc.type === 'powerscale_s3_key') return explainS3Key(rc, plannedAt);
  if (rc.type === 'powerscale_cluster') return explainCluster(rc);
  if (rc.type === 'powerscale_s3_bucket') return explainS3Bucket(rc);
  if (rc.type === 'powerscale_quota') return explainQuota(rc);
  if (isS3SettingsChange(rc)) return explainS3Settings(rc);
  return '';
}

function importIdOf(rc: ResourceChange): string {
  return rc.importing === undefined || rc.importing.id === '' ? 'the object' : code(rc.importing.id);
}

/**
 * An import that changes nothing else: the object comes under Terraform's management as it is.
 * For an S3 key that means its secret is already in the store under its secret_name (else the
 * provider plans a rotation, and the change is an update).
 */
function explainImport(rc: ResourceChange): string {
  if (rc.type === 'powerscale_s3_key') {
    return `Imports the key of ${tenantOf(rc)} as it is: its secret is already in the secret store as ${secretNameOf(rc.after, rc.afterSensitive, rc.afterUnknown)}, so nothing is minted and the tenant's secret keeps working.`;
  }
  return `Imports ${importIdOf(rc)} as it is; nothing changes on the cluster.`;
}

/** True when the change touches a tenant's working credentials (rotation, replacement, deletion). */
export function affectsTenants(rc: ResourceChange): boolean {
  if (rc.type !== 'powerscale_s3_key' || rc.mode !== 'managed') return false;
  const kind = classify(rc.actions);
  return kind === 'replace' || kind === 'delete' || (kind === 'update' && isRotation(rc));
}

/** The kind of change a reviewer is told about before anything else. */
export type RiskKind = 'credentials' | 'deletes';

/** One change that breaks working credentials or deletes something, with a short label. */
export interface RiskyChange {
  readonly kind: RiskKind;
  readonly address: string;
  /** `rotation`, `replacement` or `deletion`. */
  readonly what: string;
}

/**
 * The changes a warning must name: everything that touches tenants' working S3 credentials, and
 * every deletion or replacement of another managed resource (a bucket, a zone, a quota: data or
 * configuration on the cluster can be lost). `powerscale_cluster` is left out: it never changes the
 * cluster.
 */
export function riskyChanges(changes: readonly ResourceChange[]): RiskyChange[] {
  const out: RiskyChange[] = [];
  for (const rc of changes) {
    if (rc.mode !== 'managed') continue;
    const kind = classify(rc.actions);
    const what = kind === 'replace' ? 'replacement' : kind === 'delete' ? 'deletion' : 'rotation';
    if (affectsTenants(rc)) out.push({ kind: 'credentials', address: rc.address, what });
    else if ((kind === 'delete' || kind === 'replace') && rc.type !== 'powerscale_cluster') out.push({ kind: 'deletes', address: rc.address, what });
  }
  return out;
}

/**
 * What refresh found changed outside Terraform (one `resource_drift` entry), in one sentence built
 * only from values {@link ./values} has cleared. A rotated or deleted S3 key is said in the tenant's
 * terms; anything else lists the attributes that moved.
 */
export function explainDrift(rc: ResourceChange): string {
  const gone = rc.after === null || classify(rc.actions) === 'delete';
  if (rc.type === 'powerscale_s3_key' && rc.mode === 'managed') {
    const tenant = tenantOf({ ...rc, after: null });
    if (gone) return `The key of ${tenant} was deleted outside Terraform (or its user or zone is gone); its secret in the store no longer works.`;
    const names = changedAttributes(rc).map((d) => d.name);
    if (names.includes('access_id')) return `The key of ${tenant} was replaced outside Terraform: it has a new access id, and the secret ${secretNameOf(rc.before, rc.beforeSensitive)} in the store no longer works.`;
    if (names.includes('secret_key_timestamp')) return `The key of ${tenant} was rotated outside Terraform (its \`secret_key_timestamp\` changed): the secret ${secretNameOf(rc.before, rc.beforeSensitive)} in the store no longer matches it.`;
  }
  if (rc.type === 'powerscale_s3_bucket' && rc.mode === 'managed' && gone) {
    return `The bucket ${bucketOf(rc, 'before')} was deleted outside Terraform (its data stays under ${bucketPathOf(rc, 'before')}); the plan creates it again on the same path.`;
  }
  if (gone) return 'Deleted outside Terraform.';
  const diffs = changedAttributes(rc).filter((d) => !(rc.type === 'powerscale_quota' && isQuotaUsageOnly(d.name)));
  if (diffs.length === 0 && rc.type === 'powerscale_quota') return 'Its usage changed (data was written or removed); usage is never a change to apply.';
  if (diffs.length === 0) return 'Changed outside Terraform (no visible attribute).';
  return `Changed outside Terraform: ${diffs.map((d) => `${code(d.name)} ${formatSafeValue(d.before)} → ${formatSafeValue(d.after)}`).join(', ')}.`;
}
