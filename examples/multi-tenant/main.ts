/**
 * Multi-tenant: three S3 tenants from the typed list in `tenants.ts`, each built with one
 * `S3Tenant` (a user with a minted password, its S3 key, buckets it owns under one tenant
 * directory, a directory quota), in two stacks with their own state, as a platform team splits what
 * changes often from what changes rarely.
 *
 * - `tenants`: the tenants. A tenant in a zone of its own also gets the zone (`AccessZone`), a group
 *   holding its user (`UserGroup`) and the zone's S3 settings (`powerscale_s3_zone_settings`). Outputs map each tenant's user to its access id, its secret
 *   name and its bucket names.
 * - `cluster-settings`: the cluster's identity record (GUID, name, OneFS version) and the S3
 *   service's cluster-wide settings (HTTPS only); a change to tenants never plans anything here.
 *
 * Run it with `npx cdktn synth` in this directory (its own cdktf.json; cdktn-cli needs Node 22.19 or
 * newer), or preview both stacks for a pull request with `npx cdktf-powerscale preview`. On CDKTF
 * 0.21, import from 'cdktf' and 'cdktf-powerscale/constructs' instead (see ../quickstart/main.ts).
 * Each stack keeps its state in `terraform.<stack>.tfstate` (in the directory of context `stateFile`
 * when that is set).
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessZone, LocalUser, PowerScaleCluster, S3Tenant, Size, TfPowerscaleS3GlobalSettings, TfPowerscaleS3ZoneSettings, UserGroup, type IPowerScaleCluster } from 'cdktf-powerscale/cdktn';
import { loadClusterProps, stateFilePath } from '../shared/cluster-config';
import { tenantsFor, type Tenant } from './tenants';

const CLUSTER_JSON = fileURLToPath(new URL('cluster.json', import.meta.url));

/** One state file per stack, side by side: two stacks must never share one. */
function stackStateFile(scope: Construct, stack: string): string {
  return join(dirname(stateFilePath(scope, stack)), `terraform.${stack}.tfstate`);
}

/**
 * One tenant; in a zone of its own, with the zone, a group holding its user and the zone's S3
 * settings (destroying them puts back the values the zone had).
 */
function tenantOf(scope: Construct, cluster: IPowerScaleCluster, tenant: Tenant): S3Tenant {
  const common = {
    cluster,
    buckets: tenant.buckets.map((b) => ({ name: b.name, objectAclPolicy: b.objectAclPolicy })),
    quota: { hardBytes: Size.gibibytes(tenant.quotaGiB), advisoryPercent: tenant.advisoryPercent },
    keyRotation: { triggers: { rotated_on: tenant.rotatedOn }, graceMinutes: tenant.graceMinutes },
    secretName: `s3-${tenant.zone.toLowerCase()}-${tenant.user}`,
  };
  if (tenant.zone === 'System') return new S3Tenant(scope, tenant.user, { ...common, zone: 'System', user: tenant.user });
  const zone = new AccessZone(scope, `${tenant.user}-zone`, { cluster, name: tenant.zone, path: `/ifs/${tenant.zone}`, createPath: true });
  const user = new LocalUser(scope, `${tenant.user}-user`, { cluster, name: tenant.user, zone: zone.name });
  if (tenant.group !== undefined) new UserGroup(scope, `${tenant.user}-group`, { cluster, name: tenant.group, zone, users: [user] });
  // New buckets of the zone refuse object ACL changes unless a bucket says otherwise.
  new TfPowerscaleS3ZoneSettings(scope, `${tenant.user}-s3-settings`, { provider: cluster.provider, dependsOn: [cluster.clusterResource], zone: zone.name, objectAclPolicy: 'deny', baseDomain: tenant.baseDomain });
  return new S3Tenant(scope, tenant.user, { ...common, zone, user });
}

class TenantsStack extends TerraformStack {
  constructor(scope: Construct, id: string, tenantList: readonly Tenant[]) {
    super(scope, id);
    new LocalBackend(this, { path: stackStateFile(this, id) });
    const cluster = new PowerScaleCluster(this, 'Cluster', loadClusterProps(this, CLUSTER_JSON));

    const accessIds: Record<string, string> = {};
    const secretNames: Record<string, string> = {};
    const bucketNames: Record<string, string[]> = {};
    for (const tenant of tenantList) {
      const made = tenantOf(this, cluster, tenant);
      accessIds[tenant.user] = made.accessId;
      secretNames[tenant.user] = made.secretName;
      bucketNames[tenant.user] = made.bucketNames;
    }
    new TerraformOutput(this, 'access_ids', { value: accessIds });
    new TerraformOutput(this, 'secret_names', { value: secretNames });
    new TerraformOutput(this, 'bucket_names', { value: bucketNames });
  }
}

class ClusterSettingsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: stackStateFile(this, id) });
    const cluster = new PowerScaleCluster(this, 'Cluster', loadClusterProps(this, CLUSTER_JSON));
    // The S3 service answers HTTPS only; destroying this stack puts back what the cluster had.
    new TfPowerscaleS3GlobalSettings(this, 'S3', { provider: cluster.provider, dependsOn: [cluster.clusterResource], httpsOnly: true });
    new TerraformOutput(this, 'cluster_guid', { value: cluster.guid });
    new TerraformOutput(this, 'onefs_version', { value: cluster.onefsVersion });
  }
}

const app = new App();
new TenantsStack(app, 'tenants', tenantsFor(app));
new ClusterSettingsStack(app, 'cluster-settings');
app.synth();
