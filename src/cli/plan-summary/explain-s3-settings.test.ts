import { describe, expect, it } from 'vitest';
import { explain } from './explain';
import type { ResourceChange } from './plan-document';

function change(type: string, actions: ResourceChange['actions'], before: Record<string, unknown> | null, after: Record<string, unknown> | null): ResourceChange {
  return {
    address: `${type}.s`,
    mode: 'managed',
    type,
    name: 's',
    actions,
    before,
    after,
    afterUnknown: {},
    beforeSensitive: before === null ? false : {},
    afterSensitive: after === null ? false : {},
    replacePaths: [],
  };
}

const zone = { id: 'acme', zone: 'acme', base_domain: null, object_acl_policy: 'deny', root_path: null };
const global = { id: 'global', service: null, https_only: null, http_port: null, https_port: 9443 };

describe('explain for S3 settings', () => {
  it('says a create takes over the configured settings and that destroy restores them', () => {
    const text = explain(change('powerscale_s3_zone_settings', ['create'], null, zone));
    expect(text).toBe(
      'Takes over the S3 settings of zone `acme` (`object_acl_policy`); nothing is created. Their current values are remembered, and destroy restores them. For tenants: new buckets of the zone default to the `deny` object ACL policy.',
    );
  });

  it('says a delete restores the remembered values and deletes nothing', () => {
    expect(explain(change('powerscale_s3_zone_settings', ['delete'], zone, null))).toBe(
      'Restores the S3 settings of zone `acme` to the values they had before Terraform managed them (an imported resource restores nothing); nothing is deleted.',
    );
  });

  it('names the settings an update changes and those it stops managing', () => {
    const text = explain(change('powerscale_s3_zone_settings', ['update'], zone, { ...zone, object_acl_policy: null, root_path: '/ifs/acme/s3' }));
    expect(text).toContain('Changes the S3 settings of zone `acme`: `root_path` _null_ → `/ifs/acme/s3`.');
    expect(text).toContain('restored to the value they had before Terraform: `object_acl_policy`');
  });

  it('warns that turning the global service off or requiring HTTPS cuts tenants off', () => {
    const off = explain(change('powerscale_s3_global_settings', ['update'], global, { ...global, service: false, https_only: true }));
    expect(off).toContain('**the S3 service stops for every tenant of the cluster**');
    expect(off).toContain('tenants using plain HTTP are refused');
    expect(explain(change('powerscale_s3_global_settings', ['create'], null, global))).toContain("Takes over the cluster's S3 service settings (`https_port`)");
  });
});
