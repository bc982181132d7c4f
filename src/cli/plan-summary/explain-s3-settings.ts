/**
 * What a change of `powerscale_s3_zone_settings` or `powerscale_s3_global_settings` means for
 * tenants. These are singletons: nothing is created or deleted on the cluster. A create takes over
 * the configured settings (remembering their values), a delete puts the remembered values back, and
 * a global change can cut every tenant off (service off, HTTPS only, a new port): the sentence says so.
 */
import { classify } from './classify';
import type { ResourceChange } from './plan-document';
import { changedAttributes, code, formatSafeValue, knownString, type AttributeDiff } from './values';

const ZONE_TYPE = 'powerscale_s3_zone_settings';
const GLOBAL_TYPE = 'powerscale_s3_global_settings';
const BOOKKEEPING = new Set(['id', 'zone', 'restore_on_destroy']);

/** True for the two S3 settings types. */
export function isS3SettingsChange(rc: ResourceChange): boolean {
  return rc.mode === 'managed' && (rc.type === ZONE_TYPE || rc.type === GLOBAL_TYPE);
}

function whose(rc: ResourceChange, side: 'before' | 'after'): string {
  if (rc.type === GLOBAL_TYPE) return "the cluster's S3 service settings";
  const zone = side === 'after' ? knownString(rc.after, 'zone', rc.afterSensitive, rc.afterUnknown) : knownString(rc.before, 'zone', rc.beforeSensitive);
  return `the S3 settings of zone ${code(zone ?? 'System')}`;
}

function settingDiffs(rc: ResourceChange): AttributeDiff[] {
  return changedAttributes(rc).filter((d) => !BOOKKEEPING.has(d.name));
}

function isValue(d: AttributeDiff, text: string): boolean {
  return d.after.kind === 'value' && d.after.text === text;
}

/** The tenant-facing consequences of the new values (global: who loses access; zone: what new buckets get). */
function consequences(rc: ResourceChange, diffs: readonly AttributeDiff[]): string[] {
  const out: string[] = [];
  for (const d of diffs) {
    if (d.name === 'service' && isValue(d, 'false')) out.push('**the S3 service stops for every tenant of the cluster**');
    if (d.name === 'https_only' && isValue(d, 'true')) out.push('tenants using plain HTTP are refused');
    if ((d.name === 'http_port' || d.name === 'https_port') && d.after.kind === 'value') out.push(`S3 clients must use port ${d.after.text} for ${d.name === 'http_port' ? 'HTTP' : 'HTTPS'}`);
    if (rc.type === ZONE_TYPE && d.after.kind === 'value') {
      if (d.name === 'object_acl_policy') out.push(`new buckets of the zone default to the ${code(d.after.text)} object ACL policy`);
      if (d.name === 'root_path') out.push(`new buckets of the zone go under ${code(d.after.text)}`);
      if (d.name === 'base_domain') out.push('virtual-host-style bucket addresses change with the base domain');
    }
  }
  return out;
}

function listed(diffs: readonly AttributeDiff[]): string {
  return diffs.map((d) => `${code(d.name)} ${formatSafeValue(d.before)} → ${formatSafeValue(d.after)}`).join(', ');
}

function withConsequences(sentence: string, rc: ResourceChange, diffs: readonly AttributeDiff[]): string {
  const more = consequences(rc, diffs);
  return more.length === 0 ? sentence : `${sentence} For tenants: ${more.join('; ')}.`;
}

/** One sentence on an S3 settings change, or `''` for a type this module does not know. */
export function explainS3Settings(rc: ResourceChange): string {
  if (!isS3SettingsChange(rc)) return '';
  switch (classify(rc.actions)) {
    case 'create': {
      const set = settingDiffs(rc).filter((d) => d.after.kind !== 'null');
      const names = set.map((d) => code(d.name)).join(', ') || 'no setting';
      return withConsequences(`Takes over ${whose(rc, 'after')} (${names}); nothing is created. Their current values are remembered, and destroy restores them.`, rc, set);
    }
    case 'update': {
      const diffs = settingDiffs(rc);
      const released = diffs.filter((d) => d.after.kind === 'null').map((d) => code(d.name));
      const changed = diffs.filter((d) => d.after.kind !== 'null');
      const parts = [changed.length > 0 ? `Changes ${whose(rc, 'after')}: ${listed(changed)}.` : `Updates ${whose(rc, 'after')}.`];
      if (released.length > 0) parts.push(`No longer managed, so restored to the value they had before Terraform: ${released.join(', ')}.`);
      return withConsequences(parts.join(' '), rc, changed);
    }
    case 'replace':
      return withConsequences(`Restores ${whose(rc, 'before')} to their remembered values, then takes over ${whose(rc, 'after')}; nothing is deleted.`, rc, settingDiffs(rc));
    case 'delete':
      return `Restores ${whose(rc, 'before')} to the values they had before Terraform managed them (an imported resource restores nothing); nothing is deleted.`;
    case 'forget':
      return `Stops managing ${whose(rc, 'before')}; the settings stay as they are.`;
    default:
      return '';
  }
}
