/**
 * The one Terraform configuration of the acceptance run, in its three phases: `create` (every
 * resource type), `import` (the same, with an import block for every resource `terraform state rm`
 * forgot, and the two S3 settings singletons imported into second addresses) and `update` (a
 * change to every type). All objects are named from the config (./../../scripts/acceptance/config).
 *
 * Why the singletons are imported beside the originals rather than in their place: an imported
 * settings resource remembers nothing, so its destroy restores nothing. The originals keep what
 * their create remembered, and the `.imported` copies (which manage the same values, so the
 * plans stay clean) are dropped again at the update, which changes nothing on the cluster.
 */
import type { AcceptanceConfig, AcceptanceNames } from '../../scripts/acceptance/config';
import { REQUIRED_PROVIDERS } from '../helpers/terraform';

/** Which configuration to write. */
export type Phase = 'create' | 'import' | 'update';

/** The addresses `terraform state rm` forgets before the import phase (the singletons stay). */
export const REIMPORTED = ['powerscale_accesszone.this', 'powerscale_user.this', 'powerscale_user_group.this', 'powerscale_s3_key.this', 'powerscale_s3_bucket.this', 'powerscale_quota.this'] as const;

/**
 * Types whose import may plan one in-place update, and why: values a create sends or keeps in
 * state that the cluster does not store, so an import reads them as null.
 */
export const SETTLES_AFTER_IMPORT: Readonly<Record<string, string>> = {
  powerscale_accesszone: 'create_path lives in state only',
  powerscale_s3_bucket: 'create_path lives in state only',
  powerscale_user: 'password_secret_name and password_triggers live in state only (the stored password is adopted)',
  powerscale_s3_key: 'rotation_triggers live in state only: the import records the configured ones without a rotation',
  powerscale_s3_zone_settings: 'an imported singleton manages no setting until an apply names them',
  powerscale_s3_global_settings: 'an imported singleton manages no setting until an apply names them',
};

/** What the configuration needs besides the config file. */
export interface ConfigurationInput {
  readonly config: AcceptanceConfig;
  readonly names: AcceptanceNames;
  /** The secret store block (the config's, or the run's temporary file store). */
  readonly store: Readonly<Record<string, unknown>>;
  /** `https_only` as the cluster had it before the run; undefined: global settings untouched. */
  readonly httpsOnlyBefore: boolean | undefined;
}

const q = (value: unknown) => JSON.stringify(value);

/** The whole `main.tf` of one phase. */
export function acceptanceConfiguration(phase: Phase, input: ConfigurationInput): string {
  const { config, names, store, httpsOnlyBefore } = input;
  const update = phase === 'update';
  const storeHcl = Object.entries(store)
    .map(([k, v]) => `    ${k} = ${q(v)}`)
    .join('\n');
  const blocks = [
    `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint      = ${q(config.endpoint)}
  username      = ${q(config.username)}
  password_file = ${q(config.passwordFile)}
${config.caCertFile === undefined ? '' : `  ca_cert_file  = ${q(config.caCertFile)}\n`}  secret_store {
${storeHcl}
  }
}`,
    `resource "powerscale_accesszone" "this" {
  name        = ${q(names.zone)}
  path        = ${q(names.zonePath)}
  create_path = true
${update ? `  auth_providers = [${q(`lsa-local-provider:${names.zone}`)}, "lsa-file-provider:System"]\n` : ''}}`,
    `resource "powerscale_user" "this" {
  name              = ${q(names.user)}
  zone              = powerscale_accesszone.this.name
  password_triggers = { v = ${q(update ? '2' : '1')} }
${update ? '  gecos             = "tfacc rotated"\n' : ''}}`,
    `resource "powerscale_user_group" "this" {
  name  = ${q(names.group)}
  zone  = powerscale_accesszone.this.name
  users = ${update ? '[powerscale_user.this.name]' : '[]'}
}`,
    // rotation_triggers from the start: the import adopts them without a rotation (an imported
    // key cannot know what its secret was minted for), and the update's change then rotates.
    `resource "powerscale_s3_key" "this" {
  user              = powerscale_user.this.name
  zone              = powerscale_user.this.zone
  rotation_triggers = { v = ${q(update ? '2' : '1')} }
${update ? '  existing_key_expiry_minutes = 5\n' : ''}}`,
    `resource "powerscale_s3_bucket" "this" {
  name        = ${q(names.bucket)}
  zone        = powerscale_accesszone.this.name
  path        = ${q(names.bucketPath)}
  create_path = true
  owner       = powerscale_user.this.name
${update ? '  description       = "tfacc updated"\n  object_acl_policy = "deny"\n' : ''}}`,
    `resource "powerscale_quota" "this" {
  path       = powerscale_s3_bucket.this.path
  thresholds = ${update ? '{ hard = 21474836480 }' : '{ hard = 10737418240, advisory = 5368709120 }'}
}`,
    // The update drops object_acl_policy: the provider puts back the value it remembered.
    ...settings('this', update ? 'use_md5_for_etag = true' : 'object_acl_policy = "deny"'),
  ];
  if (phase === 'import') {
    blocks.push(...settings('imported', 'object_acl_policy = "deny"'));
    for (const address of REIMPORTED) blocks.push(`import {\n  to = ${address}\n  id = ${q(importId(address, names))}\n}`);
    blocks.push(`import {\n  to = powerscale_s3_zone_settings.imported\n  id = ${q(names.zone)}\n}`);
    if (httpsOnlyBefore !== undefined) blocks.push('import {\n  to = powerscale_s3_global_settings.imported\n  id = "global"\n}');
  }
  return `${blocks.join('\n\n')}\n`;

  function settings(name: string, zoneSetting: string): string[] {
    const out = [`resource "powerscale_s3_zone_settings" ${q(name)} {\n  zone = powerscale_accesszone.this.name\n  ${zoneSetting}\n}`];
    // Create and import write the value the cluster has (remembered, nothing changes); the update flips it.
    if (httpsOnlyBefore !== undefined) out.push(`resource "powerscale_s3_global_settings" ${q(name)} {\n  https_only = ${update && name === 'this' ? !httpsOnlyBefore : httpsOnlyBefore}\n}`);
    return out;
  }
}

/** The import id of one of {@link REIMPORTED}. */
export function importId(address: (typeof REIMPORTED)[number], names: AcceptanceNames): string {
  switch (address) {
    case 'powerscale_accesszone.this':
      return names.zone;
    case 'powerscale_user.this':
    case 'powerscale_s3_key.this':
      return `${names.zone}/${names.user}`;
    case 'powerscale_user_group.this':
      return `${names.zone}/${names.group}`;
    case 'powerscale_s3_bucket.this':
      return `${names.zone}/${names.bucket}`;
    case 'powerscale_quota.this':
      return `directory:${names.bucketPath}`;
  }
}
